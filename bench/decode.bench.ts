// `npm run bench decode`: event-stream decoding, ours against @smithy/eventstream-codec (what the
// official AWS SDK runs) and against the floor (walking lengths + zlib.crc32, nothing else), all
// measured in this one process on the same bytes. Realistic bodies from bench/workloads.ts, split
// at 1, 16 and 64 KiB. Each case: warmup, then interleaved repetitions; medians reported.
import { Readable } from 'node:stream';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { BedrockRuntimeClient, InvokeModelWithResponseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { HttpResponse } from '@smithy/core/protocols';
import { EventStreamCodec, MessageDecoderStream } from '@smithy/eventstream-codec';
import { fromBase64 } from '@smithy/core/serde';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { crc32Impl, decodeEventStream, EventStreamDecoder } from '../src/eventstream/index.js';
import type { EventStreamMessage } from '../src/eventstream/index.js';
import { anthropicStreamBody, converseStreamBody, splitInto } from './workloads.js';

const WARMUP = 5;
const REPS = 9;
const KiB = 1024;

// ---------------------------------------------------------------------------------------------
// The client's per-chunk work, done our way: the inner model event's JSON text straight out of
// the payload bytes, without JSON.parse of the outer `{"bytes":"...","p":"..."}` and without a
// base64 string: Bedrock writes `{"bytes":"` first, so check that prefix, then decode base64
// from the payload view into a reused scratch buffer until the closing quote, and read it as
// UTF-8. Anything unexpected (another key order, an escaped `\/`, bad base64) takes the general
// path: JSON.parse + Buffer base64.
const B64 = new Int16Array(256).fill(-1);
for (let i = 0; i < 64; i++) B64['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i)] = i;
const PREFIX = Buffer.from('{"bytes":"');
const QUOTE = 0x22;
const EQ = 0x3d;
let scratch = Buffer.allocUnsafe(4096);

function chunkJson(p: Uint8Array): string {
  return chunkJsonFast(p) ?? Buffer.from(JSON.parse(Buffer.from(p.buffer, p.byteOffset, p.byteLength).toString('utf8')).bytes, 'base64').toString('utf8');
}

function chunkJsonFast(p: Uint8Array): string | undefined {
  const n = p.length;
  if (n < PREFIX.length + 1) return undefined;
  for (let i = 0; i < PREFIX.length; i++) if (p[i] !== PREFIX[i]) return undefined;
  if (scratch.length < n) scratch = Buffer.allocUnsafe(n * 2);
  const out = scratch;
  let o = 0;
  let i = PREFIX.length;
  for (; i + 4 <= n; i += 4) {
    const a = B64[p[i]], b = B64[p[i + 1]], c = B64[p[i + 2]], d = B64[p[i + 3]];
    if ((a | b | c | d) < 0) break; // padding, the closing quote, or not base64
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = v >> 16;
    out[o++] = (v >> 8) & 0xff;
    out[o++] = v & 0xff;
  }
  if (i < n && p[i] === QUOTE) return out.toString('utf8', 0, o);
  if (i + 4 >= n) return undefined;
  const a = B64[p[i]], b = B64[p[i + 1]], c = B64[p[i + 2]];
  if ((a | b) < 0 || p[i + 3] !== EQ || p[i + 4] !== QUOTE) return undefined;
  out[o++] = (a << 2) | (b >> 4);
  if (p[i + 2] !== EQ) {
    if (c < 0) return undefined;
    out[o++] = ((b & 0xf) << 4) | (c >> 2);
  }
  return out.toString('utf8', 0, o);
}

// ---------------------------------------------------------------------------------------------
// smithy: a minimal correct splitter that buffers by total_length, as getChunkedStream does
// (one allocation per message, filled from the chunks), then EventStreamCodec.decode per message.
class Splitter {
  private msg: Uint8Array | null = null;
  private fill = 0;
  private len = new Uint8Array(4);
  private lenFill = 0;

  push(chunk: Uint8Array, out: Uint8Array[]): void {
    let p = 0;
    while (p < chunk.length) {
      if (!this.msg) {
        const take = Math.min(4 - this.lenFill, chunk.length - p);
        this.len.set(chunk.subarray(p, p + take), this.lenFill);
        this.lenFill += take;
        p += take;
        if (this.lenFill < 4) return;
        const total = new DataView(this.len.buffer).getUint32(0);
        if (total < 16) throw new Error('message too short');
        this.msg = new Uint8Array(total);
        this.msg.set(this.len);
        this.fill = 4;
        this.lenFill = 0;
      }
      const take = Math.min(this.msg.length - this.fill, chunk.length - p);
      this.msg.set(chunk.subarray(p, p + take), this.fill);
      this.fill += take;
      p += take;
      if (this.fill === this.msg.length) {
        out.push(this.msg);
        this.msg = null;
      }
    }
  }

  end(): void {
    if (this.msg || this.lenFill) throw new Error('Truncated event message received.');
  }
}

async function* splitAsync(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const s = new Splitter();
  const out: Uint8Array[] = [];
  for await (const c of chunks) {
    s.push(c, out);
    for (const m of out) yield m;
    out.length = 0;
  }
  s.end();
}

async function* asAsync(chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const c of chunks) yield c;
}

const codec = new EventStreamCodec(toUtf8, fromUtf8);

// ---------------------------------------------------------------------------------------------
// Cases. Each returns a number derived from all the work (so nothing is optimised away and the
// implementations can be checked against each other): frames, or frames + decoded characters.

type Case = (chunks: Uint8Array[], body: Uint8Array) => number | Promise<number>;

function eventType(m: EventStreamMessage): string | undefined {
  const h = m.headers[':event-type'];
  return h?.type === 'string' ? h.value : undefined;
}

const floor: Case = (_chunks, body) => {
  // The least any decoder must do: read two lengths and checksum prelude and message.
  let frames = 0;
  for (let p = 0; p < body.length; ) {
    const total = ((body[p] << 24) | (body[p + 1] << 16) | (body[p + 2] << 8) | body[p + 3]) >>> 0;
    const pc = zlibCrc32(body.subarray(p, p + 8));
    zlibCrc32(body.subarray(p + 8, p + total - 4), pc);
    p += total;
    frames++;
  }
  return frames;
};

const oursFraming: Case = (chunks) => {
  const d = new EventStreamDecoder();
  let frames = 0;
  for (const c of chunks) frames += d.push(c).length;
  d.end();
  return frames;
};

const oursFramingAsync: Case = async (chunks) => {
  let frames = 0;
  for await (const _ of decodeEventStream(asAsync(chunks))) frames++;
  return frames;
};

const smithyFraming: Case = (chunks) => {
  const s = new Splitter();
  const out: Uint8Array[] = [];
  let frames = 0;
  for (const c of chunks) {
    s.push(c, out);
    for (const m of out) {
      codec.decode(m);
      frames++;
    }
    out.length = 0;
  }
  s.end();
  return frames;
};

const smithyFramingAsync: Case = async (chunks) => {
  let frames = 0;
  for await (const _ of new MessageDecoderStream({ inputStream: splitAsync(asAsync(chunks)), decoder: codec })) frames++;
  return frames;
};

// Framing + what a client does with each frame. Anthropic (InvokeModelWithResponseStream): the
// inner event out of `bytes`. Converse: JSON.parse of the payload. The sum of text lengths makes
// the result comparable across implementations.
function textOf(event: { delta?: { text?: string } }): number {
  return event.delta?.text?.length ?? 0;
}

const oursChunkWork: Case = (chunks) => {
  const d = new EventStreamDecoder();
  let n = 0;
  for (const c of chunks) {
    for (const m of d.push(c)) {
      if (eventType(m) === 'chunk') n += 1 + textOf(JSON.parse(chunkJson(m.payload)));
    }
  }
  d.end();
  return n;
};

const oursChunkWorkAsync: Case = async (chunks) => {
  let n = 0;
  for await (const m of decodeEventStream(asAsync(chunks))) {
    if (eventType(m) === 'chunk') n += 1 + textOf(JSON.parse(chunkJson(m.payload)));
  }
  return n;
};

const smithyChunkWork: Case = (chunks) => {
  // As the official client does: JSON.parse the outer payload, base64-decode `bytes`, then the
  // application parses the inner JSON.
  const s = new Splitter();
  const out: Uint8Array[] = [];
  let n = 0;
  for (const c of chunks) {
    s.push(c, out);
    for (const raw of out) {
      const m = codec.decode(raw);
      if (m.headers[':event-type']?.value === 'chunk') {
        const outer = JSON.parse(toUtf8(m.body));
        n += 1 + textOf(JSON.parse(toUtf8(fromBase64(outer.bytes))));
      }
    }
    out.length = 0;
  }
  s.end();
  return n;
};

const smithyChunkWorkAsync: Case = async (chunks) => {
  let n = 0;
  for await (const m of new MessageDecoderStream({ inputStream: splitAsync(asAsync(chunks)), decoder: codec })) {
    if (m.headers[':event-type']?.value === 'chunk') {
      const outer = JSON.parse(toUtf8(m.body));
      n += 1 + textOf(JSON.parse(toUtf8(fromBase64(outer.bytes))));
    }
  }
  return n;
};

// The whole official client, fed the same chunks by a stub request handler (no network, no
// retries): its event-stream deserialiser decodes each `chunk` to `{ bytes }`, and the
// application parses the inner JSON, as the AWS examples do.
let sdkChunks: Uint8Array[] = [];
const sdk = new BedrockRuntimeClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'bench' },
  maxAttempts: 1,
  requestHandler: {
    handle: async () => ({
      response: new HttpResponse({
        statusCode: 200,
        headers: { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': 'bench' },
        body: Readable.from(sdkChunks),
      }),
    }),
  },
});
const textDecoder = new TextDecoder();

