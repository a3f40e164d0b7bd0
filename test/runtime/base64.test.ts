import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from '../../src/runtime/base64.js';

const ascii = (s: string) => new TextEncoder().encode(s);

describe('base64', () => {
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
