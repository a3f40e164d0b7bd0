// Property tests: seeded (FC_SEED, printed by fast-check on failure) and time-boxed.
// Oracles: smithy's encoder/decoder for arbitrary messages, and the decoder itself on the whole
// stream for re-chunkings, prefixes and corruptions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32, encodeEventStreamMessage, EventStreamDecoder, EventStreamError } from '../../src/eventstream/index.js';
import type { EventStreamMessage, HeaderValue } from '../../src/eventstream/index.js';
import { splitAt } from '../../bench/workloads.js';
import { fcParams, fromSmithy, smithy, toSmithy } from './oracle.js';

const utf8 = new TextEncoder();

const headerValue: fc.Arbitrary<HeaderValue> = fc.oneof(
  fc.boolean().map((value) => ({ type: 'boolean' as const, value })),
  fc.integer({ min: -128, max: 127 }).map((value) => ({ type: 'byte' as const, value })),
  fc.integer({ min: -32768, max: 32767 }).map((value) => ({ type: 'short' as const, value })),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map((value) => ({ type: 'integer' as const, value })),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((value) => ({ type: 'long' as const, value })),
  fc.uint8Array({ maxLength: 64 }).map((value) => ({ type: 'binary' as const, value })),
  fc.string({ unit: 'binary', maxLength: 40 }).map((value) => ({ type: 'string' as const, value })),
  fc.integer({ min: -8.64e15, max: 8.64e15 }).map((ms) => ({ type: 'timestamp' as const, value: new Date(ms) })),
  fc.uuid().map((value) => ({ type: 'uuid' as const, value })),
);

// 1..255 UTF-8 bytes; "__proto__" is left to the unit test (smithy's decoder mishandles it).
const headerName = fc
  .string({ unit: 'binary', minLength: 1, maxLength: 30 })
  .filter((s) => s !== '__proto__' && utf8.encode(s).length <= 255);

const message: fc.Arbitrary<EventStreamMessage> = fc.record({
  headers: fc.dictionary(headerName, headerValue, { maxKeys: 6 }),
  payload: fc.uint8Array({ maxLength: 300 }),
});

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** A valid stream with its messages and the offset where each one ends. */
const stream = fc.array(message, { maxLength: 6 }).map((messages) => {
  const encoded = messages.map(encodeEventStreamMessage);
  const ends: number[] = [];
  let end = 0;
  for (const e of encoded) ends.push((end += e.length));
  return { messages, bytes: concat(encoded), ends };
});

/** Cut points into a body, as offsets in [0, 1): scaled to the body's length. */
const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { maxLength: 40 });
const at = (bytes: Uint8Array, fractions: number[]): number[] => fractions.map((f) => Math.floor(f * bytes.length));

function decodeAll(chunks: Uint8Array[], options?: { maxMessageBytes?: number }): EventStreamMessage[] {
  const d = new EventStreamDecoder(options);
  const out: EventStreamMessage[] = [];
  for (const c of chunks) out.push(...d.push(c));
  d.end();
  return out;
}

/** Pushes every chunk then calls end(), collecting messages until the first throw. */
function run(chunks: Uint8Array[], d = new EventStreamDecoder()): { messages: EventStreamMessage[]; error?: unknown } {
  const messages: EventStreamMessage[] = [];
  try {
    for (const c of chunks) messages.push(...d.push(c));
    d.end();
  } catch (error) {
    return { messages, error };
  }
  return { messages };
}

function bytes1(b: Uint8Array): Uint8Array[] {
  return Array.from({ length: b.length }, (_, i) => b.subarray(i, i + 1));
}

