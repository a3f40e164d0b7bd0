// Abort helpers that work wherever AbortSignal exists (no AbortSignal.any: not on every edge runtime).

/** The reason a call rejects with once its signal aborted (the caller's own reason when set). */
export function abortReason(signal: AbortSignal): unknown {
  if (signal.reason !== undefined) return signal.reason;
  const err = new Error('This operation was aborted');
  err.name = 'AbortError';
  return err;
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
