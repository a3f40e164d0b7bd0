// A pull-side BodySource fed by a push-side producer (undici's dispatch handler): chunks are queued
// as they arrive, the producer is paused past a high-water mark (backpressure), and an idle timer
// fails the read that waits longer than `idleMs` for bytes.
import { TimeoutError } from '../errors.js';
import { IdleTimer } from './idle.js';
import type { BodySource } from './transport.js';

/** What the producer lets us do to the connection. */
export interface FlowControl {
  pause(): void;
  resume(): void;
  abort(reason: Error): void;
}

/** Queued bytes past which the socket is paused. Bounds memory when the consumer is slower than the network. */
const HIGH_WATER = 512 * 1024;

type Waiter = { resolve(chunk: Uint8Array | null): void; reject(err: unknown): void };

export class PushBody implements BodySource {
  private readonly queue: Uint8Array[] = [];
  private head = 0;
  private queued = 0;
  private paused = false;
  private ended = false;
  private error: unknown = undefined;
  private waiter: Waiter | null = null;
  private readonly idle: IdleTimer;

  constructor(
    private readonly flow: FlowControl,
    idleMs: number,
  ) {
    this.idle = new IdleTimer(idleMs, () => {
      const err = new TimeoutError('idle', idleMs);
      this.fail(err);
      this.flow.abort(err);
    });
  }

  // ---- producer side

  push(chunk: Uint8Array): void {
    if (this.ended) return;
    const w = this.waiter;
    if (w) {
      this.waiter = null;
      this.idle.busy();
      w.resolve(chunk);
      return;
    }
    this.queue.push(chunk);
    this.queued += chunk.length;
    if (!this.paused && this.queued > HIGH_WATER) {
      this.paused = true;
      this.flow.pause();
    }
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.idle.stop();
    const w = this.waiter;
    if (w && this.head === this.queue.length) {
      this.waiter = null;
      w.resolve(null);
    }
  }

  /** Fails the body: queued chunks are still delivered, then reads reject with `err`. */
  fail(err: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.error = err;
    this.idle.stop();
    const w = this.waiter;
    if (w) {
      this.waiter = null;
      w.reject(err);
    }
  }

  // ---- consumer side

  read(): Promise<Uint8Array | null> {
    if (this.head < this.queue.length) {
      const chunk = this.queue[this.head];
      this.queue[this.head++] = EMPTY; // drop the reference so the chunk can be collected
      this.queued -= chunk.length;
      if (this.head === this.queue.length) {
        this.queue.length = 0;
        this.head = 0;
        if (this.paused && !this.ended) {
          this.paused = false;
          this.flow.resume();
        }
      }
      return Promise.resolve(chunk);
    }
    if (this.ended) return this.error === undefined ? Promise.resolve(null) : Promise.reject(this.error);
    this.idle.waiting();
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  cancel(): void {
    if (this.ended) return;
    this.queue.length = 0;
    this.head = 0;
    this.queued = 0;
    this.end();
    this.flow.abort(new CancelledError());
  }
}

const EMPTY = new Uint8Array(0);

/** The reason handed to the connection when the consumer stops reading; never surfaces to the caller. */
export class CancelledError extends Error {
  override name = 'CancelledError';
  constructor() {
    super('response body cancelled by the consumer');
  }
}
