import { crc32, encodeEventStreamMessage, type HeaderValue } from '../eventstream/index.js';
import type { ConverseEvent } from './converse.js';
import { padding } from './padding.js';
import type { Rng } from './rng.js';

const str = (value: string): HeaderValue => ({ type: 'string', value });
const JSON_TYPE = str('application/json');
const EVENT = str('event');
const CHUNK_HEADERS = { ':event-type': str('chunk'), ':content-type': JSON_TYPE, ':message-type': EVENT };
const enc = new TextEncoder();

/** An InvokeModelWithResponseStream `chunk` frame: `{"bytes":"<base64 model JSON>","p":"..."}`. */
export function chunkFrame(json: Record<string, unknown>, rng: Rng): Uint8Array {
  const bytes = Buffer.from(JSON.stringify(json)).toString('base64');
  const payload = `{"bytes":"${bytes}","p":"${padding(rng)}"}`;
  return encodeEventStreamMessage({ headers: CHUNK_HEADERS, payload: enc.encode(payload) });
}

const converseHeaders = new Map<string, Record<string, HeaderValue>>();

/** A ConverseStream frame; like the service, the JSON keys are sorted and `p` is among them. */
export function converseFrame(event: ConverseEvent, rng: Rng): Uint8Array {
  let headers = converseHeaders.get(event.type);
  if (!headers) {
    headers = { ':event-type': str(event.type), ':content-type': JSON_TYPE, ':message-type': EVENT };
    converseHeaders.set(event.type, headers);
  }
  const data: Record<string, unknown> = { ...event.data, p: padding(rng) };
  const sorted: Record<string, unknown> = {};
  for (const k of Object.keys(data).sort()) sorted[k] = data[k];
  return encodeEventStreamMessage({ headers, payload: enc.encode(JSON.stringify(sorted)) });
}

/** `:message-type exception` with `:exception-type` (e.g. `throttlingException`) and `{"message"}`. */
export function exceptionFrame(exceptionType: string, message: string): Uint8Array {
  return encodeEventStreamMessage({
    headers: { ':exception-type': str(exceptionType), ':content-type': JSON_TYPE, ':message-type': str('exception') },
    payload: enc.encode(JSON.stringify({ message })),
  });
}

/** `:message-type error` with `:error-code` / `:error-message` headers and an empty payload. */
export function errorFrame(code: string, message: string): Uint8Array {
  return encodeEventStreamMessage({
    headers: { ':error-code': str(code), ':error-message': str(message), ':message-type': str('error') },
    payload: new Uint8Array(0),
  });
}

/** A copy of `frame` with one bit of its message CRC flipped (the prelude stays valid). */
export function corruptCrc(frame: Uint8Array): Uint8Array {
  const out = frame.slice();
  out[out.length - 1] ^= 0x01;
  return out;
}

/** A 12-byte prelude declaring `total` bytes (no headers), with a valid prelude CRC. */
export function oversizedPrelude(total: number): Uint8Array {
  const out = new Uint8Array(12);
  const view = new DataView(out.buffer);
  view.setUint32(0, total >>> 0);
  view.setUint32(4, 0);
  view.setUint32(8, crc32(out.subarray(0, 8)) >>> 0);
  return out;
}
