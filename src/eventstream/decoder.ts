import { crc32, crc32Range } from './crc32.js';
import { EventStreamError } from './error.js';
import type { EventStreamErrorCode } from './error.js';
import { HeaderCache } from './header-cache.js';
import type { DecoderOptions, EventStreamMessage } from './types.js';

const PRELUDE = 12;
const OVERHEAD = 16; // prelude + message CRC
/** Below this many bytes the JS CRC beats the native call plus the view it needs. */
const SMALL = 96;
/**
 * A message that spans chunks and is at most this long gets its exact size at once; a longer one
 * starts here and doubles as bytes actually arrive (a prelude claiming 16 MiB costs 64 KiB until
 * the bytes come).
 */
const EAGER = 64 * 1024;
/** The service's documented maximum message size. */
export const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

function u32(b: Uint8Array, p: number): number {
  return ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
}

function fault(code: EventStreamErrorCode, message: string, offset: number): EventStreamError {
  return new EventStreamError(code, `${message} at offset ${offset}`, offset);
}

function crcFault(code: EventStreamErrorCode, what: string, actual: number, expected: number, offset: number): EventStreamError {
  const hex = (n: number) => '0x' + n.toString(16).padStart(8, '0');
  return fault(code, `${what} CRC mismatch (computed ${hex(actual)}, message says ${hex(expected)})`, offset);
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
  readonly #max: number;
  /**
   * The message being assembled across chunks and how much is filled; `#total` is its length
   * (the buffer is that long, or shorter and grown by doubling for messages over 64 KiB). Until
   * its prelude is complete, a 12-byte buffer for the prelude (`#total` 12): no message is that
   * short, so a 12-byte total is always a prelude.
   */
  #body: Uint8Array | null = null;
  #fill = 0;
  #total = 0;
  /** CRC of the last checked prelude: the message CRC continues from it. */
  #crc = 0;
  /** Bytes consumed before the current chunk: for error offsets. */
  #consumed = 0;
  #failure: EventStreamError | null = null;
  readonly #cache = new HeaderCache();

  constructor(options: DecoderOptions = {}) {
    const max = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    if (!Number.isInteger(max) || max < OVERHEAD) throw new TypeError(`maxMessageBytes must be an integer >= ${OVERHEAD}`);
    this.#max = max;
  }

  /** Bytes held for a message not yet complete (0 between messages). */
  get pendingBytes(): number {
    return this.#body ? this.#fill : 0;
  }

  push(chunk: Uint8Array): EventStreamMessage[] {
    if (this.#failure) throw this.#failure;
    const out: EventStreamMessage[] = [];
    try {
      this.#consume(chunk, out);
    } catch (err) {
      this.#failure = err instanceof EventStreamError ? err : new EventStreamError('INVALID_HEADER', String(err), this.#consumed);
      // The messages this chunk completed before the fault are valid (both CRCs checked): hand
      // them out and throw on the next call, so what a caller sees before an error does not
      // depend on how the stream was chunked.
      if (out.length === 0) throw this.#failure;
    }
    return out;
  }

  end(): void {
    if (this.#failure) throw this.#failure;
    const pending = this.pendingBytes;
    if (pending > 0) {
      const of = this.#total === PRELUDE ? 'a 12-byte prelude' : this.#total;
      throw (this.#failure = fault('TRUNCATED', `stream ended inside a message: ${pending} byte(s) of ${of} received`, this.#consumed - pending));
    }
  }

  #consume(chunk: Uint8Array, out: EventStreamMessage[]): void {
    const n = chunk.length;
    const base = this.#consumed;
    let p = 0;

    // 1. Continue a message (or its prelude) begun in an earlier chunk.
    for (let body = this.#body; body; body = this.#body) {
      const total = this.#total;
      const take = Math.min(total - this.#fill, n - p);
      if (this.#fill + take > body.length) {
        // Doubling, bounded by the message's length: never more than twice what arrived.
        const grown = new Uint8Array(Math.min(total, Math.max(body.length * 2, this.#fill + take)));
        grown.set(body.subarray(0, this.#fill));
        this.#body = body = grown;
      }
      body.set(chunk.subarray(p, p + take), this.#fill);
      this.#fill += take;
      p += take;
      if (this.#fill < total) break;
      if (total === PRELUDE) {
        this.#start(this.#prelude(body, 0, base + p - PRELUDE), body, PRELUDE);
      } else {
        this.#body = null;
        out.push(this.#finish(body, 0, total, base + p - total));
      }
    }

    // 2. Whole messages inside this chunk: views, no copies. A message cut by the end of the
    //    chunk gets one allocation of its size (of its prelude, until that is complete; past
    //    64 KiB, of what arrived, doubled as more comes), which later chunks fill in place.
    let view: DataView | undefined;
    while (p < n && !this.#body) {
      const rest = n - p;
      const total = rest < PRELUDE ? PRELUDE : this.#prelude(chunk, p, base + p);
      if (rest < total) {
        this.#start(total, chunk.subarray(p), rest);
        break;
      }
      out.push(this.#finish(chunk, p, total, base + p, (view ??= new DataView(chunk.buffer, chunk.byteOffset, n))));
      p += total;
    }
    this.#consumed += n;
  }

  /** Begins assembling a `total`-byte message from its first `fill` bytes in `from`. */
  #start(total: number, from: Uint8Array, fill: number): void {
    const body = new Uint8Array(total <= EAGER ? total : Math.max(EAGER, fill));
    body.set(fill === from.length ? from : from.subarray(0, fill));
    this.#body = body;
    this.#fill = fill;
    this.#total = total;
  }

  /** Validates a prelude at `b[p..p+12)`; returns the total length. Sets the prelude CRC. */
  #prelude(b: Uint8Array, p: number, offset: number): number {
    const total = u32(b, p);
    const headersLength = u32(b, p + 4);
    const expected = u32(b, p + 8);
    const actual = crc32Range(b, p, p + 8);
    if (actual !== expected) throw crcFault('PRELUDE_CRC_MISMATCH', 'prelude', actual, expected, offset);
    if (total < OVERHEAD) throw fault('INVALID_LENGTH', `message length ${total} is under the 16-byte minimum`, offset);
    if (total > this.#max) throw fault('MESSAGE_TOO_LARGE', `message of ${total} bytes exceeds the ${this.#max}-byte limit`, offset);
    if (headersLength > total - OVERHEAD) throw fault('INVALID_LENGTH', `headers length ${headersLength} does not fit a ${total}-byte message`, offset);
    this.#crc = actual;
    return total;
  }

  /** Checks the message CRC of `b[p..p+total)` and decodes it into views. `view` spans `b`. */
  #finish(b: Uint8Array, p: number, total: number, offset: number, view = new DataView(b.buffer, b.byteOffset, b.length)): EventStreamMessage {
    const end = p + total;
    const expected = view.getUint32(end - 4);
    // The message CRC covers prelude + prelude CRC + headers + payload; continue from the prelude's.
    const actual = total <= SMALL ? crc32Range(b, p + 8, end - 4, this.#crc) : crc32(b.subarray(p + 8, end - 4), this.#crc);
    if (actual !== expected) throw crcFault('MESSAGE_CRC_MISMATCH', 'message', actual, expected, offset);
    const headersEnd = p + PRELUDE + view.getUint32(p + 4);
    return {
      headers: this.#cache.decode(b, view, p + PRELUDE, headersEnd, offset),
      payload: b.subarray(headersEnd, end - 4),
    };
  }
}
