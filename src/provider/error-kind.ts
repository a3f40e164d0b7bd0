// The seed's error table (handleBedrockError) as a stable classification of the typed errors:
// ThrottlingException → ErrRateLimited, ValidationException → ErrInvalidRequest,
// ResourceNotFoundException → ErrModelNotFound, and a named kind for each other row. The typed
// error itself is what `generate` throws; this maps it to the seed's vocabulary for callers that
// branch on a kind (routing, fallback, metrics).
import {
  AbortError,
  AccessDeniedError,
  ClientClosedError,
  MalformedResponseError,
  BedrockError,
  ConfigurationError,
  InternalServerError,
  ModelError,
  ModelNotFoundError,
  ModelNotReadyError,
  ModelStreamError,
  ModelTimeoutError,
  NetworkError,
  ServiceQuotaExceededError,
  ServiceUnavailableError,
  ThrottlingError,
  TimeoutError,
  ValidationError,
} from '../errors.js';

export type ProviderErrorKind =
  | 'rate_limited'
  | 'invalid_request'
  | 'model_not_found'
  | 'access_denied'
  | 'quota_exceeded'
  | 'model_timeout'
  | 'model_not_ready'
  | 'model_error'
  | 'unavailable'
  | 'timeout'
  | 'network'
  | 'protocol'
  | 'configuration'
  | 'aborted'
  | 'unknown';

const table: Array<[abstract new (...args: never[]) => BedrockError, ProviderErrorKind]> = [
  [ThrottlingError, 'rate_limited'],
  // Before ValidationError: ModelNotFoundError is its subclass.
  [ModelNotFoundError, 'model_not_found'],
  [ValidationError, 'invalid_request'],
  [AccessDeniedError, 'access_denied'],
  [ServiceQuotaExceededError, 'quota_exceeded'],
  [ModelTimeoutError, 'model_timeout'],
  [ModelNotReadyError, 'model_not_ready'],
  [ModelError, 'model_error'],
  [ModelStreamError, 'model_error'],
  [InternalServerError, 'unavailable'],
  [ServiceUnavailableError, 'unavailable'],
  [TimeoutError, 'timeout'],
  [NetworkError, 'network'],
  [ConfigurationError, 'configuration'],
  [AbortError, 'aborted'],
  [ClientClosedError, 'aborted'],
  [MalformedResponseError, 'protocol'],
];

/** The seed's error kind of anything `generate` / `generateStream` threw. */
export function providerErrorKind(error: unknown): ProviderErrorKind {
  for (const [C, kind] of table) if (error instanceof C) return kind;
  if (typeof error === 'object' && error !== null) {
    const name = (error as { name?: unknown }).name;
    // Framing errors come from the event-stream layer, which the provider does not import.
    if (name === 'EventStreamError') return 'protocol';
    if (name === 'AbortError') return 'aborted';
  }
  return 'unknown';
}
