// The idle timeout: fires when a reader has waited `ms` for bytes. One timer per body, re-armed
// lazily when it fires, instead of a setTimeout/clearTimeout pair per chunk.

export interface IdleTimer {
  /** The reader starts waiting for bytes. */
  waiting(): void;
  /** Bytes came (or the reader stopped waiting). */
  busy(): void;
  stop(): void;
}

/** Calls `onIdle` once a reader has waited `ms` (0 = never). */
export function idleTimer(ms: number, onIdle: () => void): IdleTimer {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let since = -1; // when the reader started waiting; -1 while it is not waiting
  let stopped = false;

  const arm = (wait: number): void => {
    timer = setTimeout(fire, wait);
  };
  const fire = (): void => {
    timer = undefined;
    if (stopped) return;
    // Not waiting: the consumer is busy, which is not the network being idle.
    if (since < 0) return arm(ms);
    const waited = Date.now() - since;
    if (waited < ms) return arm(ms - waited);
    stopped = true;
    onIdle();
  };
  if (ms > 0) arm(ms);

  return {
    waiting() {
      since = Date.now();
    },
    busy() {
      since = -1;
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
