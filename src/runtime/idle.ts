// The idle timeout: fires when a reader has waited `ms` for bytes. One timer per body, re-armed
// lazily when it fires, instead of a setTimeout/clearTimeout pair per chunk.

export class IdleTimer {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private since = -1; // when the reader started waiting; -1 while it is not waiting
  private stopped = false;

  constructor(
    private readonly ms: number,
    private readonly onIdle: () => void,
  ) {
    if (ms > 0) this.arm(ms);
  }

  /** The reader starts waiting for bytes. */
  waiting(): void {
    this.since = Date.now();
  }

  /** Bytes came (or the reader stopped waiting). */
  busy(): void {
    this.since = -1;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(ms: number): void {
    this.timer = setTimeout(this.fire, ms);
  }

  private readonly fire = (): void => {
    this.timer = undefined;
    if (this.stopped) return;
    // Not waiting: the consumer is busy, which is not the network being idle.
    if (this.since < 0) return this.arm(this.ms);
    const waited = Date.now() - this.since;
    if (waited < this.ms) return this.arm(this.ms - waited);
    this.stopped = true;
    this.onIdle();
  };
}
