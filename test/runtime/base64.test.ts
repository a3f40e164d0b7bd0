import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toBase64 as encodeBase64 } from '../../src/base64.js';
import { decodeBase64 } from '../../src/runtime/base64.js';

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
