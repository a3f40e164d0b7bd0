// bedrock-wire: the core entry. Re-exports only. The emulator (`bedrock-wire/emulator`), YAML
// config loading (`bedrock-wire/config`) and the framing alone (`bedrock-wire/eventstream`) are
// separate entries; undici and the AWS default credential chain load on first use.

// The provider: one request shape for every model family.
export * from './provider/index.js';

// The wire client: the five Bedrock Runtime operations.
export * from './runtime/index.js';

// Model codecs: pure request/response translation per family.
export * from './codecs/index.js';
// Names both floors define: the unified shapes win at the root (three are the same types); the
// wire client's Converse citation is `ConverseCitation`.
export type { Citation, DocumentFormat, S3Location, VideoFormat } from './codecs/index.js';
export type { Citation as ConverseCitation } from './runtime/index.js';

// Signing, credentials, endpoints.
export * from './aws/index.js';

// Typed errors (framing errors are EventStreamError).
export * from './errors.js';
export { EventStreamError, type EventStreamErrorCode } from './eventstream/index.js';
