// Event-stream messages → the runtime's typed events or typed errors.
import { errorFromService, MalformedResponseError } from '../errors.js';
import type { BedrockError } from '../errors.js';
import type { EventStreamMessage, HeaderValue } from '../eventstream/index.js';
import { decodeBase64 } from './base64.js';
import type { ConverseStreamEvent, RuntimeStreamEvent } from './types.js';

const utf8 = new TextDecoder();
// `{"bytes":"` — how every chunk payload Bedrock sends starts (the `p` padding comes after).
const PREFIX = [0x7b, 0x22, 0x62, 0x79, 0x74, 0x65, 0x73, 0x22, 0x3a, 0x22];
const QUOTE = 0x22;

function str(h: HeaderValue | undefined): string | undefined {
  return h && h.type === 'string' ? h.value : undefined;
}

/** `:message-type` (`event`, `exception`, `error`) of a message. */
export function messageType(m: EventStreamMessage): string | undefined {
  return str(m.headers[':message-type']);
}

export function eventType(m: EventStreamMessage): string | undefined {
  return str(m.headers[':event-type']);
}

/**
 * The model JSON of a `chunk` frame. The outer `{"bytes":"...","p":"..."}` is not parsed: the
 * base64 runs from the prefix to the next quote (base64 has no escapes). Anything else falls back
 * to `JSON.parse`.
 */
export function chunkEvent(payload: Uint8Array, requestId: string | undefined): RuntimeStreamEvent {
  let bytes: Uint8Array | null = null;
  if (startsWithPrefix(payload)) {
    const close = payload.indexOf(QUOTE, PREFIX.length);
    if (close > 0) bytes = decodeBase64(payload, PREFIX.length, close);
  }
  if (!bytes) bytes = parseChunk(payload, requestId);
  return { type: 'chunk', bytes };
}

function startsWithPrefix(p: Uint8Array): boolean {
  if (p.length < PREFIX.length) return false;
  for (let i = 0; i < PREFIX.length; i++) if (p[i] !== PREFIX[i]) return false;
  return true;
}

function parseChunk(payload: Uint8Array, requestId: string | undefined): Uint8Array {
  let b64: unknown;
  try {
    b64 = (JSON.parse(utf8.decode(payload)) as { bytes?: unknown }).bytes;
  } catch {
    b64 = undefined;
  }
  const text = typeof b64 === 'string' ? new TextEncoder().encode(b64) : undefined;
  const bytes = text && decodeBase64(text, 0, text.length);
  if (!bytes) throw new MalformedResponseError('chunk frame without a base64 `bytes` field', { requestId });
  return bytes;
}

// The six event types of the typed union (`ConverseStreamEventType`).
const CONVERSE_EVENT = /^(?:messageSt(?:art|op)|contentBlock(?:Start|Delta|Stop)|metadata)$/;

/**
 * A ConverseStream event: the payload JSON without its `p` padding. `undefined` for an event type
 * this version does not know (the typed union has no member for it; the provider ignores it too).
 * The payload is the service's; its fields are not checked here (the codecs read it defensively).
 */
export function converseEvent(type: string, payload: Uint8Array, requestId: string | undefined): ConverseStreamEvent | undefined {
  if (!CONVERSE_EVENT.test(type)) return undefined;
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(utf8.decode(payload));
  } catch {
    throw new MalformedResponseError(`${type} event with a payload that is not JSON`, { requestId });
  }
  if (data && typeof data === 'object') delete data.p;
  return { type, data } as unknown as ConverseStreamEvent;
}

/** The typed error of an `exception` or `error` frame. */
export function frameError(m: EventStreamMessage, kind: string, requestId: string | undefined): BedrockError {
  if (kind === 'error') {
    return errorFromService({
      errorType: str(m.headers[':error-code']) ?? 'UnknownError',
      message: str(m.headers[':error-message']),
      requestId,
    });
  }
  let message: string | undefined;
  try {
    const body = JSON.parse(utf8.decode(m.payload)) as { message?: unknown; Message?: unknown };
    const v = body.message ?? body.Message;
    if (typeof v === 'string') message = v;
  } catch {
    // an unparsable exception payload still ends the stream with the exception's type
  }
  return errorFromService({ errorType: str(m.headers[':exception-type']) ?? 'UnknownException', message, requestId });
}
