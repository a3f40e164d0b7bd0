// Request bodies in, response bodies out.
import { ValidationError } from '../errors.js';
import type { BodySource } from './transport.js';

const utf8 = new TextEncoder();

/** A request body as bytes: bytes as they are, a string as UTF-8, anything else as JSON. */
export function toBytes(body: Uint8Array | string | object): Uint8Array {
  if (body instanceof Uint8Array) return body;
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (typeof body === 'string') return utf8.encode(body);
  if (typeof body !== 'object' || body === null) {
    throw new ValidationError(`body: expected bytes, a string or an object (sent as JSON), got ${body === null ? 'null' : typeof body}`);
  }
  return utf8.encode(JSON.stringify(body));
}

/** The whole body, or its first `limit` bytes (the rest is cancelled). */
export async function readAll(body: BodySource, limit = Infinity): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const chunk = await body.read();
    if (chunk === null) break;
    parts.push(chunk);
    size += chunk.length;
    if (size >= limit) {
      body.cancel();
      break;
    }
  }
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(size);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
