/**
 * A header value, tagged with its wire type. The names match `@smithy/eventstream-codec`
 * except `long`, which is a `bigint` here rather than an `Int64` object.
 *
 * Wire types: 0 true, 1 false (`boolean`), 2 `byte`, 3 `short` (int16), 4 `integer` (int32),
 * 5 `long` (int64), 6 `binary` (u16 length), 7 `string` (u16 length, UTF-8),
 * 8 `timestamp` (int64 milliseconds), 9 `uuid` (16 bytes).
 */
export type HeaderValue =
  | { type: 'boolean'; value: boolean }
  | { type: 'byte' | 'short' | 'integer'; value: number }
  | { type: 'long'; value: bigint }
  | { type: 'binary'; value: Uint8Array }
  | { type: 'string'; value: string }
  | { type: 'timestamp'; value: Date }
  | { type: 'uuid'; value: string };

/**
 * One event-stream message.
 *
 * Lifetime of the bytes: `payload` (and any `binary` header value) returned by the decoder is a
 * *view* (`subarray`) into the chunk passed to `push()` when the whole message lay inside that
 * chunk, or into a buffer allocated for this one message otherwise. The decoder never writes to
 * either after returning, so a view stays valid for as long as the caller does not overwrite the
 * chunk it pushed. Callers that recycle their input buffers must copy (`payload.slice()`) first.
 *
 * Header values: `headers` is a fresh record per message, but the value objects of a repeated
 * header block (the usual case: the same `:event-type`, `:content-type`, `:message-type` on every
 * frame) are shared between messages and frozen; copy one to change it.
 */
export interface EventStreamMessage {
  headers: Record<string, HeaderValue>;
  payload: Uint8Array;
}

/** Options of {@link EventStreamDecoder} and `decodeEventStream`. */
export interface DecoderOptions {
  /**
   * Largest accepted message, in bytes, prelude and CRCs included. Checked against the prelude
   * (after its CRC) before anything is allocated. Default 16 MiB, the service's documented limit.
   */
  maxMessageBytes?: number;
}
