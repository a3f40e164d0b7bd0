/** Why a byte stream is not a valid event stream. */
export type EventStreamErrorCode =
  | 'PRELUDE_CRC_MISMATCH'
  | 'MESSAGE_CRC_MISMATCH'
  | 'MESSAGE_TOO_LARGE'
  | 'INVALID_LENGTH'
  | 'INVALID_HEADER'
  | 'TRUNCATED';

const kEventStreamError = Symbol.for('bedrock-wire.EventStreamError');

/**
 * A framing error: the bytes are not a valid `application/vnd.amazon.eventstream` stream.
 * `offset` is the stream offset (bytes pushed before this point) of the message at fault.
 * `instanceof` works across copies of this package (a `Symbol.for` marker).
 */
export class EventStreamError extends Error {
  override readonly name = 'EventStreamError';
  readonly code: EventStreamErrorCode;
  readonly offset: number;
  /** Framing errors are never retryable on their own: the same bytes fail the same way. */
  readonly retryable = false;

  constructor(code: EventStreamErrorCode, message: string, offset = -1) {
    super(message);
    this.code = code;
    this.offset = offset;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[kEventStreamError] === true;
  }

  get [kEventStreamError](): true {
    return true;
  }
}