const officialClientWork: Case = async (chunks) => {
  sdkChunks = chunks;
  const r = await sdk.send(new InvokeModelWithResponseStreamCommand({ modelId: 'anthropic.claude-bench', body: '{}' }));
  let n = 0;
  for await (const event of r.body ?? []) {
    if (event.chunk?.bytes) n += 1 + textOf(JSON.parse(textDecoder.decode(event.chunk.bytes)));
  }
  return n;
};

const oursConverseWork: Case = (chunks) => {
  const d = new EventStreamDecoder();
  let n = 0;
  for (const c of chunks) {
    for (const m of d.push(c)) {
      eventType(m);
      const p = m.payload;
      n += 1 + textOf(JSON.parse(Buffer.from(p.buffer, p.byteOffset, p.byteLength).toString('utf8')));
    }
  }
  d.end();
  return n;
};

const smithyConverseWork: Case = (chunks) => {
  const s = new Splitter();
  const out: Uint8Array[] = [];
  let n = 0;
  for (const c of chunks) {
    s.push(c, out);
    for (const raw of out) {
      const m = codec.decode(raw);
      void m.headers[':event-type']?.value;
      n += 1 + textOf(JSON.parse(toUtf8(m.body)));
    }
    out.length = 0;
  }
  s.end();
  return n;
};

