// Request bodies in, response bodies out.
import { ValidationError } from '../errors.js';
import type { BodySource } from './transport.js';

const utf8 = new TextEncoder();

/** A request body as bytes: bytes as they are, a string as UTF-8, anything else as JSON. */
export function toBytes(body: Uint8Array | string | object, field = 'body'): Uint8Array {
  if (body instanceof Uint8Array) return body;
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (typeof body === 'string') return utf8.encode(body);
  if (typeof body !== 'object' || body === null) {
    throw new ValidationError(`${field}: expected bytes, a string or an object (sent as JSON), got ${body === null ? 'null' : typeof body}`);
  }
  return utf8.encode(json(body, field));
}

/**
 * `JSON.stringify`, with what it cannot write (a BigInt, a cycle, nesting too deep for the stack)
 * as a `ValidationError` naming the field (for an object, the first of its fields that fails).
 */
export function json(value: object, field: string): string {
  try {
    return JSON.stringify(value);
  } catch (e) {
    let at = field;
    if (field === 'request' || field === 'input') {
      for (const key of Object.keys(value)) {
        try {
          JSON.stringify((value as Record<string, unknown>)[key]);
        } catch {
          at = key;
          break;
        }
      }
    }
    const why = e instanceof RangeError ? 'nested too deeply' : String((e as Error).message).split('\n')[0];
    throw new ValidationError(`${at}: cannot be sent as JSON (${why})`);
  }
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
