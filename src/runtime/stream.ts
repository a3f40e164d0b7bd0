// The streamed response as a hand-written async iterator. An async generator would do, but costs a
// resumption per event; here each network chunk is decoded at once into a small buffer and `next()`
// hands events out of it with an already-resolved promise.
import { EventStreamDecoder, EventStreamError } from '../eventstream/index.js';
import type { EventStreamMessage } from '../eventstream/index.js';
import { abortReason } from './abort.js';
import { frameError, messageType } from './events.js';
import type { TransportResponse } from './transport.js';
import type { RuntimeStream, StreamResponse } from './types.js';

export interface StreamPlan<E> {
  /** Sends one attempt; a non-2xx status rejects with its typed error. */
  send(): Promise<TransportResponse>;
  /** Waits before attempt `attempt + 1`, or rethrows `err` when it may not be retried. */
  wait(attempt: number, err: unknown): Promise<void>;
  /** The event of an `event` message; `undefined` skips it. */
  toEvent(m: EventStreamMessage, requestId: string | undefined): E | undefined;
  signal?: AbortSignal;
}

const EMPTY = new Uint8Array(0);
const DONE: IteratorReturnResult<undefined> = { value: undefined, done: true };

export class EventStream<E> implements RuntimeStream<E>, AsyncIterator<E, undefined> {
  readonly response: Promise<StreamResponse>;
  private settle!: (r: StreamResponse) => void;
  private reject!: (err: unknown) => void;
  private res: TransportResponse | undefined;
  private decoder: EventStreamDecoder | undefined;
  private meta: StreamResponse | undefined;
  private events: E[] = [];
  private at = 0;
  /** Thrown once the buffered events are out (an exception frame, a framing or network error). */
  private failure: unknown = undefined;
  private attempt = 0;
  private frames = 0;
  private delivered = false;
  private finished = false;
  private pulling: Promise<IteratorResult<E, undefined>> | undefined;

  constructor(private readonly plan: StreamPlan<E>) {
    this.response = new Promise<StreamResponse>((resolve, reject) => {
      this.settle = resolve;
      this.reject = reject;
    });
    this.response.catch(() => {}); // nobody has to listen to it
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<E, undefined>> {
    if (this.at < this.events.length) return Promise.resolve(this.take());
    // Calls while a pull is pending queue behind it (for-await never does this; manual callers may).
    if (this.pulling) return this.pulling.then(() => this.next());
    const p = this.pull();
    this.pulling = p;
    const clear = (): void => {
      if (this.pulling === p) this.pulling = undefined;
    };
    p.then(clear, clear);
    return p;
  }

  /** `break` / `return()`: stop the response and free the socket. */
  return(): Promise<IteratorResult<E, undefined>> {
    this.close(new TypeError('stream closed before its response'));
    return Promise.resolve(DONE);
  }

  private take(): IteratorResult<E, undefined> {
    const value = this.events[this.at++];
    if (this.at === this.events.length) {
      this.events.length = 0;
      this.at = 0;
    }
    if (!this.delivered) {
      this.delivered = true; // this attempt is the one: no retry from here on
      this.settle(this.meta!);
    }
    return { value, done: false };
  }

  private close(reason: unknown): void {
    this.finished = true;
    this.events.length = 0;
    this.at = 0;
    this.res?.body.cancel();
    this.res = undefined;
    this.reject(reason);
  }

  private async pull(): Promise<IteratorResult<E, undefined>> {
    const { plan } = this;
    for (;;) {
      if (this.at < this.events.length) return this.take();
      if (this.failure !== undefined) {
        const err = this.failure;
        this.failure = undefined;
        this.close(err);
        throw err;
      }
      if (this.finished) return DONE;
      try {
        if (plan.signal?.aborted) throw abortReason(plan.signal);
        if (!this.res) await this.open();
        const chunk = await this.res!.body.read();
        if (plan.signal?.aborted) throw abortReason(plan.signal);
        if (chunk === null) {
          this.decoder!.end();
          if (this.frames === 0) throw new EventStreamError('TRUNCATED', 'the stream ended before its first message', 0);
          this.finished = true;
          this.res = undefined;
          this.settle(this.meta!);
          continue;
        }
        this.decode(chunk);
      } catch (err) {
        this.res?.body.cancel();
        this.res = undefined;
        if (this.delivered || this.events.length > 0) {
          this.failure = err; // after the events already decoded
          continue;
        }
        try {
          await plan.wait(this.attempt, err);
        } catch (final) {
          this.close(final);
          throw final;
        }
      }
    }
  }

  private async open(): Promise<void> {
    this.attempt++;
    this.res = await this.plan.send();
    const requestId = this.res.headers['x-amzn-requestid'];
    this.meta = { requestId: requestId ?? '', status: this.res.status, headers: this.res.headers, attempts: this.attempt };
    this.decoder = new EventStreamDecoder();
    this.frames = 0;
  }

  private decode(chunk: Uint8Array): void {
    const decoder = this.decoder!;
    const requestId = this.meta!.requestId || undefined;
    const messages = decoder.push(chunk);
    for (let i = 0; i < messages.length; i++) {
      const m = messages[i];
      this.frames++;
      const kind = messageType(m);
      if (kind === 'event') {
        const event = this.plan.toEvent(m, requestId);
        if (event !== undefined) this.events.push(event);
      } else if (kind === 'exception' || kind === 'error') {
        throw frameError(m, kind, requestId);
      }
      // other message types (none defined today) are skipped
    }
    // The decoder hands out the good messages of a chunk before a framing fault and keeps the
    // fault for the next push: surface it now rather than after the next read (which may stall).
    if (messages.length > 0) decoder.push(EMPTY);
  }
}