// ---------------------------------------------------------------------------------------------

const gc = (globalThis as { gc?: () => void }).gc;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

async function measure(cases: Record<string, Case>, chunks: Uint8Array[], body: Uint8Array): Promise<Record<string, number>> {
  const names = Object.keys(cases);
  const results: Record<string, number | undefined> = {};
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  // One full GC per block, not per run: a full GC with no decoder alive lets V8 drop the maps its
  // optimised code was specialised on, and every case would then be timed half-deoptimised,
  // which is neither steady state nor what a process streaming several responses sees.
  gc?.();
  for (let rep = 0; rep < WARMUP + REPS; rep++) {
    for (const name of names) {
      const t0 = performance.now();
      const r = await cases[name](chunks, body);
      const ms = performance.now() - t0;
      if (rep >= WARMUP) times[name].push(ms);
      if (results[name] !== undefined && results[name] !== r) throw new Error(`${name}: result changed between runs`);
      results[name] = r;
    }
  }
  return Object.fromEntries(names.map((n) => [n, median(times[n])]));
}

function check(results: Record<string, number>, names: string[], label: string): void {
  const values = new Set(names.map((n) => results[n]));
  if (values.size !== 1) throw new Error(`${label}: implementations disagree: ${names.map((n) => `${n}=${results[n]}`).join(' ')}`);
}

function row(name: string, ms: number, bytes: number, frames: number, extra = ''): string {
  const mbs = bytes / 1e6 / (ms / 1000);
  const fps = frames / (ms / 1000);
  return `  ${name.padEnd(34)} ${ms.toFixed(2).padStart(8)} ms ${mbs.toFixed(0).padStart(6)} MB/s ${(fps / 1e6).toFixed(2).padStart(6)} M frames/s${extra}`;
}

interface Work {
  label: string;
  ours: Case;
  oursAsync?: Case;
  smithy: Case;
  smithyAsync?: Case;
  official?: Case;
}

interface Summary {
  framing: number[];
  framingVsSmithy: number[];
  work: number[];
  workAsync: number[];
  official: number[];
}

