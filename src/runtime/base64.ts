// Base64 decoding straight from the ASCII bytes of a frame to the decoded bytes: no intermediate string,
// no Buffer (so it runs on edge runtimes too). One table lookup per input byte.

const TABLE = new Int16Array(256).fill(-1);
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
for (let i = 0; i < ALPHABET.length; i++) TABLE[ALPHABET.charCodeAt(i)] = i;
const EQ = 0x3d;

/** Decodes `src[start..end)` (standard alphabet, `=` padding optional). `null` if it is not base64. */
export function decodeBase64(src: Uint8Array, start: number, end: number): Uint8Array | null {
  while (end > start && src[end - 1] === EQ) end--;
  const n = end - start;
  if (n % 4 === 1) return null;
  const out = new Uint8Array((n * 3) >> 2);
  let o = 0;
  let p = start;
  const whole = start + (n & ~3);
  while (p < whole) {
    const a = TABLE[src[p]];
    const b = TABLE[src[p + 1]];
    const c = TABLE[src[p + 2]];
    const d = TABLE[src[p + 3]];
    if ((a | b | c | d) < 0) return null;
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o] = v >> 16;
    out[o + 1] = (v >> 8) & 255;
    out[o + 2] = v & 255;
    o += 3;
    p += 4;
  }
  const rest = end - p;
  if (rest >= 2) {
    const a = TABLE[src[p]];
    const b = TABLE[src[p + 1]];
    const c = rest === 3 ? TABLE[src[p + 2]] : 0;
    if ((a | b | c) < 0) return null;
    const v = (a << 18) | (b << 12) | (c << 6);
    out[o++] = v >> 16;
    if (rest === 3) out[o++] = (v >> 8) & 255;
  }
  return out;
}
