// Today's request vocabulary on InvokeModel: which family body carries which capability, the
// structured-output fallback (a forced tool) where a family has tools but no JSON mode, and the
// request options InvokeModel sends as headers. Converse carries all of it in its body (converse.ts).

import type { ResponseMeta } from './codec.js';
import { rejectFields } from './conversation.js';
import { isMistralChat } from './mistral.js';
import type { LLMRequest, ModelFamily } from './types.js';

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
