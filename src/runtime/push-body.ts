// A pull-side BodySource fed by a push-side producer (undici's dispatch handler): chunks are queued
// as they arrive, the producer is paused past a high-water mark (backpressure), and an idle timer
// fails the read that waits longer than `idleMs` for bytes. A closure rather than a class: its
// state is local variables, which the minifier shortens (property names it cannot).
import { TimeoutError } from '../errors.js';
import { idleTimer } from './idle.js';
import type { BodySource } from './transport.js';

/** What the producer lets us do to the connection. */
export interface FlowControl {
  pause(): void;
  resume(): void;
  abort(reason: Error): void;
}

/** The producer's side of the body. */
export interface PushBody extends BodySource {
  push(chunk: Uint8Array): void;
  end(): void;
  /** Fails the body: queued chunks are still delivered, then reads reject with `err`. */
  fail(err: unknown): void;
}

/** Queued bytes past which the socket is paused. Bounds memory when the consumer is slower than the network. */
const HIGH_WATER = 512 * 1024;

const EMPTY = new Uint8Array(0);

type Waiter = { resolve(chunk: Uint8Array | null): void; reject(err: unknown): void };

export function pushBody(flow: FlowControl, idleMs: number): PushBody {
  const queue: Uint8Array[] = [];
  let head = 0;
  let queued = 0;
  let paused = false;
  let ended = false;
  let error: unknown = undefined;
  let waiter: Waiter | null = null;
  const idle = idleTimer(idleMs, () => {
    const err = new TimeoutError('idle', idleMs);
    fail(err);
    flow.abort(err);
  });

  function end(): void {
    if (ended) return;
    ended = true;
    idle.stop();
    const w = waiter;
    if (w && head === queue.length) {
      waiter = null;
      w.resolve(null);
    }
  }

  function fail(err: unknown): void {
    if (ended) return;
    ended = true;
    error = err;
    idle.stop();
    const w = waiter;
    if (w) {
      waiter = null;
      w.reject(err);
    }
  }

  return {
    // ---- producer side

    push(chunk) {
      if (ended) return;
      const w = waiter;
      if (w) {
        waiter = null;
        idle.busy();
        w.resolve(chunk);
        return;
      }
      queue.push(chunk);
      queued += chunk.length;
      if (!paused && queued > HIGH_WATER) {
        paused = true;
        flow.pause();
      }
    },
    end,
    fail,

    // ---- consumer side

    read() {
      if (head < queue.length) {
        const chunk = queue[head];
        queue[head++] = EMPTY; // drop the reference so the chunk can be collected
        queued -= chunk.length;
        if (head === queue.length) {
          queue.length = 0;
          head = 0;
          if (paused && !ended) {
            paused = false;
            flow.resume();
          }
        }
        return Promise.resolve(chunk);
      }
      if (ended) return error === undefined ? Promise.resolve(null) : Promise.reject(error);
      idle.waiting();
      return new Promise((resolve, reject) => {
        waiter = { resolve, reject };
      });
    },

    cancel() {
      if (ended) return;
      queue.length = 0;
      head = 0;
      queued = 0;
      end();
      flow.abort(new CancelledError());
    },
  };
}

/** The reason handed to the connection when the consumer stops reading; never surfaces to the caller. */
export class CancelledError extends Error {
  override name = 'CancelledError';
  constructor() {
    super('response body cancelled by the consumer');
  }
}
