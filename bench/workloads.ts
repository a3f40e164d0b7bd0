// Shared, deterministic workloads for benchmarks and tests: event-stream bodies shaped like what
// Bedrock really sends (same headers, same `p` padding alphabet and lengths, same JSON layout as
// the captures in test/fixtures/recorded/), generated from a seed so every run sees the same bytes.
import { encodeEventStreamMessage } from '../src/eventstream/index.js';
import type { HeaderValue } from '../src/eventstream/index.js';
import { createRng } from '../src/emulator/rng.js';

/** mulberry32, the emulator's own seeded PRNG: the same workloads for the same seed. */
export const prng: (seed: number) => () => number = createRng;

// Bedrock pads every payload with `"p"`: a prefix of this alphabet, of random length.
const PAD = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const WORDS = ['the', ' capital', ' of', ' France', ' is', ' Paris', '.', ' It', ' has', ' been', ' a', ' centre', ' for',
  ' art', ',', ' science', ' and', ' politics', ' since', ' the', ' Middle', ' Ages', '\n\n', ' "quoted"', ' café', ' 東京', ' ✓'];

function pad(rand: () => number): string {
  return PAD.slice(0, 1 + Math.floor(rand() * PAD.length));
}

function text(rand: () => number): string {
  let s = '';
  const n = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < n; i++) s += WORDS[Math.floor(rand() * WORDS.length)];
  return s;
}

const utf8 = new TextEncoder();

function eventHeaders(eventType: string): Record<string, HeaderValue> {
  return {
    ':event-type': { type: 'string', value: eventType },
    ':content-type': { type: 'string', value: 'application/json' },
    ':message-type': { type: 'string', value: 'event' },
  };
}

// A plain Uint8Array on purpose, not Buffer.concat: tests compare decoded payload views with
// toEqual (a Buffer is not equal to a Uint8Array) and small Buffers share Node's pool.
function concat(parts: Uint8Array[]): Uint8Array {
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** The inner Anthropic Messages events of a streamed text answer with `frames` events in all. */
export function anthropicEvents(frames: number, seed: number): object[] {
  const rand = prng(seed);
  const events: object[] = [
    { type: 'message_start', message: { id: 'msg_bdrk_01GkXmLJSBi1xM5v4LLyE2Uo', type: 'message', role: 'assistant', model: 'claude-sonnet-4-20250514', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 4, output_tokens: 1 } } },
    { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
  ];
  const deltas = Math.max(0, frames - 5);
  for (let i = 0; i < deltas; i++) events.push({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: text(rand) } });
  events.push(
    { type: 'content_block_stop', index: 0 },
    { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: deltas } },
    { type: 'message_stop', 'amazon-bedrock-invocationMetrics': { inputTokenCount: 4, outputTokenCount: deltas, invocationLatency: 1410, firstByteLatency: 406 } },
  );
  return events.slice(0, frames);
}

/**
 * An InvokeModelWithResponseStream body: `frames` `chunk` messages whose payload is
 * `{"bytes":"<base64 of an Anthropic event>","p":"<padding>"}`, as Bedrock sends them.
 */
export function anthropicStreamBody(frames: number, seed = 1): Uint8Array {
  const rand = prng(seed ^ 0x5eed);
  const headers = eventHeaders('chunk');
  const parts = anthropicEvents(frames, seed).map((event) => {
    const bytes = Buffer.from(JSON.stringify(event)).toString('base64');
    const payload = utf8.encode(JSON.stringify({ bytes, p: pad(rand) }));
    return encodeEventStreamMessage({ headers, payload });
  });
  return concat(parts);
}

/** A ConverseStream body: messageStart, `contentBlockDelta`s, contentBlockStop, messageStop, metadata. */
export function converseStreamBody(frames: number, seed = 1): Uint8Array {
  const rand = prng(seed);
  const events: [string, object][] = [['messageStart', { role: 'assistant' }]];
  const deltas = Math.max(0, frames - 4);
  for (let i = 0; i < deltas; i++) events.push(['contentBlockDelta', { contentBlockIndex: 0, delta: { text: text(rand) } }]);
  events.push(
    ['contentBlockStop', { contentBlockIndex: 0 }],
    ['messageStop', { stopReason: 'end_turn' }],
    ['metadata', { usage: { inputTokens: 46, outputTokens: deltas, totalTokens: 46 + deltas }, metrics: { latencyMs: 1093 } }],
  );
  const parts = events.slice(0, frames).map(([type, data]) =>
    encodeEventStreamMessage({ headers: eventHeaders(type), payload: utf8.encode(JSON.stringify({ ...data, p: pad(rand) })) }),
  );
  return concat(parts);
}

/** Views of `body` of `chunkBytes` each (the last may be shorter), as a socket would deliver. */
export function splitInto(body: Uint8Array, chunkBytes: number): Uint8Array[] {
  if (!(chunkBytes >= 1)) throw new RangeError('chunkBytes must be >= 1');
  const out: Uint8Array[] = [];
  for (let p = 0; p < body.length; p += chunkBytes) out.push(body.subarray(p, Math.min(p + chunkBytes, body.length)));
  return out;
}

/** Views of `body` cut at the given offsets (sorted, deduplicated, in range). */
export function splitAt(body: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.filter((c) => c > 0 && c < body.length))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const c of points) {
    out.push(body.subarray(prev, c));
    prev = c;
  }
  out.push(body.subarray(prev));
  return out;
}
