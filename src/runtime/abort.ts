// Abort helpers that work wherever AbortSignal exists (no AbortSignal.any: not on every edge runtime).
import { AbortError, BedrockError } from '../errors.js';

/**
 * What a call rejects with once its signal aborted: an `AbortError` whose `cause` is the signal's
 * reason; a reason that is already one of our errors (a `TimeoutError` of our own limits) as is.
 */
export function abortReason(signal: AbortSignal): BedrockError {
  const reason: unknown = signal.reason;
  // Ours pass through: an AbortError already made, a TimeoutError of our own time limits.
  if (reason instanceof BedrockError) return reason;
  const why = reason instanceof Error ? reason.message : reason === undefined ? '' : String(reason);
  return new AbortError(why ? `aborted: ${why}` : 'This operation was aborted', { cause: reason });
}

/** Calls `fn` once when `signal` aborts; returns the unsubscribe function. */
export function onAbort(signal: AbortSignal | undefined, fn: () => void): () => void {
  if (!signal) return noop;
  if (signal.aborted) {
    fn();
    return noop;
  }
  signal.addEventListener('abort', fn, { once: true });
  return () => signal.removeEventListener('abort', fn);
}

function noop(): void {}

/** Resolves after `ms`; rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    let off = noop;
    const timer = setTimeout(() => {
      off();
      resolve();
    }, ms);
    off = onAbort(signal, () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    });
  });
}
