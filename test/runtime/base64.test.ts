import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toBase64 as encodeBase64 } from '../../src/base64.js';
import { decodeBase64, setBase64Decoder, type Base64DecoderKind } from '../../src/runtime/base64.js';

const ascii = (s: string) => new TextEncoder().encode(s);

describe('base64', () => {
  it('encodes without Buffer (edge runtimes) exactly as with it', () => {
    const saved = globalThis.Buffer;
    const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31) & 255); // more than one 32 KiB slice
    const expected = saved.from(bytes).toString('base64');
    try {
      (globalThis as { Buffer?: unknown }).Buffer = undefined;
      expect(encodeBase64(bytes)).toBe(expected);
      expect(encodeBase64('already==')).toBe('already==');
    } finally {
      globalThis.Buffer = saved;
    }
  });

  it('matches Buffer both ways for any bytes (seeded)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const b64 = Buffer.from(bytes).toString('base64');
        expect(encodeBase64(bytes)).toBe(b64);
        const text = ascii(`xx${b64}yy`);
        expect(Buffer.from(decodeBase64(text, 2, text.length - 2)!).equals(Buffer.from(bytes))).toBe(true);
        const unpadded = ascii(b64.replace(/=+$/, ''));
        expect(Buffer.from(decodeBase64(unpadded, 0, unpadded.length)!).equals(Buffer.from(bytes))).toBe(true);
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it('returns null for what is not base64', () => {
    for (const bad of ['a', 'ab"c', 'ab\\u', 'abc-', '*AAA']) expect(decodeBase64(ascii(bad), 0, bad.length)).toBeNull();
  });
});

describe('base64 decoders: native where the runtime has one, the JS table as fallback', () => {
  // Node 20 has no Uint8Array.fromBase64; a strict stand-in with the standard's behaviour
  // (standard alphabet, optional padding, SyntaxError otherwise) exercises that branch here.
  const strictFromBase64 = (text: string): Uint8Array => {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.replace(/=+$/, '').length % 4 === 1) throw new SyntaxError('not base64');
    return new Uint8Array(Buffer.from(text, 'base64'));
  };
  const withFromBase64 = <T>(fn: () => T): T => {
    const U = Uint8Array as unknown as { fromBase64?: unknown };
    const had = Object.prototype.hasOwnProperty.call(U, 'fromBase64');
    const saved = U.fromBase64;
    if (!had) U.fromBase64 = strictFromBase64;
    try {
      return fn();
    } finally {
      if (!had) delete U.fromBase64;
      else U.fromBase64 = saved;
      setBase64Decoder();
    }
  };
  const decodeWith = (kind: Base64DecoderKind, src: Uint8Array, start: number, end: number) => {
    const used = setBase64Decoder(kind);
    expect(used).toBe(kind);
    const out = decodeBase64(src, start, end);
    setBase64Decoder();
    return out;
  };
  const kinds: Base64DecoderKind[] = ['fromBase64', 'buffer', 'js'];

  it('Node picks its native Buffer decoder by default (no fromBase64 on Node 20)', () => {
    const expected = typeof (Uint8Array as unknown as { fromBase64?: unknown }).fromBase64 === 'function' ? 'fromBase64' : 'buffer';
    expect(setBase64Decoder()).toBe(expected);
    expect(setBase64Decoder('js')).toBe('js');
    setBase64Decoder();
  });

  it('all three agree with Buffer for any bytes, padded or not, at any offset (seeded)', () => {
    withFromBase64(() =>
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 400 }), fc.boolean(), (bytes, pad) => {
          let b64 = Buffer.from(bytes).toString('base64');
          if (!pad) b64 = b64.replace(/=+$/, '');
          const text = ascii(`{"bytes":"${b64}","p":"abc"}`);
          for (const k of kinds) {
            const out = decodeWith(k, text, 10, 10 + b64.length);
            expect(out).not.toBeNull();
            expect(out!.constructor).toBe(Uint8Array);
            expect(Buffer.from(out!).equals(Buffer.from(bytes))).toBe(true);
          }
        }),
        { seed: 7, numRuns: 300 },
      ),
    );
  });

  it('all three refuse what is not standard base64 (bad characters, URL alphabet, a lone extra char, inner padding)', () => {
    withFromBase64(() => {
      for (const bad of ['a', 'ab"c', 'ab\\u', 'abc-', '*AAA', 'AA_A', 'AAAAA', 'AA=A', 'AAA\u00e9']) {
        const src = new Uint8Array([...Buffer.from(bad, 'latin1')]);
        for (const k of kinds) expect([k, bad, decodeWith(k, src, 0, src.length)]).toEqual([k, bad, null]);
      }
    });
  });
});
