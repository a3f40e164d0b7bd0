// InvokeModelWithBidirectionalStream: one HTTP/2 stream, both directions open at once. Each event
// the caller sends becomes an inner message (`:event-type chunk`, payload `{"bytes":"<base64>"}`)
// wrapped in an outer message signed in a chain (`:date`, `:chunk-signature`); the answers are read
// with the same decoder, idle timer and typed exception frames as the response streams.
import type { EventSigner, Signer } from '../aws/index.js';
import { eventSigner } from '../aws/event-signer.js';
import { toBase64 } from '../base64.js';
import { ConfigurationError, TimeoutError, ValidationError } from '../errors.js';
import { crc32 } from '../eventstream/crc32.js';
import { abortReason, onAbort } from './abort.js';
import { readAll } from './body.js';
import { chunkEvent, eventType } from './events.js';
import { REQUEST_ID } from './headers.js';
import type { Duplex, DuplexTransport } from './http2.js';
import { eventStream } from './stream.js';
import type { TransportResponse } from './transport.js';
import type { RuntimeStream, RuntimeStreamEvent, StreamResponse } from './types.js';
import { parseServiceError } from '../aws/index.js';
import { platform } from '#runtime/platform';

/** What the client hands over: its signer, its HTTP/2 transport (loaded on first use), its timeouts. */
export interface BidiContext {
  signer: Signer;
  transport(): Promise<DuplexTransport>;
  url: URL;
  firstByteMs: number;
  idleMs: number;
}

export interface BidirectionalStreamInput {
  modelId: string;
  /** Events to send, as the official client takes them: each an object (sent as JSON) or bytes; `end()` follows the last. */
  input?: AsyncIterable<object | Uint8Array>;
}

export interface BidirectionalStreamOptions {
  /** Cancels the HTTP/2 stream; reads and pending sends reject with an `AbortError` (`cause`: `signal.reason`). */
  signal?: AbortSignal;
  /**
   * Whole-session limit: the stream is cancelled with `TimeoutError('total')` after it. Default
   * 490 000 ms (the service's 8 minutes plus 10 s, so that the service's own exception comes first).
   */
  maxDurationMs?: number;
  /** No answer bytes while the reader waits. Default: the client's `timeouts.idleMs`. */
  idleMs?: number;
  /**
   * Bytes of sent events not yet taken by the transport (the caller did not await `send()`).
   * Past it `send()` rejects with a ValidationError. Default 8 MiB.
   */
  maxPendingBytes?: number;
}

/**
 * The answers of a bidirectional stream, and its request half. `send()` resolves when the bytes
 * were accepted by HTTP/2 (flow control included): await it and memory stays bounded. Iterating
 * (or `send()`) opens the stream; `break`, the signal or `cancel()` resets it.
 */
export interface BidirectionalStream extends RuntimeStream<RuntimeStreamEvent> {
  /** Sends one event: an object as JSON, or the event's bytes. */
  send(event: object | Uint8Array): Promise<void>;
  /** Sends the signed empty frame that ends the input, then half-closes. Idempotent. */
  end(): Promise<void>;
  /** Resets the stream now; reads and pending sends reject with `reason`. */
  cancel(reason?: unknown): void;
}

const DEFAULT_MAX_DURATION_MS = 490_000;
const DEFAULT_MAX_PENDING = 8 * 1024 * 1024;
/** The service's largest event-stream message (16 MiB). */
const MAX_EVENT_BYTES = 16 * 1024 * 1024;
const EMPTY = new Uint8Array(0);
const utf8 = new TextEncoder();
const utf8d = new TextDecoder();

/** A string header's bytes: name length, name, type 7, u16 value length, value (all ASCII here). */
const stringHeader = (name: string, value: string): string => `${String.fromCharCode(name.length)}${name}\x07\0${String.fromCharCode(value.length)}${value}`;
const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
/** The inner message's header block, the same for every event (the official client's order). */
let innerHead: Uint8Array | undefined;
/** `:date` = 1 + 5 + 1 + 8 bytes; `:chunk-signature` = 1 + 16 + 1 + 2 + 32. */
const DATE_LEN = 15;
const SIG_LEN = 52;

