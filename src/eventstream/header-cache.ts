import { decodeHeaders } from './headers.js';
import type { HeaderValue } from './types.js';

/** Header blocks longer than this are decoded every time (Bedrock's are 60-90 bytes). */
const MAX_CACHED = 256;

interface Entry {
  /** The block as big-endian 32-bit words, then its last `length % 4` bytes. */
  words: Int32Array;
  tail: Uint8Array;
  /** Shallow-cloned per hit; its values are frozen and shared. */
  template: Record<string, HeaderValue>;
}

/**
 * Remembers the last decoded header block of each length. A stream repeats the same few blocks
 * (`:event-type chunk`, `:content-type application/json`, `:message-type event`) thousands of
 * times; comparing the bytes with the remembered block, a word at a time, costs a fraction of
 * decoding the strings again. A hit returns a fresh record (callers may add or remove keys)
 * whose value objects are shared between messages and frozen. Only blocks of immutable values
 * are remembered: a `binary` value is a view into this message's chunk and a `timestamp` a Date.
 */
export class HeaderCache {
  private readonly slots: (Entry | undefined)[] = [];

  /** Decodes `b[start, end)`; `view` is a DataView over the same bytes as `b`. */
  decode(b: Uint8Array, view: DataView, start: number, end: number, offset: number): Record<string, HeaderValue> {
    const length = end - start;
    if (length === 0) return {};
    if (length > MAX_CACHED) return decodeHeaders(b, view, start, end, offset);
    const e = this.slots[length];
    if (e !== undefined && same(e, b, view, start)) return { ...e.template };
    const headers = decodeHeaders(b, view, start, end, offset);
    const names = Object.keys(headers);
    for (const name of names) {
      const type = headers[name].type;
      if (type === 'binary' || type === 'timestamp' || name === '__proto__') return headers;
    }
    for (const name of names) Object.freeze(headers[name]);
    const words = new Int32Array(length >> 2);
    for (let i = 0; i < words.length; i++) words[i] = view.getInt32(start + i * 4);
    this.slots[length] = { words, tail: b.slice(start + words.length * 4, end), template: { ...headers } };
    return headers;
  }
}

function same(e: Entry, b: Uint8Array, view: DataView, start: number): boolean {
  const { words, tail } = e;
  // Last words first: they hold the values, where blocks of equal length usually differ.
  for (let i = words.length - 1; i >= 0; i--) if (view.getInt32(start + i * 4) !== words[i]) return false;
  const t = start + words.length * 4;
  for (let i = 0; i < tail.length; i++) if (tail[i] !== b[t + i]) return false;
  return true;
}
