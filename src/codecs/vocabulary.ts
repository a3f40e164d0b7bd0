// Today's request vocabulary on InvokeModel: which family body carries which capability, the
// structured-output fallback (a forced tool) where a family has tools but no JSON mode, and the
// request options InvokeModel sends as headers. Converse carries all of it in its body (converse.ts).

import { ANTHROPIC_DOCUMENT_FORMATS } from './anthropic.js';
import { isLegacyAnthropic } from './anthropic-text.js';
import type { ResponseMeta } from './codec.js';
import { rejectFields } from './conversation.js';
import { isMistralChat } from './mistral.js';
import { isS3 } from './converse-blocks.js';
import type { ContentPart, DocumentPart, JsonPart, LLMRequest, ModelFamily } from './types.js';

/** How a family's InvokeModel body answers `responseFormat`: its own JSON mode, a forced tool, or not at all. */
const JSON_MODE: Partial<Record<ModelFamily, 'native' | 'tool'>> = { anthropic: 'native', 'gpt-oss': 'native', nova: 'tool' };

/** Families whose InvokeModel body takes cache points. */
const CACHES: ModelFamily[] = ['anthropic', 'nova'];

/** The name of the forced tool that carries a structured answer when the family has no JSON mode. */
export const JSON_TOOL = 'json_response';

/**
 * The request as the family's InvokeModel body can carry it, and what the decoder must know. Fields
 * the family has no place for are a `ValidationError` naming them (use Converse, or `extra`).
 */
export function forInvoke(request: LLMRequest, family: ModelFamily, modelId: string): { request: LLMRequest; json?: ResponseMeta['json'] } {
  const hint = 'use Converse (api: "converse")';
  if (!CACHES.includes(family)) rejectFields(request, family, ['cache'], hint);
  if (family !== 'anthropic') rejectFields(request, family, ['anthropicBeta'], hint);
  const format = request.responseFormat;
  if (!format) return { request };
  const mode = family === 'mistral' && isMistralChat(modelId) ? undefined : JSON_MODE[family];
  if (!mode) rejectFields(request, family, ['responseFormat'], hint);
  if (mode === 'native') return { request, json: true };
  // The documented fallback: one more tool whose arguments are the answer, and the model made to call it.
  const name = format.name ?? JSON_TOOL;
  const tool = { name, description: format.description ?? 'Answer with JSON of this schema.', inputSchema: format.schema };
  const { responseFormat: _, ...rest } = request;
  return { request: { ...rest, tools: [...(request.tools ?? []), tool], toolChoice: { name } }, json: { tool: name } };
}

/** InvokeModel request options sent as `x-amzn-bedrock-*` headers (guardrail, trace, tier, latency). */
export function invokeOptions(request: LLMRequest): Record<string, string> {
  const out: Record<string, string> = {};
  const g = request.guardrail;
  if (g) {
    out.guardrailIdentifier = g.id;
    out.guardrailVersion = g.version;
    if (g.trace) out.trace = g.trace.toUpperCase();
  }
  if (request.serviceTier) out.serviceTier = request.serviceTier;
  if (request.latency) out.performanceConfigLatency = request.latency;
  return out;
}

/** Every document part of the request, tool results included. */
function documentsOf(request: LLMRequest): DocumentPart[] {
  const out: DocumentPart[] = [];
  const walk = (parts: ReadonlyArray<ContentPart | JsonPart>) => {
    for (const p of parts) {
      if (p.type === 'document') out.push(p);
      else if (p.type === 'tool-result' && Array.isArray(p.content)) walk(p.content);
    }
  };
  for (const m of request.messages) if (typeof m.content !== 'string') walk(m.content);
  return out;
}

/**
 * The family's InvokeModel body can carry every document of the request (true without documents):
 * Nova's body takes every format, bytes or S3; Anthropic's Messages body PDFs and plain text (txt,
 * md) as bytes; no other body (nor Claude's legacy text completions) has a document field. The
 * provider sends the others through Converse, whose document blocks take every format.
 */
export function invokeCarriesDocuments(request: LLMRequest, family: ModelFamily, modelId: string): boolean {
  const docs = documentsOf(request);
  if (!docs.length || family === 'nova') return true;
  if (family !== 'anthropic' || isLegacyAnthropic(modelId)) return false;
  return docs.every((d) => ANTHROPIC_DOCUMENT_FORMATS.has(d.format) && !isS3(d.data));
}