describe('properties', () => {
  it('any re-chunking of a valid stream (down to 1-byte chunks) decodes identically', () => {
    fc.assert(
      fc.property(stream, cuts, ({ messages, bytes }, fractions) => {
        const whole = decodeAll([bytes]);
        expect(whole).toEqual(messages);
        expect(decodeAll(splitAt(bytes, at(bytes, fractions)))).toEqual(messages);
        expect(decodeAll(bytes1(bytes))).toEqual(messages);
      }),
      fcParams(4000),
    );
  });

  it('encode → decode round-trips; our bytes equal smithy encoder bytes; smithy decodes ours', () => {
    fc.assert(
      fc.property(message, (m) => {
        const ours = encodeEventStreamMessage(m);
        expect(Buffer.from(ours).equals(Buffer.from(smithy.encode(toSmithy(m))))).toBe(true);
        expect(decodeAll([ours])).toEqual([m]);
        expect(fromSmithy(smithy.decode(ours))).toEqual(m);
      }),
      fcParams(3000),
    );
  });

  it('any single bit flip yields an EventStreamError after exactly the messages before it', () => {
    fc.assert(
      fc.property(
        stream.filter((s) => s.bytes.length > 0),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        fc.nat(7),
        cuts,
        ({ messages, bytes, ends }, where, bit, fractions) => {
          const corrupt = bytes.slice();
          const pos = Math.floor(where * bytes.length);
          corrupt[pos] ^= 1 << bit;
          const hit = ends.findIndex((e) => pos < e); // the message the flip landed in
          for (const chunks of [[corrupt], splitAt(corrupt, at(corrupt, fractions)), bytes1(corrupt)]) {
            const d = new EventStreamDecoder();
            const r = run(chunks, d);
            // CRC-32 detects every single-bit error; the CRCs are checked before anything else
            // is interpreted, so the fault is always one of the two checksum codes.
            expect(r.error).toBeInstanceOf(EventStreamError);
            expect(['PRELUDE_CRC_MISMATCH', 'MESSAGE_CRC_MISMATCH']).toContain((r.error as EventStreamError).code);
            expect(r.messages).toEqual(messages.slice(0, hit));
            // The decoder stays failed.
            expect(() => d.push(new Uint8Array(1))).toThrow(r.error as Error);
            expect(() => d.end()).toThrow(r.error as Error);
          }
        },
      ),
      fcParams(4000),
    );
  });

  it('any prefix ends in TRUNCATED at end(), after all complete messages (none at a boundary)', () => {
    fc.assert(
      fc.property(stream.filter((s) => s.bytes.length > 0), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), cuts, ({ messages, bytes, ends }, f, fractions) => {
        const cut = Math.floor(f * bytes.length);
        const prefix = bytes.subarray(0, cut);
        const complete = ends.filter((e) => e <= cut).length;
        const atBoundary = cut === 0 || ends.includes(cut);
        for (const chunks of [[prefix], splitAt(prefix, at(prefix, fractions))]) {
          const r = run(chunks);
          expect(r.messages).toEqual(messages.slice(0, complete));
          if (atBoundary) expect(r.error).toBeUndefined();
          else expect((r.error as EventStreamError).code).toBe('TRUNCATED');
        }
      }),
      fcParams(3000),
    );
  });

  /**
   * Records the size of every `new Uint8Array(n)` made while `fn` runs. The decoder's buffers are
   * created through the global constructor, so this sees each allocation it makes.
   */
  function allocations(fn: () => void): number[] {
    const sizes: number[] = [];
    const Real = globalThis.Uint8Array;
    globalThis.Uint8Array = new Proxy(Real, {
      construct(target, args, newTarget) {
        if (typeof args[0] === 'number') sizes.push(args[0]);
        return Reflect.construct(target, args, newTarget);
      },
    });
    try {
      fn();
    } finally {
      globalThis.Uint8Array = Real;
    }
    return sizes;
  }

  it('a valid prelude over the limit is MESSAGE_TOO_LARGE before anything is allocated', () => {
    fc.assert(
      fc.property(fc.integer({ min: 16, max: 4096 }), fc.nat(0xffffffff), fc.nat(0xffffffff), fc.uint8Array({ maxLength: 64 }), (max, total, headersLength, tail) => {
        const prelude = new Uint8Array(12);
        const v = new DataView(prelude.buffer);
        v.setUint32(0, total);
        v.setUint32(4, headersLength);
        v.setUint32(8, crc32(prelude.subarray(0, 8)));
        const d = new EventStreamDecoder({ maxMessageBytes: max });
        let error: unknown;
        const sizes = allocations(() => {
          try {
            d.push(prelude);
            d.push(tail);
          } catch (e) {
            error = e;
          }
        });
        for (const s of sizes) expect(s).toBeLessThanOrEqual(max);
        if (total < 16 || (total <= max && headersLength > total - 16)) expect((error as EventStreamError).code).toBe('INVALID_LENGTH');
        else if (total > max) {
          expect((error as EventStreamError).code).toBe('MESSAGE_TOO_LARGE');
          expect(sizes).toEqual([]);
        } else if (error !== undefined) {
          expect(error).toBeInstanceOf(EventStreamError); // the tail may complete a message with a bad CRC
        }
      }),
      fcParams(2000),
    );
  });

  it('random bytes: only success or EventStreamError, never an allocation past the limit', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), cuts, fc.integer({ min: 16, max: 1024 }), (bytes, fractions, max) => {
        let error: unknown;
        const sizes = allocations(() => {
          error = run(splitAt(bytes, at(bytes, fractions)), new EventStreamDecoder({ maxMessageBytes: max })).error;
        });
        if (error !== undefined) expect(error).toBeInstanceOf(EventStreamError);
        for (const s of sizes) expect(s).toBeLessThanOrEqual(max);
      }),
      fcParams(2000),
    );
  });
});
