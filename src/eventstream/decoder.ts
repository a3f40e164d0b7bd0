import { crc32, crc32Range } from './crc32.js';
import { EventStreamError } from './error.js';
import { HeaderCache } from './header-cache.js';
import type { DecoderOptions, EventStreamMessage } from './types.js';

const PRELUDE = 12;
const OVERHEAD = 16; // prelude + message CRC
/** Below this many bytes the JS CRC beats the native call plus the view it needs. */
const SMALL = 96;
/** The service's documented maximum message size. */
export const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

function u32(b: Uint8Array, p: number): number {
  return ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
}

/**
 * Incremental, synchronous event-stream decoder.
 *
 * - `push(chunk)` returns the messages that chunk completed, in order.
 * - The prelude CRC is checked as soon as its 12 bytes are in, and the lengths after it, before
 *   anything is allocated: a corrupt or oversized length never makes the decoder wait or allocate.
 * - A message that lies within one chunk is returned as views into that chunk (no copy). A message
 *   that spans chunks is assembled into one allocation of exactly its size; pending bytes are never
 *   re-concatenated per chunk.
 * - On a fault, `push` first returns the messages that chunk completed before it (if any) and the
 *   next `push`/`end` throws; otherwise it throws at once. After an error every later `push`/`end`
 *   throws the same error: the decoder does not resync. Always call `end()`.
 * - `end()` throws `TRUNCATED` if a partial message is pending.
 */
export class EventStreamDecoder {
  private readonly max: number;
  /** Partial prelude, while fewer than 12 bytes of the next message have arrived. */
  private readonly head = new Uint8Array(PRELUDE);
  private headFill = 0;
  /** The message being assembled across chunks (exactly its size), and how much is filled. */
  private body: Uint8Array | null = null;
  private bodyFill = 0;
  private bodyCrc = 0;
  /** Bytes consumed before the current chunk: for error offsets. */
  private consumed = 0;
  private failure: EventStreamError | null = null;
  private readonly headerCache = new HeaderCache();

  constructor(options: DecoderOptions = {}) {
    const max = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    if (!Number.isInteger(max) || max < OVERHEAD) throw new TypeError(`maxMessageBytes must be an integer >= ${OVERHEAD}`);
    this.max = max;
  }

  /** Bytes held for a message not yet complete (0 between messages). */
  get pendingBytes(): number {
    return this.body ? this.bodyFill : this.headFill;
  }

  push(chunk: Uint8Array): EventStreamMessage[] {
    if (this.failure) throw this.failure;
    const out: EventStreamMessage[] = [];
    try {
      this.consume(chunk, out);
    } catch (err) {
      this.failure = err instanceof EventStreamError ? err : new EventStreamError('INVALID_HEADER', String(err), this.consumed);
      // The messages this chunk completed before the fault are valid (both CRCs checked): hand
      // them out and throw on the next call, so what a caller sees before an error does not
      // depend on how the stream was chunked.
      if (out.length === 0) throw this.failure;
    }
    return out;
  }

  end(): void {
    if (this.failure) throw this.failure;
    const pending = this.pendingBytes;
    if (pending > 0) {
      this.failure = new EventStreamError(
        'TRUNCATED',
        `stream ended inside a message: ${pending} byte(s) of ${this.body ? this.body.length : 'a 12-byte prelude'} received`,
        this.consumed - pending,
      );
      throw this.failure;
    }
  }