export function bidirectionalStream(ctx: BidiContext, input: BidirectionalStreamInput, opts: BidirectionalStreamOptions = {}): BidirectionalStream {
  // Refused before anything connects: the service takes only SigV4 here.
  if (!ctx.signer.signStream) {
    throw new ConfigurationError('InvokeModelWithBidirectionalStream does not accept Bedrock API keys (bearer): use AWS credentials (SigV4)');
  }
  const maxPending = opts.maxPendingBytes ?? DEFAULT_MAX_PENDING;
  const maxDuration = opts.maxDurationMs ?? DEFAULT_MAX_DURATION_MS;
  const idleMs = opts.idleMs ?? ctx.idleMs;
  for (const [name, v] of [['maxPendingBytes', maxPending], ['maxDurationMs', maxDuration], ['idleMs', idleMs]] as const) {
    if (typeof v !== 'number' || !(v >= 0)) throw new ValidationError(`${name}: expected a number >= 0, got ${String(v)}`);
  }

  // One internal signal: the caller's, the session limit and cancel() all reset the stream.
  const control = new AbortController();
  const stop = (reason: unknown): void => {
    if (!control.signal.aborted) control.abort(reason);
  };
  const offCaller = onAbort(opts.signal, () => stop(abortReason(opts.signal!)));
  let limit: ReturnType<typeof setTimeout> | undefined;

  let opening: Promise<{ duplex: Duplex; events: EventSigner }> | undefined;
  const open = () =>
    (opening ??= (async () => {
      if (control.signal.aborted) throw control.signal.reason;
      const { headers, events } = await ctx.signer.signStream!({
        method: 'POST',
        url: ctx.url,
        headers: { 'content-type': 'application/vnd.amazon.eventstream' },
      }, eventSigner);
      const transport = await ctx.transport();
      if (control.signal.aborted) throw control.signal.reason;
      if (maxDuration > 0) limit = setTimeout(() => stop(new TimeoutError('total', maxDuration)), maxDuration);
      const duplex = transport.open({ url: ctx.url, headers, signal: control.signal, firstByteMs: ctx.firstByteMs, idleMs });
      return { duplex, events };
    })());

  let settle!: (r: StreamResponse) => void;
  let reject!: (e: unknown) => void;
  const response = new Promise<StreamResponse>((ok, fail) => {
    settle = ok;
    reject = fail;
  });
  response.catch(() => {});

  /** The 2xx response, or the status's typed error (the body read for the service's message). */
  const answered = async (): Promise<TransportResponse> => {
    try {
      const r = await (await open()).duplex.response;
      if (r.status < 200 || r.status >= 300) {
        let text = '';
        try {
          text = utf8d.decode(await readAll(r.body, 64 * 1024));
        } catch {
          // the status and headers still say what went wrong
        }
        throw parseServiceError(r.status, r.headers, text);
      }
      settle({ requestId: r.headers[REQUEST_ID] ?? '', status: r.status, headers: r.headers, attempts: 1 });
      return r;
    } catch (err) {
      reject(err);
      stop(err);
      throw err;
    }
  };

  // ---- request half: sends are chained (the signatures are), each resolved once written.
  let queue: Promise<void> = Promise.resolve();
  let pending = 0;
  let ending: Promise<void> | undefined;

  const write = async (payload: Uint8Array, size: number): Promise<void> => {
    try {
      const { duplex, events } = await open();
      if (control.signal.aborted) throw control.signal.reason;
      const date = new Date();
      const frame = outerFrame(payload, date);
      const signature = await events.sign(frame.subarray(12, 12 + DATE_LEN), payload, date);
      frame.set(signature, 12 + DATE_LEN + SIG_LEN - 32);
      finishFrame(frame);
      await duplex.write(frame);
    } finally {
      pending -= size;
    }
  };
  const enqueue = (payload: Uint8Array): Promise<void> => {
    pending += payload.length;
    const p = queue.then(() => write(payload, payload.length));
    // A failed send fails the ones queued after it the same way (the chain is broken).
    queue = p.catch((err) => {
      stop(err);
    });
    return p;
  };

  function send(event: object | Uint8Array): Promise<void> {
    if (ending) return Promise.reject(new ValidationError('send: the stream was already ended with end()'));
    if (control.signal.aborted) return Promise.reject(control.signal.reason);
    let bytes: Uint8Array;
    if (event instanceof Uint8Array) bytes = event;
    else if (event !== null && typeof event === 'object') bytes = utf8.encode(JSON.stringify(event));
    else return Promise.reject(new ValidationError(`event: expected an object or a Uint8Array, got ${event === null ? 'null' : typeof event}`));
    const payload = innerMessage(bytes);
    if (payload.length > MAX_EVENT_BYTES) return Promise.reject(new ValidationError(`event: ${payload.length} bytes once framed, over the 16 MiB event limit`));
    if (pending + payload.length > maxPending) {
      return Promise.reject(new ValidationError(`send: more than maxPendingBytes (${maxPending}) not yet taken by the connection: await send() before sending more`));
    }
    return enqueue(payload);
  }

  function end(): Promise<void> {
    return (ending ??= enqueue(EMPTY).then(async () => (await open()).duplex.end()));
  }

  const events = eventStream<RuntimeStreamEvent>({
    send: answered,
    wait: (_attempt, err) => Promise.reject(err), // never retried: the events sent cannot be replayed
    toEvent: (m, requestId) => (eventType(m) === 'chunk' ? chunkEvent(m.payload, requestId) : undefined),
    signal: control.signal,
    allowEmpty: true,
  });

  const finish = (reason: unknown): void => {
    clearTimeout(limit);
    offCaller();
    stop(reason);
    opening?.then(({ duplex }) => duplex.cancel(control.signal.reason), () => {});
  };

  // Cancel on abort even when nobody is reading or writing at that moment.
  onAbort(control.signal, () => finish(control.signal.reason));

  const next = async (): Promise<IteratorResult<RuntimeStreamEvent, undefined>> => {
    try {
      const r = await events.next();
      if (r.done) {
        // The answers ended: nothing more can come. A request half still open is reset; an end()
        // under way is left to finish (the stream closes once both halves have ended).
        if (ending) {
          clearTimeout(limit);
          offCaller();
        } else finish(new ValidationError('send: the response already ended'));
      }
      return r;
    } catch (err) {
      finish(err);
      throw err;
    }
  };

  if (input.input) {
    void (async () => {
      try {
        for await (const e of input.input!) await send(e);
        await end();
      } catch (err) {
        stop(err);
      }
    })();
  }

  const stream: BidirectionalStream & AsyncIterator<RuntimeStreamEvent, undefined> = {
    response,
    send,
    end,
    cancel(reason = new DOMException('The stream was cancelled', 'AbortError')) {
      finish(reason);
    },
    [Symbol.asyncIterator]: () => stream,
    next,
    return() {
      finish(new ValidationError('send: the stream was closed by its reader'));
      return events.return!();
    },
  };
  return stream;
}