async function bench(label: string, body: Uint8Array, work: Work): Promise<Summary> {
  const frames = floor([], body) as number;
  console.log(`\n${label}: ${(body.length / 1e6).toFixed(2)} MB, ${frames} frames (avg ${(body.length / frames).toFixed(0)} B)`);
  const summary: Summary = { framing: [], framingVsSmithy: [], work: [], workAsync: [], official: [] };
  const F = 'floor (lengths + zlib.crc32)';
  const O = 'ours framing (sync push)';
  const OA = 'ours framing (decodeEventStream)';
  const S = 'smithy codec + splitter (sync)';
  const SA = 'smithy MessageDecoderStream';
  const W = `ours + ${work.label} (sync)`;
  const WA = `ours + ${work.label} (decodeEventStream)`;
  const WS = `smithy + ${work.label} (sync)`;
  const WSA = `smithy + ${work.label} (MessageDecoderStream)`;
  const WO = `official client + JSON.parse`;
  const framingCases: Record<string, Case> = { [F]: floor, [O]: oursFraming, [OA]: oursFramingAsync, [S]: smithyFraming, [SA]: smithyFramingAsync };
  const workCases: Record<string, Case> = { [W]: work.ours, [WS]: work.smithy };
  if (work.oursAsync) workCases[WA] = work.oursAsync;
  if (work.smithyAsync) workCases[WSA] = work.smithyAsync;
  if (work.official) workCases[WO] = work.official;
  for (const size of [1 * KiB, 16 * KiB, 64 * KiB]) {
    const chunks = splitInto(body, size);
    const checks: Record<string, number> = {};
    for (const [n, c] of Object.entries({ ...framingCases, ...workCases })) checks[n] = await c(chunks, body);
    check(checks, Object.keys(framingCases), `${label} framing`);
    check(checks, Object.keys(workCases), `${label} work`);

    const t = await measure({ ...framingCases, ...workCases }, chunks, body);
    const r = (a: string, b: string): string => (t[a] / t[b]).toFixed(2);
    console.log(` chunks of ${size / KiB} KiB (${chunks.length} chunks)`);
    console.log(row(F, t[F], body.length, frames));
    console.log(row(O, t[O], body.length, frames, `  ours/floor ${r(F, O)}, ${r(S, O)}x smithy sync`));
    console.log(row(OA, t[OA], body.length, frames, `  ${r(SA, OA)}x MessageDecoderStream`));
    console.log(row(S, t[S], body.length, frames));
    console.log(row(SA, t[SA], body.length, frames));
    console.log(row(W, t[W], body.length, frames, `  ${r(WS, W)}x smithy sync`));
    if (work.oursAsync && work.smithyAsync) console.log(row(WA, t[WA], body.length, frames, `  ${r(WSA, WA)}x smithy async`));
    console.log(row(WS, t[WS], body.length, frames));
    if (work.smithyAsync) console.log(row(WSA, t[WSA], body.length, frames));
    if (work.official) console.log(row(WO, t[WO], body.length, frames, `  ours sync ${r(WO, W)}x, ours decodeEventStream ${r(WO, WA)}x faster`));
    summary.framing.push(t[F] / t[O]);
    summary.framingVsSmithy.push(t[S] / t[O]);
    summary.work.push(t[WS] / t[W]);
    if (work.oursAsync && work.smithyAsync) summary.workAsync.push(t[WSA] / t[WA]);
    if (work.official && work.oursAsync) summary.official.push(t[WO] / t[WA]);
  }
  return summary;
}

console.log(`event-stream decode · node ${process.version} · crc32 ${crc32Impl} · ${WARMUP} warmup + ${REPS} reps, medians`);
const anthropic = await bench('InvokeModelWithResponseStream (Anthropic chunk frames)', anthropicStreamBody(16_000, 1), {
  label: 'bytes → base64 → JSON.parse',
  ours: oursChunkWork,
  oursAsync: oursChunkWorkAsync,
  smithy: smithyChunkWork,
  smithyAsync: smithyChunkWorkAsync,
  official: officialClientWork,
});
const converse = await bench('ConverseStream (contentBlockDelta frames)', converseStreamBody(20_000, 2), {
  label: 'JSON.parse',
  ours: oursConverseWork,
  smithy: smithyConverseWork,
});

const fmt = (xs: number[]): string => xs.map((x) => x.toFixed(2)).join(' / ');
console.log('\nsummary, chunks of 1 / 16 / 64 KiB');
console.log(`  framing, ours/floor (goal >= 0.70):        anthropic ${fmt(anthropic.framing)}   converse ${fmt(converse.framing)}`);
console.log(`  framing, ours vs smithy sync:              anthropic ${fmt(anthropic.framingVsSmithy)}x   converse ${fmt(converse.framingVsSmithy)}x`);
console.log(`  framing + chunk work vs smithy (goal >= 5x): sync ${fmt(anthropic.work)}x   async ${fmt(anthropic.workAsync)}x   (converse JSON.parse, sync: ${fmt(converse.work)}x)`);
console.log(`  ours decodeEventStream + chunk work vs the official client: ${fmt(anthropic.official)}x`);
