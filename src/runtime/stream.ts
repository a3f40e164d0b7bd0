// The streamed response as a hand-written async iterator. An async generator would do, but costs a
// resumption per event; here each network chunk is decoded at once into a small buffer and `next()`
// hands events out of it with an already-resolved promise. A closure rather than a class: its state
// is local variables, which the minifier shortens (property names it cannot).
import { EventStreamDecoder, EventStreamError } from '../eventstream/index.js';
import type { EventStreamMessage } from '../eventstream/index.js';
import { abortReason } from './abort.js';
import { frameError, messageType } from './events.js';
import { REQUEST_ID } from './headers.js';
import type { TransportResponse } from './transport.js';
import type { RuntimeStream, StreamResponse } from './types.js';

export interface StreamPlan<E> {
  /** Sends attempt `attempt` (1 = the first); a non-2xx status rejects with its typed error. */
  send(attempt: number): Promise<TransportResponse>;
  /** Waits before attempt `attempt + 1`, or throws `err` as final when it may not be retried. */
  wait(attempt: number, err: unknown): Promise<void>;
  /** `err` ends the stream after events reached the caller (no retry): returns the error to throw. */
  fail?(attempt: number, err: unknown): unknown;
  /** The stream ended (its last frame read), or the caller stopped reading it (`cancelled`). */
  done?(response: StreamResponse, cancelled: boolean): void;
  /** The event of an `event` message; `undefined` skips it. */
  toEvent(m: EventStreamMessage, requestId: string | undefined): E | undefined;
  signal?: AbortSignal;
  /** Called once when the stream is over (ended, failed or left): timers are released here. */
  end?(): void;
  /** Masks secrets in an error that ends the stream after events were delivered. */
  scrub?(err: unknown): unknown;
  /** A response that ends cleanly with no message is a stream, not TRUNCATED (bidirectional streams). */
  allowEmpty?: boolean;
}

type Result<E> = IteratorResult<E, undefined>;

const EMPTY = new Uint8Array(0);

/**
 * An event already decoded and waiting, handed out synchronously (`undefined` when none is): the
 * provider reads a network chunk's events through it with no promise per event. Internal — a
 * symbol, not part of the public `RuntimeStream` type.
 */
export const POLL: unique symbol = Symbol('bedrock-wire.poll');
const DONE: IteratorReturnResult<undefined> = { value: undefined, done: true };

export function eventStream<E>(plan: StreamPlan<E>): RuntimeStream<E> & AsyncIterator<E, undefined> {
  const { signal } = plan;
  let settle!: (r: StreamResponse) => void;
  let reject!: (err: unknown) => void;
  const response = new Promise<StreamResponse>((resolve, fail) => {
    settle = resolve;
    reject = fail;
  });
  response.catch(() => {}); // nobody has to listen to it
  let res: TransportResponse | undefined;
  let decoder: EventStreamDecoder | undefined;
  let meta: StreamResponse | undefined;
  const events: E[] = [];
  let at = 0;
  /** Thrown once the buffered events are out (an exception frame, a framing or network error). */
  let failure: unknown = undefined;
  let attempt = 0;
  let frames = 0;
  let delivered = false;
  let finished = false;
  let pulling: Promise<Result<E>> | undefined;

  function next(): Promise<Result<E>> {
    if (at < events.length) return Promise.resolve(take());
    // Calls while a pull is pending queue behind it (for-await never does this; manual callers may).
    if (pulling) return pulling.then(next);
    const p = pull();
    pulling = p;
    const clear = (): void => {
      if (pulling === p) pulling = undefined;
    };
    p.then(clear, clear);
    return p;
  }

  function take(): Result<E> {
    const value = events[at++];
    if (at === events.length) {
      events.length = 0;
      at = 0;
    }
    if (!delivered) {
      delivered = true; // this attempt is the one: no retry from here on
      settle(meta!);
    }
    return { value, done: false };
  }

  /** Stops the response (frees the socket) and drops what is buffered. */
  function cancel(): void {
    res?.body.cancel();
    res = undefined;
  }

  function close(reason: unknown): void {
    plan.end?.();
    finished = true;
    events.length = 0;
    at = 0;
    cancel();
    reject(reason);
  }

  async function pull(): Promise<Result<E>> {
    for (;;) {
      if (at < events.length) return take();
      if (failure !== undefined) {
        const err = plan.fail ? plan.fail(attempt, failure) : failure;
        failure = undefined;
        close(err);
        throw err;
      }
      if (finished) return DONE;
      try {
        if (signal?.aborted) throw abortReason(signal);
        if (!res) await open();
        const chunk = await res!.body.read();
        if (signal?.aborted) throw abortReason(signal);
        if (chunk === null) {
          decoder!.end();
          if (frames === 0 && !plan.allowEmpty) throw new EventStreamError('TRUNCATED', 'the stream ended before its first message', 0);
          finished = true;
          plan.end?.();
          res = undefined;
          settle(meta!);
          plan.done?.(meta!, false);
          continue;
        }
        decode(chunk);
      } catch (err) {
        cancel();
        if (delivered || events.length > 0) {
          failure = plan.scrub ? plan.scrub(err) : err; // after the events already decoded
          continue;
        }
        try {
          await plan.wait(attempt, err);
        } catch (final) {
          close(final);
          throw final;
        }
      }
    }
  }

  async function open(): Promise<void> {
    attempt++;
    const r = await plan.send(attempt);
    res = r;
    meta = { requestId: r.headers[REQUEST_ID] ?? '', status: r.status, headers: r.headers, attempts: attempt };
    decoder = new EventStreamDecoder();
    frames = 0;
  }

  function decode(chunk: Uint8Array): void {
    const requestId = meta!.requestId || undefined;
    const messages = decoder!.push(chunk);
    for (let i = 0; i < messages.length; i++) {
      const m = messages[i];
      frames++;
      const kind = messageType(m);
      if (kind === 'event') {
        const event = plan.toEvent(m, requestId);
        if (event !== undefined) events.push(event);
      } else if (kind === 'exception' || kind === 'error') {
        throw frameError(m, kind, requestId);
      }
      // other message types (none defined today) are skipped
    }
    // The decoder hands out the good messages of a chunk before a framing fault and keeps the
    // fault for the next push: surface it now rather than after the next read (which may stall).
    if (messages.length > 0) decoder!.push(EMPTY);
  }

  const stream = {
    response,
    [Symbol.asyncIterator]: () => stream,
    next,
    [POLL]: (): E | undefined => (at < events.length && !pulling ? take().value : undefined),
    /** `break` / `return()`: stop the response and free the socket. */
    return(): Promise<Result<E>> {
      if (res && meta && !finished) plan.done?.(meta, true);
      close(new TypeError('stream closed before its response'));
      return Promise.resolve(DONE);
    },
  };
  return stream;
}
