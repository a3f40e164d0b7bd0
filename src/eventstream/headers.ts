import { EventStreamError } from './error.js';
import type { HeaderValue } from './types.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

/** The value type per wire type byte (0 true, 1 false). */
const TYPES = ['boolean', 'boolean', 'byte', 'short', 'integer', 'long', 'binary', 'string', 'timestamp', 'uuid'] as const;
/** Value bytes per wire type; -1: a u16 length comes first. */
const SIZES = [0, 0, 1, 2, 4, 8, -1, -1, 8, 16];

// Most header names and values are short ASCII (":event-type", "chunk"): decoding those by hand
// is several times faster than TextDecoder. Anything else goes through the fatal TextDecoder, so
// invalid UTF-8 is an error rather than U+FFFD.
function readString(b: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) {
    const c = b[i];
    if (c >= 0x80 || end - start > 32) return utf8.decode(b.subarray(start, end));
    s += String.fromCharCode(c);
  }
  return s;
}

function bad(message: string, offset: number): EventStreamError {
  return new EventStreamError('INVALID_HEADER', message, offset);
}

/**
 * Decodes the header block `b[start, end)`; `v` is a DataView over the same bytes as `b`. Every
 * length is checked against `end` before it is used; anything that runs past the block, an
 * unknown type or invalid UTF-8 is `INVALID_HEADER`. `offset` is the stream offset of the
 * message, for the error.
 */
export function decodeHeaders(b: Uint8Array, v: DataView, start: number, end: number, offset: number): Record<string, HeaderValue> {
  const headers: Record<string, HeaderValue> = {};
  let p = start;
  while (p < end) {
    const nameLength = b[p++];
    if (nameLength === 0) throw bad('header name of length 0', offset);
    if (p + nameLength + 1 > end) throw bad('header name runs past the header block', offset);
    let name = 'name';
    try {
      name = readString(b, p, (p += nameLength));
      const type = b[p++];
      let size = SIZES[type];
      if (size === undefined) throw bad(`header ${name}: unknown value type ${type}`, offset);
      if (size < 0) {
        if (p + 2 > end) throw bad(`header ${name}: value length runs past the header block`, offset);
        size = v.getUint16(p);
        p += 2;
      }
      if (p + size > end) throw bad(`header ${name}: value runs past the header block`, offset);
      let value: unknown;
      switch (type) {
        case 0:
        case 1:
          value = type === 0;
          break;
        case 2:
          value = v.getInt8(p);
          break;
        case 3:
          value = v.getInt16(p);
          break;
        case 4:
          value = v.getInt32(p);
          break;
        case 5:
          value = v.getBigInt64(p);
          break;
        case 8:
          value = new Date(Number(v.getBigInt64(p)));
          break;
        case 6:
          value = b.subarray(p, p + size);
          break;
        case 7:
          value = readString(b, p, p + size);
          break;
        default: {
          let s = '';
          for (let i = 0; i < 16; i++) s += (i === 4 || i === 6 || i === 8 || i === 10 ? '-' : '') + (b[p + i] | 256).toString(16).slice(1);
          value = s;
        }
      }
      p += size;
      const h = { type: TYPES[type], value } as HeaderValue;
      // A header named "__proto__" would replace the object's prototype instead of being a key.
      if (name === '__proto__') Object.defineProperty(headers, name, { value: h, enumerable: true, writable: true, configurable: true });
      else headers[name] = h;
    } catch (e) {
      // The fatal TextDecoder's TypeError: the name (or a string value) is not UTF-8.
      throw e instanceof EventStreamError ? e : bad(`header ${name}: not valid UTF-8`, offset);
    }
  }
  return headers;
}

/** Encoded header block, sized exactly. Throws `TypeError` on values the format cannot carry. */
export function encodeHeaders(headers: Record<string, HeaderValue>): Uint8Array {
  const out: number[] = [];
  const put = (bytes: ArrayLike<number>) => {
    for (let i = 0; i < bytes.length; i++) out.push(bytes[i]);
  };
  for (const name of Object.keys(headers)) {
    const { type, value } = headers[name];
    const nameBytes = utf8Encoder.encode(name);
    if (nameBytes.length === 0 || nameBytes.length > 255) throw new TypeError(`header name must be 1-255 bytes: ${JSON.stringify(name)}`);
    let t = TYPES.indexOf(type, 1);
    if (t < 0) throw new TypeError(`header ${name}: unknown type ${type}`);
    if (type === 'boolean' && value) t = 0;
    out.push(nameBytes.length);
    put(nameBytes);
    out.push(t);
    if (type === 'binary' || type === 'string') {
      const bytes = type === 'string' ? utf8Encoder.encode(value) : value;
      if (bytes.length > 0xffff) throw new TypeError(`header ${name}: value longer than 65535 bytes`);
      out.push(bytes.length >> 8, bytes.length & 255);
      put(bytes);
    } else if (type === 'uuid') {
      const hex = value.replace(/-/g, '');
      if (!/^[0-9a-f]{32}$/i.test(hex)) throw new TypeError(`header ${name}: not a uuid: ${value}`);
      for (let i = 0; i < 32; i += 2) out.push(parseInt(hex.slice(i, i + 2), 16));
    } else if (type !== 'boolean') {
      // Big-endian two's complement, wrapping like DataView's setInt16/setBigInt64 do.
      let n = BigInt.asUintN(64, BigInt(type === 'timestamp' ? value.getTime() : type === 'long' ? value : Math.trunc(value) || 0));
      const bytes: number[] = [];
      for (let i = SIZES[t]; i > 0; i--, n >>= 8n) bytes.unshift(Number(n & 255n));
      put(bytes);
    }
  }
  return new Uint8Array(out);
}
