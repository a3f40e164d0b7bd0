export type { DecoderOptions, EventStreamMessage, HeaderValue } from './types.js';
export { EventStreamError, type EventStreamErrorCode } from './error.js';
export { EventStreamDecoder, DEFAULT_MAX_MESSAGE_BYTES } from './decoder.js';
export { decodeEventStream } from './stream.js';
export { encodeEventStreamMessage } from './encoder.js';
export { crc32, crc32Js, crc32Impl } from './crc32.js';