/** The HTTP/2 transport, loaded on the first bidirectional stream. The browser/edge build has none (package.json `#runtime/platform`). */
export async function loadHttp2Transport(connectMs: number): Promise<DuplexTransport> {
  const createHttp2Transport = await platform.http2Transport?.();
  if (!createHttp2Transport) throw new ConfigurationError('InvokeModelWithBidirectionalStream needs HTTP/2 (node:http2): use it from Node.js');
  return createHttp2Transport({ connectMs });
}

/** The inner message of one event: fixed headers, payload `{"bytes":"<base64>"}`. */
function innerMessage(event: Uint8Array): Uint8Array {
  const INNER_HEAD = (innerHead ??= latin1(stringHeader(':event-type', 'chunk') + stringHeader(':message-type', 'event') + stringHeader(':content-type', 'application/json')));
  const body = utf8.encode(`{"bytes":"${toBase64(event)}"}`);
  const total = 16 + INNER_HEAD.length + body.length;
  const out = new Uint8Array(total);
  prelude(out, total, INNER_HEAD.length);
  out.set(INNER_HEAD, 12);
  out.set(body, 12 + INNER_HEAD.length);
  finishFrame(out);
  return out;
}

/** The outer frame with its `:date` written and room for the signature; `finishFrame` after signing. */
function outerFrame(payload: Uint8Array, date: Date): Uint8Array {
  const headers = DATE_LEN + SIG_LEN;
  const total = 16 + headers + payload.length;
  const out = new Uint8Array(total);
  prelude(out, total, headers);
  // `:date` (type 8, int64 ms), then `:chunk-signature` (type 6, 32 bytes, filled in after signing).
  out.set(latin1('\x05:date\x08'), 12);
  new DataView(out.buffer).setBigInt64(19, BigInt(date.getTime()));
  out.set(latin1('\x10:chunk-signature\x06\0\x20'), 27);
  out.set(payload, 12 + headers);
  return out;
}

function prelude(out: Uint8Array, total: number, headers: number): void {
  const v = new DataView(out.buffer, out.byteOffset, out.byteLength);
  v.setUint32(0, total);
  v.setUint32(4, headers);
  v.setUint32(8, crc32(out.subarray(0, 8)) >>> 0);
}

function finishFrame(out: Uint8Array): void {
  new DataView(out.buffer, out.byteOffset, out.byteLength).setUint32(out.length - 4, crc32(out.subarray(0, out.length - 4)) >>> 0);
}
