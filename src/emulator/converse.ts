import type { CacheUsage } from './cache.js';
import { replyText, type Reply } from './reply.js';
import { randomId } from './rng.js';

/** One ConverseStream event: its `:event-type` and its JSON (before padding). */
export interface ConverseEvent {
  type: 'messageStart' | 'contentBlockStart' | 'contentBlockDelta' | 'contentBlockStop' | 'messageStop' | 'metadata';
  data: Record<string, unknown>;
}

const stopReason = (r: Reply) =>
  r.stop === 'tool' ? 'tool_use' : r.stop === 'length' ? 'max_tokens' : r.stop === 'guardrail' ? 'guardrail_intervened' : 'end_turn';

const toolIds = new WeakMap<Reply, string>();
function toolUseId(r: Reply): string {
  let id = toolIds.get(r);
  if (!id) toolIds.set(r, (id = 'tooluse_' + randomId(r.rng, 22)));
  return id;
}

// `serverToolUsage` is in every recent recorded answer (an empty object when no server tool ran).
const usage = (r: Reply) => ({
  inputTokens: r.inputTokens,
  outputTokens: r.outputTokens,
  totalTokens: r.inputTokens + r.outputTokens,
  serverToolUsage: {},
  ...(r.cache ? converseCache(r.cache) : {}),
});

/** Converse's cache counts: each under two names (both recorded), and the write per TTL for Claude. */
function converseCache(c: CacheUsage): Record<string, unknown> {
  return {
    cacheReadInputTokenCount: c.read,
    cacheReadInputTokens: c.read,
    cacheWriteInputTokenCount: c.write,
    cacheWriteInputTokens: c.write,
    ...(c.details && c.write > 0 ? { cacheDetails: [{ inputTokens: c.write, ttl: c.ttl }] } : {}),
  };
}

/** A Converse citation of the document the request asked citations of. */
const citation = (c: NonNullable<Reply['cite']>) => ({
  title: c.title,
  sourceContent: [{ text: c.quote }],
  location: { documentChar: { documentIndex: c.index, start: 0, end: c.quote.length } },
});

/** The Converse response body (model-agnostic). */
export function converseBody(r: Reply): Record<string, unknown> {
  const content: Record<string, unknown>[] = [];
  if (r.reasoning) content.push({ reasoningContent: { reasoningText: { text: r.reasoning.join(''), signature: r.signature } } });
  if (r.redacted) content.push({ reasoningContent: { redactedContent: r.redacted } });
  // A cited answer comes as citationsContent: the text inside, its sources beside it.
  if (r.cite) content.push({ citationsContent: { content: [{ text: replyText(r) }], citations: [citation(r.cite)] } });
  else content.push({ text: replyText(r) });
  if (r.tool) content.push({ toolUse: { input: r.tool.input, name: r.tool.name, toolUseId: toolUseId(r) } });
  const body: Record<string, unknown> = {
    metrics: { latencyMs: r.invocationLatency },
    output: { message: { content, role: 'assistant' } },
    stopReason: stopReason(r),
    usage: usage(r),
    ...r.echo,
  };
  return body;
}

/** What a Converse answer repeats from its request (recorded: `performanceConfig`, `serviceTier`). */
export function converseEcho(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ['performanceConfig', 'serviceTier']) if (body[key] !== undefined) out[key] = body[key];
  return out;
}

/** The ConverseStream events, as the captures show them (reasoning, text, then tool use). */
export function* converseEvents(r: Reply): Generator<ConverseEvent> {
  yield { type: 'messageStart', data: { role: 'assistant' } };
  let index = 0;
  if (r.reasoning) {
    for (const t of r.reasoning) yield delta(index, { reasoningContent: { text: t } });
    yield delta(index, { reasoningContent: { signature: r.signature } });
    yield { type: 'contentBlockStop', data: { contentBlockIndex: index } };
    index++;
  }
  if (r.redacted) {
    yield delta(index, { reasoningContent: { redactedContent: r.redacted } });
    yield { type: 'contentBlockStop', data: { contentBlockIndex: index } };
    index++;
  }
  for (const t of r.text()) yield delta(index, { text: t });
  if (r.cite) yield delta(index, { citation: citation(r.cite) });
  yield { type: 'contentBlockStop', data: { contentBlockIndex: index } };
  if (r.tool) {
    index++;
    yield { type: 'contentBlockStart', data: { contentBlockIndex: index, start: { toolUse: { name: r.tool.name, toolUseId: toolUseId(r) } } } };
    for (const p of r.tool.pieces) yield delta(index, { toolUse: { input: p } });
    yield { type: 'contentBlockStop', data: { contentBlockIndex: index } };
  }
  yield { type: 'messageStop', data: { stopReason: stopReason(r) } };
  yield { type: 'metadata', data: { metrics: { latencyMs: r.invocationLatency }, usage: usage(r), ...r.echo } };
}

function delta(contentBlockIndex: number, d: Record<string, unknown>): ConverseEvent {
  return { type: 'contentBlockDelta', data: { contentBlockIndex, delta: d } };
}
