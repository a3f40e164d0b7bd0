// Properties of the bidirectional stream, seeded and bounded: any chunking of the answers, any
// interleaving of sends and reads, abort at any point → the right events in order, no hang, typed
// errors, no HTTP/2 stream or session left open.
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BedrockRuntime } from '../../src/runtime/index.js';
import { startH2Server, type H2Server, type Recorded } from './h2server.js';

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const str = (value: string) => ({ type: 'string' as const, value });
const chunkFrame = (bytes: Uint8Array) =>
  Buffer.from(
    codec.encode({
      headers: { ':event-type': str('chunk'), ':content-type': str('application/json'), ':message-type': str('event') },
      body: fromUtf8(JSON.stringify({ bytes: Buffer.from(bytes).toString('base64') })),
    }),
  );

/** Echo: every event the client sends comes back as one chunk; cuts (bytes) split the written answer bytes. */
let cuts: number[] = [];
function echo(r: Recorded): void {
  r.stream.respond({ ':status': 200, 'content-type': 'application/vnd.amazon.eventstream' });
  let pending = Buffer.alloc(0);
  let out = Buffer.alloc(0);
  let writing = Promise.resolve();
  const flush = (): void => {
    const data = out;
    out = Buffer.alloc(0);
    writing = writing.then(async () => {
      let at = 0;
      for (const c of cuts.length ? cuts : [data.length]) {
        if (at >= data.length) break;
        const piece = data.subarray(at, at + Math.max(1, c));
        at += piece.length;
        if (!r.stream.destroyed) r.stream.write(piece);
        await new Promise((ok) => setImmediate(ok));
      }
      if (at < data.length && !r.stream.destroyed) r.stream.write(data.subarray(at));
    });
  };
  r.stream.on('data', (c: Buffer) => {
    pending = Buffer.concat([pending, c]);
    while (pending.length >= 4 && pending.length >= pending.readUInt32BE(0)) {
      const len = pending.readUInt32BE(0);
      const outer = codec.decode(pending.subarray(0, len));
      pending = pending.subarray(len);
      if (outer.body.length === 0) continue;
      const inner = codec.decode(outer.body);
      const bytes = Buffer.from(JSON.parse(toUtf8(inner.body)).bytes, 'base64');
      out = Buffer.concat([out, chunkFrame(bytes)]);
    }
    flush();
  });
  r.stream.on('end', () => void writing.then(() => !r.stream.destroyed && r.stream.end()));
}

let server: H2Server;
beforeAll(async () => {
  server = await startH2Server(echo);
});
afterAll(() => server.close());

const client = () => new BedrockRuntime({ region: 'us-east-1', endpoint: server.url, credentials: { accessKeyId: 'AKIDPROPS', secretAccessKey: 'props-secret' }, env: {} });
const enc = new TextEncoder();
const dec = new TextDecoder();

/** A schedule: 's' sends the next event, 'r' reads one answer (only when one is owed). */
const schedule = fc
  .array(fc.boolean(), { minLength: 1, maxLength: 24 })
  .map((bits) => {
    const ops: ('s' | 'r')[] = [];
    let owed = 0;
    for (const b of bits) {
      if (b || owed === 0) {
        ops.push('s');
        owed++;
      } else {
        ops.push('r');
        owed--;
      }
    }
    return ops;
  });

describe('bidirectional stream properties', () => {
  it('any chunking of the answers and any interleaving of sends and reads: every event back, in order', async () => {
    await fc.assert(
      fc.asyncProperty(schedule, fc.array(fc.integer({ min: 1, max: 300 }), { maxLength: 12 }), async (ops, cutList) => {
        cuts = cutList;
        const c = client();
        const s = c.invokeModelWithBidirectionalStream({ modelId: 'amazon.nova-sonic-v1:0' });
        const it = s[Symbol.asyncIterator]();
        const sent: string[] = [];
        const got: string[] = [];
        for (const op of ops) {
          if (op === 's') {
            const text = `event-${sent.length}-${'x'.repeat(sent.length * 7)}`;
            sent.push(text);
            await s.send(enc.encode(text));
          } else {
            const r = await it.next();
            expect(r.done).toBe(false);
            got.push(dec.decode(r.value!.bytes));
          }
        }
        await s.end();
        for (let r = await it.next(); !r.done; r = await it.next()) got.push(dec.decode(r.value.bytes));
        expect(got).toEqual(sent);
        await c.close();
      }),
      { numRuns: 25, seed: 1212, interruptAfterTimeLimit: 30_000 },
    );
    await vi.waitFor(() => expect(server.openStreams()).toBe(0));
  }, 60_000);

  it('abort (signal, break or cancel) at any point: no hang, typed reason, a prefix delivered, nothing left open', async () => {
    await fc.assert(
      fc.asyncProperty(schedule, fc.nat(), fc.constantFrom('signal', 'break', 'cancel'), async (ops, at, how) => {
        cuts = [];
        const c = client();
        const ac = new AbortController();
        const reason = new Error('stop here');
        const s = c.invokeModelWithBidirectionalStream({ modelId: 'amazon.nova-sonic-v1:0' }, { signal: ac.signal });
        const it = s[Symbol.asyncIterator]();
        const stopAt = at % (ops.length + 1);
        const sent: string[] = [];
        const got: string[] = [];
        const pending: Promise<unknown>[] = [];
        for (let i = 0; i < ops.length; i++) {
          if (i === stopAt) break;
          if (ops[i] === 's') {
            const text = `e${sent.length}`;
            sent.push(text);
            await s.send(enc.encode(text));
          } else {
            const r = await it.next();
            got.push(dec.decode(r.value!.bytes));
          }
        }
        // One read and one send in flight when the stop comes.
        pending.push(it.next().then((r) => r.value && got.push(dec.decode(r.value.bytes))), s.send(enc.encode('late')));
        if (how === 'signal') ac.abort(reason);
        else if (how === 'cancel') s.cancel(reason);
        else await it.return!();
        const settled = await Promise.race([
          Promise.allSettled(pending).then((r) => r),
          new Promise<'hang'>((ok) => setTimeout(() => ok('hang'), 5000)),
        ]);
        expect(settled).not.toBe('hang');
        for (const r of settled as PromiseSettledResult<unknown>[]) {
          // Every failure is the stop's own reason (or, after break, the typed 'closed by its reader').
          // (A signal's reason arrives as an AbortError whose cause it is: issue 8.)
          if (r.status === 'rejected') expect(r.reason === reason || (r.reason?.name === 'AbortError' && r.reason.cause === reason) || r.reason?.name === 'ValidationError').toBe(true);
        }
        expect(sent.slice(0, got.length)).toEqual(got);
        await c.close();
      }),
      { numRuns: 30, seed: 1213, interruptAfterTimeLimit: 30_000 },
    );
    await vi.waitFor(() => expect(server.openStreams()).toBe(0));
    await vi.waitFor(() => expect(server.sessions()).toBe(0));
  }, 60_000);
});
