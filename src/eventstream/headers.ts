import { EventStreamError } from './error.js';
import type { HeaderValue } from './types.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

// Most header names and values are short ASCII (":event-type", "chunk"): decoding those by hand
// is several times faster than TextDecoder. Anything else goes through the fatal TextDecoder, so
// invalid UTF-8 is an error rather than U+FFFD.
function readString(b: Uint8Array, start: number, end: number): string {
  if (end - start <= 32) {
    let s = '';
    for (let i = start; i < end; i++) {
      const c = b[i];
      if (c >= 0x80) return utf8.decode(b.subarray(start, end));
      s += String.fromCharCode(c);
    }
    return s;
  }
  return utf8.decode(b.subarray(start, end));
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

function bad(message: string, offset: number): EventStreamError {
  return new EventStreamError('INVALID_HEADER', message, offset);
}

/**
 * Decodes the header block `b[start, end)`. Every length is checked against `end` before it is
 * used; anything that runs past the block, an unknown type or invalid UTF-8 is `INVALID_HEADER`.
 * `offset` is the stream offset of the message, for the error.
 */
export function decodeHeaders(b: Uint8Array, start: number, end: number, offset: number): Record<string, HeaderValue> {
  const headers: Record<string, HeaderValue> = {};
  let p = start;
  while (p < end) {
    const nameLength = b[p++];
    if (nameLength === 0) throw bad('header name of length 0', offset);
    if (p + nameLength + 1 > end) throw bad('header name runs past the header block', offset);
    let name: string;
    try {
      name = readString(b, p, p + nameLength);
    } catch {
      throw bad('header name is not valid UTF-8', offset);
    }
    p += nameLength;
    const type = b[p++];
    let value: HeaderValue;
    switch (type) {
      case 0:
        value = { type: 'boolean', value: true };
        break;
      case 1:
        value = { type: 'boolean', value: false };
        break;
      case 2:
        if (p + 1 > end) throw bad(`header ${name}: byte value runs past the header block`, offset);
        value = { type: 'byte', value: (b[p] << 24) >> 24 };
        p += 1;
        break;
      case 3:
        if (p + 2 > end) throw bad(`header ${name}: short value runs past the header block`, offset);
        value = { type: 'short', value: (((b[p] << 8) | b[p + 1]) << 16) >> 16 };
        p += 2;
        break;
      case 4:
        if (p + 4 > end) throw bad(`header ${name}: integer value runs past the header block`, offset);
        value = { type: 'integer', value: (b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3] };
        p += 4;
        break;
      case 5:
        if (p + 8 > end) throw bad(`header ${name}: long value runs past the header block`, offset);
        value = { type: 'long', value: view(b).getBigInt64(p) };
        p += 8;
        break;
      case 8:
        if (p + 8 > end) throw bad(`header ${name}: timestamp value runs past the header block`, offset);
        value = { type: 'timestamp', value: new Date(Number(view(b).getBigInt64(p))) };
        p += 8;
        break;
      case 6:
      case 7: {
        if (p + 2 > end) throw bad(`header ${name}: value length runs past the header block`, offset);
        const length = (b[p] << 8) | b[p + 1];
        p += 2;
        if (p + length > end) throw bad(`header ${name}: value runs past the header block`, offset);
        if (type === 6) {
          value = { type: 'binary', value: b.subarray(p, p + length) };
        } else {
          try {
            value = { type: 'string', value: readString(b, p, p + length) };
          } catch {
            throw bad(`header ${name}: string value is not valid UTF-8`, offset);
          }
        }
        p += length;
        break;
      }
      case 9: {
        if (p + 16 > end) throw bad(`header ${name}: uuid value runs past the header block`, offset);
        let s = '';
        for (let i = 0; i < 16; i++) {
          s += HEX[b[p + i]];
          if (i === 3 || i === 5 || i === 7 || i === 9) s += '-';
        }
        value = { type: 'uuid', value: s };
        p += 16;
        break;
      }
      default:
        throw bad(`header ${name}: unknown value type ${type}`, offset);
    }
    // A header named "__proto__" would replace the object's prototype instead of being a key.
    if (name === '__proto__') Object.defineProperty(headers, name, { value, enumerable: true, writable: true, configurable: true });
    else headers[name] = value;
  }
  return headers;
}

/** Encoded header block, sized exactly. Throws `TypeError` on values the format cannot carry. */
export function encodeHeaders(headers: Record<string, HeaderValue>): Uint8Array {
  const parts: Uint8Array[] = [];
  let size = 0;
  for (const name of Object.keys(headers)) {
    const h = headers[name];
    const nameBytes = utf8Encoder.encode(name);
    if (nameBytes.length === 0 || nameBytes.length > 255) throw new TypeError(`header name must be 1-255 bytes: ${JSON.stringify(name)}`);
    let body: Uint8Array;
    let typeByte: number;
    switch (h.type) {
      case 'boolean':
        typeByte = h.value ? 0 : 1;
        body = new Uint8Array(0);
        break;
      case 'byte':
        typeByte = 2;
        body = Uint8Array.of(h.value & 0xff);
        break;
      case 'short':
        typeByte = 3;
        body = new Uint8Array(2);
        view(body).setInt16(0, h.value);
        break;
      case 'integer':
        typeByte = 4;
        body = new Uint8Array(4);
        view(body).setInt32(0, h.value);
        break;
      case 'long':
        typeByte = 5;
        body = new Uint8Array(8);
        view(body).setBigInt64(0, BigInt(h.value));
        break;
      case 'timestamp':
        typeByte = 8;
        body = new Uint8Array(8);
        view(body).setBigInt64(0, BigInt(h.value.getTime()));
        break;
      case 'binary':
      case 'string': {
        typeByte = h.type === 'binary' ? 6 : 7;
        const bytes = h.type === 'binary' ? h.value : utf8Encoder.encode(h.value);
        if (bytes.length > 0xffff) throw new TypeError(`header ${name}: value longer than 65535 bytes`);
        body = new Uint8Array(2 + bytes.length);
        body[0] = bytes.length >>> 8;
        body[1] = bytes.length & 0xff;
        body.set(bytes, 2);
        break;
      }
      case 'uuid': {
        typeByte = 9;
        const hex = h.value.replace(/-/g, '');
        if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new TypeError(`header ${name}: not a uuid: ${h.value}`);
        body = new Uint8Array(16);
        for (let i = 0; i < 16; i++) body[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
        break;
      }
      default:
        throw new TypeError(`header ${name}: unknown type ${(h as { type: string }).type}`);
    }
    const part = new Uint8Array(1 + nameBytes.length + 1 + body.length);
    part[0] = nameBytes.length;
    part.set(nameBytes, 1);
    part[1 + nameBytes.length] = typeByte;
    part.set(body, 2 + nameBytes.length);
    parts.push(part);
    size += part.length;
  }
  const out = new Uint8Array(size);
  let p = 0;
  for (const part of parts) {
    out.set(part, p);
    p += part.length;
  }
  return out;
}
