// Converse / ConverseStream, model-agnostic. Sources: Bedrock API reference Converse,
// ConverseStream (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html)
// and the recorded captures in test/fixtures/recorded/converse-stream.

import { ResponseBuilder } from './builder.js';
import type { ResponseMeta, StreamDecoder } from './codec.js';
import { converseFields } from './converse-blocks.js';
import { mergeExtra, put } from './extra.js';
import { baseModelId, detectFamily } from './family.js';
import { invalid } from './invalid.js';
import { asText, isRecord, list, record, str } from './json.js';
import type { Citation, LLMRequest, LLMResponse, ModelFamily, StreamChunk } from './types.js';

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
 * The Converse body (without `modelId`, which goes in the path). `topK` and reasoning are not
 * Converse fields: they go in `additionalModelRequestFields` in the model's own shape (Anthropic
 * `top_k` / `thinking` / `output_config.effort`, Nova `inferenceConfig.topK` / `reasoningConfig`,
 * others `reasoning_effort`); where the shape is not known they are a `ValidationError` — pass them
 * through `extra` instead. `stream`: ConverseStream (the guardrail's `streamProcessingMode`).
 */
export function encodeConverseRequest(request: LLMRequest, options: { modelId: string; stream?: boolean }): Record<string, unknown> {
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
  const reasoning = request.reasoning;
  if (reasoning !== undefined) {
    const { budgetTokens, effort } = reasoning;
    if (family === 'anthropic') {
      // A budget is classic extended thinking; without one, adaptive thinking (Claude 4.6 and later) with an effort.
      additional.thinking = budgetTokens !== undefined ? { type: 'enabled', budget_tokens: budgetTokens } : { type: 'adaptive' };
      if (effort !== undefined) additional.output_config = { effort };
    } else if (budgetTokens !== undefined) throw noField('reasoning budget');
    else if (effort === undefined) throw invalid('request.reasoning: give budgetTokens (Anthropic) or effort');
    else if (family === 'nova') additional.reasoningConfig = { type: 'enabled', maxReasoningEffort: effort };
    else additional.reasoning_effort = effort;
  }
  if (request.anthropicBeta !== undefined) {
    if (family !== undefined && family !== 'anthropic') throw noField('anthropicBeta');
    additional.anthropic_beta = request.anthropicBeta;
  }
  if (Object.keys(additional).length) body.additionalModelRequestFields = additional;
  const format = request.responseFormat;
  if (format) {
    // The schema travels as JSON text (AWS user guide, "Get validated JSON results from models").
    const jsonSchema: Record<string, unknown> = { schema: JSON.stringify(format.schema), name: format.name ?? 'response' };
    put(jsonSchema, 'description', format.description);
    body.outputConfig = { textFormat: { type: 'json_schema', structure: { jsonSchema } } };
  }
  const g = request.guardrail;
  if (g) {
    const config: Record<string, unknown> = { guardrailIdentifier: g.id, guardrailVersion: g.version };
    put(config, 'trace', g.trace);
    if (options.stream) put(config, 'streamProcessingMode', g.streamProcessing);
    body.guardrailConfig = config;
  }
  if (request.latency) body.performanceConfig = { latency: request.latency };
  if (request.serviceTier) body.serviceTier = { type: request.serviceTier };
  return mergeExtra(body, request.extra);
}

/** A Converse citation (`title`, `source`, `sourceContent[].text`, `location.<kind>`) in the unified shape. */
export function converseCitation(c: Record<string, unknown>): Citation {
  const citation: Citation = {};
  const quote = list(c.sourceContent).map((s) => str(record(s).text) ?? '').join('');
  if (quote) citation.quote = quote;
  put(citation, 'title', str(c.title));
  put(citation, 'source', str(c.source));
  const location = record(c.location);
  for (const [kind, unit] of [['documentChar', 'char'], ['documentPage', 'page'], ['documentChunk', 'chunk']] as const) {
    const l = location[kind];
    if (!isRecord(l)) continue;
    put(citation, 'documentIndex', typeof l.documentIndex === 'number' ? l.documentIndex : undefined);
    if (typeof l.start === 'number' && typeof l.end === 'number') citation.span = { unit, start: l.start, end: l.end };
  }
  const web = record(location.web);
  put(citation, 'source', str(web.url));
  put(citation, 'title', str(web.domain));
  return citation;
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
    const { text, toolUse, reasoningContent, citationsContent } = record(block);
    if (typeof text === 'string') b.addText(text);
    else if (isRecord(toolUse)) b.addToolCall(asText(toolUse.toolUseId), asText(toolUse.name), toolUse.input);
    else if (isRecord(citationsContent)) {
      // A cited answer: its text is in `content`, its sources in `citations`.
      for (const c of list(citationsContent.content)) b.addText(record(c).text);
      for (const c of list(citationsContent.citations)) b.addCitation(converseCitation(record(c)));
    } else if (isRecord(reasoningContent)) {
      const r = record(reasoningContent.reasoningText);
      if (reasoningContent.redactedContent !== undefined) b.addRedactedReasoning(reasoningContent.redactedContent);
      else b.addReasoning(str(r.text) ?? '', undefined, str(r.signature));
    }
    b.endBlock();
  }
  b.setFinish(body.stopReason);
  applyUsage(b, body.usage);
  if (body.trace !== undefined) b.addGuardrail(body.trace, undefined);
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
  partial: StreamDecoder['partial'];
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
      const { text, toolUse, reasoningContent, citation } = record(data.delta);
      if (typeof text === 'string') b.addText(text, out);
      else if (isRecord(toolUse)) b.addToolArguments(index, toolUse.input, out);
      else if (isRecord(reasoningContent)) {
        if (reasoningContent.redactedContent !== undefined) b.addRedactedReasoning(reasoningContent.redactedContent, out);
        else b.addReasoning(str(reasoningContent.text) ?? '', out, str(reasoningContent.signature));
      } else if (isRecord(citation)) b.addCitation(converseCitation(citation), out);
      break;
    }
    case 'contentBlockStop':
      b.endTool(index, out);
      b.endBlock();
      break;
    case 'messageStop':
      b.setFinish(data.stopReason);
      break;
    case 'metadata':
      applyUsage(b, data.usage);
      if (data.trace !== undefined) b.addGuardrail(data.trace, undefined);
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
    partial: () => b.partial(),
  };
}
