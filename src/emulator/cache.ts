// Prompt caching as the recordings show it: the prefix up to the last cache point is written on the
// first request that carries it and read by the next ones with the same prefix (per emulator, per
// model); the counts appear in Converse `usage` (four fields, plus `cacheDetails` on a write),
// Anthropic `usage` (`cache_creation_input_tokens`, `cache_read_input_tokens`, `cache_creation`),
// `amazon-bedrock-invocationMetrics` and the `x-amzn-bedrock-cache-*` headers. Which answers carry
// them at all is the recorded rule: Claude 3.7 and later always, Nova InvokeModel always, Nova
// Converse only when the request has a cache point; older Claude and other families never.
import type { CatalogModel } from './catalog.js';
import { countWords } from './prompt.js';
import type { Operation } from './types.js';

export interface CacheUsage {
  read: number;
  write: number;
  /** TTL of the written prefix (`5m` unless the cache point says `1h`). */
  ttl: string;
  /** Converse answers list the write per TTL (`cacheDetails`): recorded for Claude, not for Nova. */
  details: boolean;
}

/** The prefixes already written, per emulator. Bounded: the oldest are forgotten first. */
export class PromptCache {
  private readonly seen = new Map<string, number>();
  constructor(private readonly limit = 1000) {}

  /** Read when the prefix was written before, otherwise written now. */
  use(key: string, tokens: number): { read: number; write: number } {
    if (this.seen.has(key)) return { read: tokens, write: 0 };
    this.seen.set(key, tokens);
    if (this.seen.size > this.limit) this.seen.delete(this.seen.keys().next().value as string);
    return { read: 0, write: tokens };
  }
}

/** The cache counts this answer carries, or undefined when Bedrock's answer for this model has none. */
export function cacheUsage(cache: PromptCache, model: CatalogModel | undefined, operation: Operation, body: Record<string, unknown>): CacheUsage | undefined {
  if (!model || operation === 'count-tokens') return undefined;
  const converse = operation === 'converse' || operation === 'converse-stream';
  const text = JSON.stringify(body);
  const marker = model.kind === 'anthropic' && !converse ? '"cache_control"' : '"cachePoint"';
  const at = text.lastIndexOf(marker);
  const reports =
    (model.kind === 'anthropic' && model.reasoning) || (model.kind === 'nova' && (!converse || at >= 0));
  if (!reports) return undefined;
  const details = model.kind === 'anthropic';
  if (at < 0) return { read: 0, write: 0, ttl: '5m', details };
  const prefix = text.slice(0, at);
  const ttl = /"ttl"\s*:\s*"1h"/.test(text.slice(at, at + 120)) ? '1h' : '5m';
  return { ...cache.use(`${model.id}\u0000${prefix}`, Math.max(1, countWords(prefix))), ttl, details };
}
