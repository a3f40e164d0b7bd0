// Base64 decoding of a byte range (a chunk frame's `bytes` field) to the decoded bytes. Three
// decoders, fastest first, all strict (anything but the standard alphabet and `=` padding → null):
//   1. `Uint8Array.fromBase64` where the runtime has it (the standard, native and strict);
//   2. Node's native decoder through the global `Buffer` (no `node:` import, so edge bundles stay
//      clean): lenient by itself, made strict by a length check and a scan for the URL alphabet;
//   3. a table-driven JS decoder straight from the ASCII bytes (edge runtimes without either).
// `setBase64Decoder` picks one explicitly (tests check that all three agree).

const TABLE = new Int16Array(256).fill(-1);
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
for (let i = 0; i < ALPHABET.length; i++) TABLE[ALPHABET.charCodeAt(i)] = i;
const EQ = 0x3d;

type Decoder = (src: Uint8Array, start: number, end: number, n: number) => Uint8Array | null;

interface NodeBuffer {
  from(text: string, encoding: 'base64'): Uint8Array;
  prototype: { latin1Slice(this: Uint8Array, start: number, end: number): string };
}
type FromBase64 = (text: string) => Uint8Array;

/** The JS decoder: one table lookup per input byte. `n` = end - start, padding already removed. */
const jsDecode: Decoder = (src, start, end, n) => {
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
};

function bufferDecoder(B: NodeBuffer): Decoder {
  const latin1 = B.prototype.latin1Slice;
  return (src, start, end, n) => {
    // Node skips characters outside the alphabet (so the length comes out short) and also takes
    // the URL alphabet's `-` and `_` (same length): both are refused, as the other decoders do.
    const text = latin1.call(src, start, end);
    const out = B.from(text, 'base64');
    if (out.length !== (n * 3) >> 2 || text.indexOf('-') >= 0 || text.indexOf('_') >= 0) return null;
    // A plain Uint8Array view (not a Buffer), like the other decoders return.
    return new Uint8Array(out.buffer, out.byteOffset, out.length);
  };
}

function fromBase64Decoder(fromBase64: FromBase64): Decoder {
  const latin1 = new TextDecoder('latin1');
  return (src, start, end) => {
    try {
      const text = latin1.decode(src.subarray(start, end));
      // The standard also skips ASCII white space: refused here, as the other decoders do.
      return /\s/.test(text) ? null : fromBase64(text);
    } catch {
      return null;
    }
  };
}

export type Base64DecoderKind = 'fromBase64' | 'buffer' | 'js';

let decode: Decoder = jsDecode;
let using: Base64DecoderKind = 'js';

/**
 * Chooses the decoder: the one asked for when the runtime has it, else the fastest available
 * after it in the order fromBase64 → buffer → js. Returns the kind now in use.
 */
export function setBase64Decoder(kind: Base64DecoderKind = 'fromBase64'): Base64DecoderKind {
  const fromBase64 = (Uint8Array as unknown as { fromBase64?: FromBase64 }).fromBase64;
  const B = (globalThis as { Buffer?: NodeBuffer }).Buffer;
  if (kind === 'fromBase64' && typeof fromBase64 === 'function') [decode, using] = [fromBase64Decoder(fromBase64.bind(Uint8Array)), 'fromBase64'];
  else if (kind !== 'js' && typeof B?.prototype?.latin1Slice === 'function') [decode, using] = [bufferDecoder(B), 'buffer'];
  else [decode, using] = [jsDecode, 'js'];
  return using;
}
setBase64Decoder();

/** Decodes `src[start..end)` (standard alphabet, `=` padding optional). `null` if it is not base64. */
export function decodeBase64(src: Uint8Array, start: number, end: number): Uint8Array | null {
  while (end > start && src[end - 1] === EQ) end--;
  const n = end - start;
  if (n % 4 === 1) return null;
  return decode(src, start, end, n);
}
