import { setImmediate as yieldLoop, setTimeout as sleep } from 'node:timers/promises';
import type { Exchange } from './exchange.js';
import { corruptCrc, errorFrame, exceptionFrame, oversizedPrelude } from './frames.js';
import type { Fault } from './types.js';

type FaultOf<K extends Fault['kind']> = Extract<Fault, { kind: K }> | undefined;
const find = <K extends Fault['kind']>(faults: Fault[], kind: K) => faults.find((f) => f.kind === kind) as FaultOf<K>;

const BULK = 16 * 1024;

/** Writes a body while counting bytes, so a `reset` fault can cut it at an exact offset. */
class BodyWriter {
  sent = 0;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  constructor(
    private readonly ex: Exchange,
    private readonly resetAt: number | undefined,
    private readonly coalesce: boolean,
  ) {}

  /**
   * False once the exchange is dead (reset done or client gone). Synchronous unless it has to wait
   * (backpressure, a reset): an await per frame would cost more than building the frame.
   */
  write(bytes: Uint8Array): boolean | Promise<boolean> {
    if (this.ex.gone) return false;
    if (this.resetAt !== undefined && this.sent + this.pendingBytes + bytes.length >= this.resetAt) return this.cut(bytes);
    if (!this.coalesce) {
      this.sent += bytes.length;
      const wait = this.ex.write(bytes);
      return wait ? wait.then(() => !this.ex.gone) : !this.ex.gone;
    }
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= BULK) return this.flush().then(() => !this.ex.gone);
    return !this.ex.gone;
  }

  private async cut(bytes: Uint8Array): Promise<boolean> {
    await this.flush();
    const cut = (this.resetAt ?? 0) - this.sent;
    if (cut > 0) await this.ex.write(bytes.subarray(0, cut));
    this.sent += Math.max(cut, 0);
    // Let the partial bytes leave before the socket dies.
    await yieldLoop();
    this.ex.reset();
    return false;
  }

  async flush(): Promise<void> {
    if (this.pendingBytes === 0) return;
    const all = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
    this.sent += this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    await this.ex.write(all);
  }

  async end(): Promise<void> {
    await this.flush();
    this.ex.end();
  }
}

/** Applies `delay.firstByteMs` and `reset` at 0 bytes; false when the exchange was reset. */
export async function beforeHead(ex: Exchange, faults: Fault[]): Promise<boolean> {
  const delay = find(faults, 'delay');
  if (delay?.firstByteMs) await sleep(delay.firstByteMs);
  const reset = find(faults, 'reset');
  if (reset && reset.afterBytes === 0) {
    ex.reset();
    return false;
  }
  return !ex.gone;
}

/** Sends a whole (non-streaming) body, honouring `reset`. */
export async function sendBody(ex: Exchange, status: number, headers: Record<string, string>, body: Uint8Array, faults: Fault[]): Promise<void> {
  ex.writeHead(status, { ...headers, 'content-length': String(body.length) });
  const w = new BodyWriter(ex, find(faults, 'reset')?.afterBytes, false);
  if (await w.write(body)) await w.end();
}

/**
 * Sends event-stream frames one `write` each (or in ≈16 KiB writes with `coalesce`), applying the
 * stream faults at their frame index. A fault whose index lies past the last frame fires at the end.
 */
export async function sendFrames(ex: Exchange, headers: Record<string, string>, frames: Iterable<Uint8Array>, faults: Fault[], coalesce: boolean): Promise<void> {
  ex.writeHead(200, headers);
  const w = new BodyWriter(ex, find(faults, 'reset')?.afterBytes, coalesce);
  const delay = find(faults, 'delay');
  const exception = find(faults, 'exception');
  const error = find(faults, 'errorFrame');
  const stall = find(faults, 'stall');
  const oversized = find(faults, 'oversized');
  const corrupt = find(faults, 'corruptCrc');

  // Returns true when a terminal fault fired at frame index i.
  const terminal = async (i: number): Promise<boolean> => {
    if (exception && exception.afterEvents <= i) {
      if (await w.write(exceptionFrame(exception.exceptionType, exception.message ?? defaultMessage(exception.exceptionType)))) await w.end();
      return true;
    }
    if (error && error.afterEvents <= i) {
      if (await w.write(errorFrame(error.errorCode, error.errorMessage))) await w.end();
      return true;
    }
    if (oversized && oversized.afterEvents <= i) {
      if (await w.write(oversizedPrelude(oversized.bytes))) await w.end();
      return true;
    }
    if (stall && stall.afterEvents <= i) {
      await w.flush();
      await ex.closed;
      return true;
    }
    return false;
  };

  let i = 0;
  for (const frame of frames) {
    if (await terminal(i)) return;
    const bytes = corrupt && corrupt.afterEvents === i ? corruptCrc(frame) : frame;
    const written = w.write(bytes);
    if (!(typeof written === 'boolean' ? written : await written)) return;
    i++;
    if (delay) {
      await w.flush();
      if (delay.perChunkMs > 0) await sleep(delay.perChunkMs);
      else await yieldLoop();
      if (ex.gone) return;
    }
  }
  if (await terminal(Infinity)) return;
  await w.end();
}

function defaultMessage(type: string): string {
  return type === 'throttlingException'
    ? 'Too many requests, please wait before trying again.'
    : `The emulator injected a ${type}.`;
}
