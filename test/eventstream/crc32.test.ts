// The portable CRC-32 must equal Node's native zlib.crc32 (the oracle), including when it
// continues from a previous value, which is how the decoder chains prelude and message CRCs.
import { crc32 as zlibCrc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32, crc32Impl, crc32Js } from '../../src/eventstream/index.js';
import { crc32Range } from '../../src/eventstream/crc32.js';
import { fcParams } from './oracle.js';

describe('crc32', () => {
  it('uses the native implementation on this Node', () => {
    expect(crc32Impl).toBe('native');
    expect(crc32).toBe(zlibCrc32);
  });

  it('known values', () => {
    expect(crc32Js(new Uint8Array(0))).toBe(0);
    expect(crc32Js(new TextEncoder().encode('123456789'))).toBe(0xcbf43926); // the CRC-32 check value
  });

  it('crc32Js equals zlib.crc32 on random inputs of every length class (0..4096, all alignments)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), fc.nat(7), (data, shift) => {
        // A shifted view exercises unaligned starts of the 4-byte loop.
        const buf = new Uint8Array(data.length + shift);
        buf.set(data, shift);
        const view = buf.subarray(shift);
        expect(crc32Js(view)).toBe(zlibCrc32(view));
      }),
      fcParams(2000),
    );
  });

  it('crc32Js continues from a value exactly as zlib.crc32 does, and chaining equals one pass', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), fc.uint8Array({ maxLength: 2048 }), fc.nat(0xffffffff), (a, b, start) => {
        expect(crc32Js(b, start)).toBe(zlibCrc32(b, start));
        const both = new Uint8Array(a.length + b.length);
        both.set(a);
        both.set(b, a.length);
        expect(crc32Js(b, crc32Js(a))).toBe(zlibCrc32(both));
      }),
      fcParams(2000),
    );
  });

  it('crc32Range over [start, end) equals zlib.crc32 of that view', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.nat(), fc.nat(), fc.nat(0xffffffff), (data, a, b, v) => {
        const start = data.length ? a % (data.length + 1) : 0;
        const end = start + (data.length - start ? b % (data.length - start + 1) : 0);
        // zlib returns 0 for a buffer without storage (an empty one may have none), whatever the
        // start value; the CRC of nothing continuing from v is v.
        const want = end === start ? v : zlibCrc32(data.subarray(start, end), v);
        expect(crc32Range(data, start, end, v)).toBe(want);
      }),
      fcParams(1500),
    );
  });
});
