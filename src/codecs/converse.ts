// Converse / ConverseStream, model-agnostic. Sources: Bedrock API reference Converse,
// ConverseStream (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html)
// and the recorded captures in test/fixtures/recorded/converse-stream.

import { isRecord } from './arguments.js';
import { ResponseBuilder } from './builder.js';
import type { ResponseMeta } from './codec.js';
import { toConversation } from './conversation.js';
import { converseMessages, converseToolConfig } from './converse-blocks.js';
import { mergeExtra, put } from './extra.js';
import { baseModelId, detectFamily } from './family.js';
import { invalid } from './invalid.js';
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
  const conversation = toConversation(request);
  const family = familyOf(request, options.modelId);
  const body: Record<string, unknown> = { messages: converseMessages(conversation, true) };
  if (conversation.system !== undefined) body.system = [{ text: conversation.system }];
  const inference: Record<string, unknown> = {};
  put(inference, 'maxTokens', request.maxTokens);
  put(inference, 'temperature', request.temperature);
  put(inference, 'topP', request.topP);
  put(inference, 'stopSequences', request.stopSequences);
  if (Object.keys(inference).length) body.inferenceConfig = inference;
  put(body, 'toolConfig', converseToolConfig(request, 'Converse'));
  const additional: Record<string, unknown> = {};
  if (request.topK !== undefined) {
    if (family === 'anthropic') additional.top_k = request.topK;
    else if (family === 'nova') additional.inferenceConfig = { topK: request.topK };
    else throw invalid(`Converse has no topK field for ${family ?? 'this model'}; pass it in extra.additionalModelRequestFields`);
  }
  if (request.reasoning !== undefined) {
    if (family !== 'anthropic') {
      throw invalid(`Converse has no reasoning budget field for ${family ?? 'this model'}; pass it in extra.additionalModelRequestFields`);
    }
    additional.thinking = { type: 'enabled', budget_tokens: request.reasoning.budgetTokens };
  }
  if (Object.keys(additional).length) body.additionalModelRequestFields = additional;
  return mergeExtra(body, request.extra);
}

function applyUsage(b: ResponseBuilder, usage: unknown): void {
  if (!isRecord(usage)) return;
  b.setUsage({
    input: usage.inputTokens,
    output: usage.outputTokens,
    total: usage.totalTokens,
    // Both spellings occur on the wire (Converse `cacheReadInputTokens`, Nova `...TokenCount`).
    cacheRead: usage.cacheReadInputTokens ?? usage.cacheReadInputTokenCount,
    cacheWrite: usage.cacheWriteInputTokens ?? usage.cacheWriteInputTokenCount,
  });
}

/** Content blocks of a whole Converse (or Nova) message into the builder. */
export function addConverseMessage(b: ResponseBuilder, message: unknown): void {
  if (!isRecord(message) || !Array.isArray(message.content)) return;
  for (const block of message.content) {
    if (!isRecord(block)) continue;
    if (typeof block.text === 'string') b.addText(block.text);
    else if (isRecord(block.toolUse)) {
      const t = block.toolUse;
      b.addToolCall(String(t.toolUseId ?? ''), String(t.name ?? ''), t.input);
    } else if (isRecord(block.reasoningContent)) {
      const r = block.reasoningContent.reasoningText;
      if (isRecord(r)) b.addReasoning(String(r.text ?? ''), undefined, typeof r.signature === 'string' ? r.signature : undefined);
    }
  }
}

/** A whole Converse response (`output.message`, `stopReason`, `usage`, `metrics`). */
export function decodeConverseResponse(body: unknown, meta: ResponseMeta): LLMResponse {
  if (!isRecord(body)) throw invalid('Converse response body is not an object');
  const b = new ResponseBuilder(meta);
  if (isRecord(body.output)) addConverseMessage(b, body.output.message);
  b.setFinish(typeof body.stopReason === 'string' ? body.stopReason : undefined);
  applyUsage(b, body.usage);
  if (isRecord(body.metrics)) b.setMetrics({ latencyMs: body.metrics.latencyMs });
  return b.build();
}

export interface ConverseStreamDecoder {
  push(eventType: string, data: unknown): StreamChunk[];
  finish(): StreamChunk[];
}

/** Applies one ConverseStream event; shared with Nova, whose chunks are the same objects. */
export function applyConverseEvent(b: ResponseBuilder, eventType: string, data: unknown, out: StreamChunk[]): void {
  if (!isRecord(data)) return;
  const index = typeof data.contentBlockIndex === 'number' ? data.contentBlockIndex : 0;
  switch (eventType) {
    case 'contentBlockStart': {
      const start = isRecord(data.start) ? data.start : {};
      if (isRecord(start.toolUse)) b.startTool(index, String(start.toolUse.toolUseId ?? ''), String(start.toolUse.name ?? ''), out);
      break;
    }
    case 'contentBlockDelta': {
      const delta = isRecord(data.delta) ? data.delta : {};
      if (typeof delta.text === 'string') b.addText(delta.text, out);
      else if (isRecord(delta.toolUse)) b.addToolArguments(index, String(delta.toolUse.input ?? ''), out);
      else if (isRecord(delta.reasoningContent)) {
        const r = delta.reasoningContent;
        b.addReasoning(typeof r.text === 'string' ? r.text : '', out, typeof r.signature === 'string' ? r.signature : undefined);
      }
      break;
    }
    case 'contentBlockStop':
      b.endTool(index, out);
      break;
    case 'messageStop':
      b.setFinish(typeof data.stopReason === 'string' ? data.stopReason : undefined);
      break;
    case 'metadata':
      applyUsage(b, data.usage);
      if (isRecord(data.metrics)) b.setMetrics({ latencyMs: data.metrics.latencyMs });
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
