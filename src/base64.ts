// Base64 encoding shared by the codecs (image bytes) and the runtime (CountTokens bodies), a bottom
// layer like errors.ts. Without a node:buffer import, so it bundles for edge runtimes too.

type BufferLike = { from(data: Uint8Array): { toString(encoding: 'base64'): string } };

/** Base64 text of `data`; a string is passed through as already encoded. */
export function toBase64(data: string | Uint8Array): string {
  if (typeof data === 'string') return data;
  const B = (globalThis as { Buffer?: BufferLike }).Buffer;
  if (B) return B.from(data).toString('base64');
  let s = '';
  for (let i = 0; i < data.length; i += 0x8000) s += String.fromCharCode(...data.subarray(i, i + 0x8000));
  return btoa(s);
}

type BufferFrom = { from(data: string, encoding: 'base64'): Uint8Array };

/** The bytes of base64 text. */
export function fromBase64(text: string): Uint8Array {
  const B = (globalThis as { Buffer?: BufferFrom }).Buffer;
  if (B) return new Uint8Array(B.from(text, 'base64'));
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}