  private consume(chunk: Uint8Array, out: EventStreamMessage[]): void {
    const n = chunk.length;
    let p = 0;
    const base = this.consumed;

    // 1. Finish a prelude that started in an earlier chunk.
    if (this.headFill > 0) {
      const take = Math.min(PRELUDE - this.headFill, n);
      this.head.set(chunk.subarray(0, take), this.headFill);
      this.headFill += take;
      p = take;
      if (this.headFill < PRELUDE) {
        this.consumed += n;
        return;
      }
      const start = base - (this.headFill - take);
      const total = this.checkPrelude(this.head, 0, start);
      this.body = new Uint8Array(total);
      this.body.set(this.head);
      this.bodyFill = PRELUDE;
      this.headFill = 0;
    }

    // 2. Continue a message that spans chunks.
    if (this.body) {
      const body = this.body;
      const take = Math.min(body.length - this.bodyFill, n - p);
      body.set(chunk.subarray(p, p + take), this.bodyFill);
      this.bodyFill += take;
      p += take;
      if (this.bodyFill < body.length) {
        this.consumed += n;
        return;
      }
      this.body = null;
      this.bodyFill = 0;
      const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
      out.push(this.finish(body, view, 0, body.length, this.bodyCrc, base + p - body.length));
    }

    // 3. Whole messages inside this chunk: views, no copies.
    let view: DataView | undefined;
    while (n - p >= PRELUDE) {
      const total = this.checkPrelude(chunk, p, base + p);
      if (n - p >= total) {
        view ??= new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        out.push(this.finish(chunk, view, p, total, this.bodyCrc, base + p));
        p += total;
      } else {
        // One allocation of exactly the message's size; later chunks fill it in place.
        const body = new Uint8Array(total);
        body.set(chunk.subarray(p));
        this.body = body;
        this.bodyFill = n - p;
        p = n;
      }
    }

    // 4. A prelude cut short by the end of the chunk.
    if (p < n) {
      this.head.set(chunk.subarray(p), 0);
      this.headFill = n - p;
    }
    this.consumed += n;
  }

  /** Validates a prelude at `b[p..p+12)`; returns the total length. Sets `bodyCrc`. */
  private checkPrelude(b: Uint8Array, p: number, offset: number): number {
    const total = u32(b, p);
    const headersLength = u32(b, p + 4);
    const expected = u32(b, p + 8);
    const actual = crc32Range(b, p, p + 8);
    if (actual !== expected) {
      throw new EventStreamError(
        'PRELUDE_CRC_MISMATCH',
        `prelude CRC mismatch at offset ${offset}: computed ${hex(actual)}, message says ${hex(expected)}`,
        offset,
      );
    }
    if (total < OVERHEAD) throw new EventStreamError('INVALID_LENGTH', `message length ${total} is under the 16-byte minimum`, offset);
    if (total > this.max) {
      throw new EventStreamError('MESSAGE_TOO_LARGE', `message of ${total} bytes exceeds the ${this.max}-byte limit`, offset);
    }
    if (headersLength > total - OVERHEAD) {
      throw new EventStreamError('INVALID_LENGTH', `headers length ${headersLength} does not fit a ${total}-byte message`, offset);
    }
    this.bodyCrc = actual;
    return total;
  }

  /** Checks the message CRC of `b[p..p+total)` and decodes it into views. `view` spans `b`. */
  private finish(b: Uint8Array, view: DataView, p: number, total: number, preludeCrc: number, offset: number): EventStreamMessage {
    const end = p + total;
    const expected = view.getUint32(end - 4);
    // The message CRC covers prelude + prelude CRC + headers + payload; continue from the prelude's.
    const actual = total <= SMALL ? crc32Range(b, p + 8, end - 4, preludeCrc) : crc32(b.subarray(p + 8, end - 4), preludeCrc);
    if (actual !== expected) {
      throw new EventStreamError(
        'MESSAGE_CRC_MISMATCH',
        `message CRC mismatch at offset ${offset}: computed ${hex(actual)}, message says ${hex(expected)}`,
        offset,
      );
    }
    const headersEnd = p + PRELUDE + view.getUint32(p + 4);
    return {
      headers: this.headerCache.decode(b, view, p + PRELUDE, headersEnd, offset),
      payload: b.subarray(headersEnd, end - 4),
    };
  }
}

function hex(n: number): string {
  return '0x' + n.toString(16).padStart(8, '0');
}
