// Converse / ConverseStream, model-agnostic. Sources: Bedrock API reference Converse,
// ConverseStream (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html)
// and the recorded captures in test/fixtures/recorded/converse-stream.

import { ResponseBuilder } from './builder.js';
import type { ResponseMeta } from './codec.js';
import { converseFields } from './converse-blocks.js';
import { mergeExtra } from './extra.js';
import { baseModelId, detectFamily } from './family.js';
import { invalid } from './invalid.js';
import { asText, isRecord, list, record, str } from './json.js';
import type { LLMRequest, LLMResponse, ModelFamily, StreamChunk } from './types.js';

/** The family when it can be told (for the few fields Converse leaves to the model), else undefined. */
function familyOf(request: LLMRequest, modelId: string): ModelFamily | undefined {
  if (request.family) return request.family;
  if (baseModelId(modelId) === undefined) return undefined;
  try {
    return detectFamily(modelId);
  } catch {
    return undefined;
  }
}

/**
 * The Converse body (without `modelId`, which goes in the path). `topK` and the reasoning budget
 * are not Converse fields: they go in `additionalModelRequestFields` in the model's own shape
 * (Anthropic `top_k` / `thinking`, Nova `inferenceConfig.topK`); for other models, or when the
 * family cannot be told, they are a `ValidationError` — pass them through `extra` instead.
 */
export function encodeConverseRequest(request: LLMRequest, options: { modelId: string }): Record<string, unknown> {
  const body = converseFields(request, false);
  const family = familyOf(request, options.modelId);
  const noField = (what: string) =>
    invalid(`Converse has no ${what} field for ${family ?? 'this model'}; pass it in extra.additionalModelRequestFields`);
  const additional: Record<string, unknown> = {};
  if (request.topK !== undefined) {
    if (family === 'anthropic') additional.top_k = request.topK;
    else if (family === 'nova') additional.inferenceConfig = { topK: request.topK };
    else throw noField('topK');
  }
  if (request.reasoning !== undefined) {
    if (family !== 'anthropic') throw noField('reasoning budget');
    additional.thinking = { type: 'enabled', budget_tokens: request.reasoning.budgetTokens };
  }
  if (Object.keys(additional).length) body.additionalModelRequestFields = additional;
  return mergeExtra(body, request.extra);
}

function applyUsage(b: ResponseBuilder, usage: unknown): void {
  const u = record(usage);
  b.setUsage({
    input: u.inputTokens,
    output: u.outputTokens,
    total: u.totalTokens,
    // Both spellings occur on the wire (Converse `cacheReadInputTokens`, Nova `...TokenCount`).
    cacheRead: u.cacheReadInputTokens ?? u.cacheReadInputTokenCount,
    cacheWrite: u.cacheWriteInputTokens ?? u.cacheWriteInputTokenCount,
  });
}

/**
 * The whole message, stop reason and usage of a Converse response (Nova's InvokeModel body has
 * the same fields).
 */
export function applyConverseBody(b: ResponseBuilder, body: Record<string, unknown>): void {
  for (const block of list(record(record(body.output).message).content)) {
    const { text, toolUse, reasoningContent } = record(block);
    if (typeof text === 'string') b.addText(text);
    else if (isRecord(toolUse)) b.addToolCall(asText(toolUse.toolUseId), asText(toolUse.name), toolUse.input);
    else {
      const r = record(record(reasoningContent).reasoningText);
      b.addReasoning(str(r.text) ?? '', undefined, str(r.signature));
    }
  }
  b.setFinish(body.stopReason);
  applyUsage(b, body.usage);
}

/** A whole Converse response (`output.message`, `stopReason`, `usage`, `metrics`). */
export function decodeConverseResponse(body: unknown, meta: ResponseMeta): LLMResponse {
  if (!isRecord(body)) throw invalid('Converse response body is not an object');
  const b = new ResponseBuilder(meta);
  applyConverseBody(b, body);
  b.setMetrics({ latencyMs: record(body.metrics).latencyMs });
  return b.build();
}

export interface ConverseStreamDecoder {
  push(eventType: string, data: unknown): StreamChunk[];
  finish(): StreamChunk[];
}

/** Applies one ConverseStream event; shared with Nova, whose chunks are the same objects. */
export function applyConverseEvent(b: ResponseBuilder, eventType: string, data: unknown, out?: StreamChunk[]): void {
  if (!isRecord(data)) return;
  const index = typeof data.contentBlockIndex === 'number' ? data.contentBlockIndex : 0;
  switch (eventType) {
    case 'contentBlockStart': {
      const toolUse = record(data.start).toolUse;
      if (isRecord(toolUse)) b.startTool(index, asText(toolUse.toolUseId), asText(toolUse.name), out);
      break;
    }
    case 'contentBlockDelta': {
      const { text, toolUse, reasoningContent } = record(data.delta);
      if (typeof text === 'string') b.addText(text, out);
      else if (isRecord(toolUse)) b.addToolArguments(index, toolUse.input, out);
      else if (isRecord(reasoningContent)) {
        b.addReasoning(str(reasoningContent.text) ?? '', out, str(reasoningContent.signature));
      }
      break;
    }
    case 'contentBlockStop':
      b.endTool(index, out);
      break;
    case 'messageStop':
      b.setFinish(data.stopReason);
      break;
    case 'metadata':
      applyUsage(b, data.usage);
      b.setMetrics({ latencyMs: record(data.metrics).latencyMs });
      break;
    // messageStart carries only the role.
  }
}

/** Decoder of ConverseStream events: `:event-type` header and the JSON payload. */
export function createConverseStreamDecoder(meta: ResponseMeta): ConverseStreamDecoder {
  const b = new ResponseBuilder(meta);
  return {
    push(eventType, data) {
      const out: StreamChunk[] = [];
      applyConverseEvent(b, eventType, data, out);
      return out;
    },
    finish: () => b.finish(),
  };
}
