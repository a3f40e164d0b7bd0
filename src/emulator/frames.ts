import { crc32, encodeEventStreamMessage, type HeaderValue } from '../eventstream/index.js';
import type { ConverseEvent } from './converse.js';
import { padding } from './padding.js';
import type { Rng } from './rng.js';

const str = (value: string): HeaderValue => ({ type: 'string', value });
const JSON_TYPE = str('application/json');
const EVENT = str('event');
const enc = new TextEncoder();

/**
 * Frames with fixed headers, built fast: the header block is encoded once (by the eventstream
 * encoder) and each frame only copies it, writes the payload and computes the two CRCs. A stream
 * of millions of frames must not be limited by the emulator (benchmarks read it at full speed).
 */
export class FrameTemplate {
  private readonly head: Uint8Array;
  constructor(headers: Record<string, HeaderValue>) {
    const empty = encodeEventStreamMessage({ headers, payload: new Uint8Array(0) });
    this.head = empty.slice(12, empty.length - 4);
  }

  /** A frame carrying `payload` (bytes, or a string written as UTF-8). */
  frame(payload: Uint8Array | string): Uint8Array {
    const size = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
    const total = 16 + this.head.length + size;
    const out = Buffer.allocUnsafe(total);
    out.writeUInt32BE(total, 0);
    out.writeUInt32BE(this.head.length, 4);
    out.writeUInt32BE(crc32(out.subarray(0, 8)) >>> 0, 8);
    out.set(this.head, 12);
    const at = 12 + this.head.length;
    if (typeof payload === 'string') out.write(payload, at, 'utf8');
    else out.set(payload, at);
    out.writeUInt32BE(crc32(out.subarray(0, total - 4)) >>> 0, total - 4);
    return out;
  }
}

const chunkTemplate = new FrameTemplate({ ':event-type': str('chunk'), ':content-type': JSON_TYPE, ':message-type': EVENT });

/** An InvokeModelWithResponseStream `chunk` frame: `{"bytes":"<base64 model JSON>","p":"..."}`. */
export function chunkFrame(json: Record<string, unknown>, rng: Rng): Uint8Array {
  const bytes = Buffer.from(JSON.stringify(json)).toString('base64');
  return chunkTemplate.frame(`{"bytes":"${bytes}","p":"${padding(rng)}"}`);
}

const converseTemplates = new Map<string, FrameTemplate>();

/** A ConverseStream frame; like the service, the JSON keys are sorted and `p` is among them. */
export function converseFrame(event: ConverseEvent, rng: Rng): Uint8Array {
  let template = converseTemplates.get(event.type);
  if (!template) {
    template = new FrameTemplate({ ':event-type': str(event.type), ':content-type': JSON_TYPE, ':message-type': EVENT });
    converseTemplates.set(event.type, template);
  }
  const data: Record<string, unknown> = { ...event.data, p: padding(rng) };
  const sorted: Record<string, unknown> = {};
  for (const k of Object.keys(data).sort()) sorted[k] = data[k];
  return template.frame(JSON.stringify(sorted));
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

/**
 * Cuts a recorded body at its frame boundaries (by the prelude lengths), so a replay can be written
 * one frame per `write` and faults can hit frame N. Bytes that do not parse as frames (a damaged
 * capture) stay together as one last piece: a replay is always byte-identical.
 */
export function* splitFrames(body: Uint8Array): Generator<Uint8Array> {
  let at = 0;
  while (at < body.length) {
    const total = body.length - at >= 4 ? ((body[at] << 24) | (body[at + 1] << 16) | (body[at + 2] << 8) | body[at + 3]) >>> 0 : 0;
    if (total < 16 || at + total > body.length) break;
    yield body.subarray(at, at + total);
    at += total;
  }
  if (at < body.length) yield body.subarray(at);
}
