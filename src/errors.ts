// The typed errors every layer throws. A bottom layer (like eventstream): imports nothing.
//
// One base class with a stable `code`; each subclass is a real class with a literal `name` and
// `code`, so `instanceof` chains narrow and `switch (err.code)` can be exhaustive. `instanceof`
// also works across copies of the package through a Symbol.for brand. Errors are cheap to
// construct and never carry a secret: messages are built from the service's message, the status
// and the request id only.

const kBrand = Symbol.for('bedrock-wire.BedrockError');

export interface BedrockErrorOptions {
  /** The service's own message (body `message` / `Message`), when there is one. */
  serviceMessage?: string;
  httpStatus?: number;
  requestId?: string;
  /** Overrides the class default. */
  retryable?: boolean;
  /** The raw error type the service sent (`x-amzn-errortype`, body `__type`, `:exception-type`). */
  errorType?: string;
  /** Seconds, from a `Retry-After` header. */
  retryAfter?: number;
  /** How many attempts were made before this error was final (1 = no retry). */
  attempts?: number;
  cause?: unknown;
}

/** Every `code` a bedrock-wire error can carry: the service's exception names and ours. */
export type BedrockErrorCode =
  | 'ThrottlingException'
  | 'ValidationException'
  | 'ResourceNotFoundException'
  | 'AccessDeniedException'
  | 'ServiceQuotaExceededException'
  | 'ModelTimeoutException'
  | 'ModelNotReadyException'
  | 'ModelErrorException'
  | 'ModelStreamErrorException'
  | 'InternalServerException'
  | 'ServiceUnavailableException'
  | 'TimeoutError'
  | 'NetworkError'
  | 'ConfigurationError'
  | 'UnknownServiceError'
  | 'AbortError'
  | 'ClientClosedError'
  | 'ResponseTooLargeError'
  | 'MalformedResponseError';

/** Base class of every error a Bedrock call can end in (framing errors are `EventStreamError`). */
export class BedrockError extends Error {
  /** Stable identifier: the service's exception name, or ours (`TimeoutError`, `NetworkError`, ...). */
  static readonly code: BedrockErrorCode | 'BedrockError' = 'BedrockError';
  /** The class's `name` (kept here because minifiers rename classes). */
  static readonly errorName: string = 'BedrockError';
  static readonly defaultRetryable: boolean = false;
  // `declare`: set once in the constructor, so no field initializers are emitted for them.
  declare name: string;
  declare readonly code: BedrockErrorCode;
  declare readonly retryable: boolean;
  declare readonly httpStatus: number | undefined;
  declare readonly requestId: string | undefined;
  declare readonly serviceMessage: string | undefined;
  declare readonly errorType: string | undefined;
  declare readonly retryAfter: number | undefined;
  /** Attempts made (1 = no retry); set by the client when the error is final. */
  declare attempts: number | undefined;

  constructor(message: string, options: BedrockErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const ctor = new.target as unknown as typeof BedrockError;
    this.name = ctor.errorName;
    this.code = ctor.code as BedrockErrorCode;
    this.retryable = options.retryable ?? ctor.defaultRetryable;
    this.httpStatus = options.httpStatus;
    this.requestId = options.requestId;
    this.serviceMessage = options.serviceMessage;
    this.errorType = options.errorType;
    this.retryAfter = options.retryAfter;
    this.attempts = options.attempts;
  }

  get [kBrand](): string {
    return this.name;
  }

  static override [Symbol.hasInstance]<T>(this: abstract new (...args: never[]) => T, value: unknown): value is T {
    if (typeof value !== 'object' || value === null) return false;
    const brand = (value as Record<symbol, unknown>)[kBrand];
    if (typeof brand !== 'string') return false;
    if ((this as unknown) === BedrockError) return true;
    // Same package copy: the prototype chain answers. Another copy: match by class name (and
    // ValidationError also matches its subclass ModelNotFoundError).
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    const name = (this as unknown as typeof BedrockError).errorName;
    return brand === name || (name === 'ValidationError' && brand === 'ModelNotFoundError');
  }
}

/** The class `errorFromService` picks for a service error type (filled by `def` below). */
const byType: Record<string, typeof BedrockError> = {};

/** Gives a class its name, code and retry default; service exceptions are registered by code. */
function def(C: abstract new (...args: never[]) => BedrockError, errorName: string, code: BedrockErrorCode, retryable: boolean, fromService?: 1): void {
  Object.defineProperties(C, {
    errorName: { value: errorName },
    code: { value: code },
    defaultRetryable: { value: retryable },
    name: { value: errorName },
  });
  if (fromService) byType[code] = C as typeof BedrockError;
}

/** 429 — too many requests; retried with backoff. */
export class ThrottlingError extends BedrockError {
  declare name: 'ThrottlingError';
  declare readonly code: 'ThrottlingException';
}
def(ThrottlingError, 'ThrottlingError', 'ThrottlingException', true, 1);

/** 400 — the request is invalid (also raised before sending, for requests a model family cannot honour). */
export class ValidationError extends BedrockError {
  declare name: 'ValidationError' | 'ModelNotFoundError';
  declare readonly code: 'ValidationException' | 'ResourceNotFoundException';
}
def(ValidationError, 'ValidationError', 'ValidationException', false, 1);

/**
 * Unknown or unavailable model id, ARN or inference profile: AWS's 404 ResourceNotFoundException,
 * and its 400 ValidationException "The provided model identifier is invalid.". A `ValidationError`
 * subclass, so catches written for either still work.
 */
export class ModelNotFoundError extends ValidationError {
  declare name: 'ModelNotFoundError';
  declare readonly code: 'ResourceNotFoundException';
}
def(ModelNotFoundError, 'ModelNotFoundError', 'ResourceNotFoundException', false, 1);

/** 403 — not allowed, or the signature / key / token was rejected. */
export class AccessDeniedError extends BedrockError {
  declare name: 'AccessDeniedError';
  declare readonly code: 'AccessDeniedException';
}
def(AccessDeniedError, 'AccessDeniedError', 'AccessDeniedException', false, 1);

/** 400 — an account quota is exhausted. */
export class ServiceQuotaExceededError extends BedrockError {
  declare name: 'ServiceQuotaExceededError';
  declare readonly code: 'ServiceQuotaExceededException';
}
def(ServiceQuotaExceededError, 'ServiceQuotaExceededError', 'ServiceQuotaExceededException', false, 1);

/** 408 — the model took too long. */
export class ModelTimeoutError extends BedrockError {
  declare name: 'ModelTimeoutError';
  declare readonly code: 'ModelTimeoutException';
}
def(ModelTimeoutError, 'ModelTimeoutError', 'ModelTimeoutException', true, 1);

/** 429 — the model is not ready yet (cold start); retried. */
export class ModelNotReadyError extends BedrockError {
  declare name: 'ModelNotReadyError';
  declare readonly code: 'ModelNotReadyException';
}
def(ModelNotReadyError, 'ModelNotReadyError', 'ModelNotReadyException', true, 1);

/** 424 — the model itself failed. */
export class ModelError extends BedrockError {
  declare name: 'ModelError';
  declare readonly code: 'ModelErrorException';
}
def(ModelError, 'ModelError', 'ModelErrorException', false, 1);

/** 424 — the model failed mid-stream. */
export class ModelStreamError extends BedrockError {
  declare name: 'ModelStreamError';
  declare readonly code: 'ModelStreamErrorException';
}
def(ModelStreamError, 'ModelStreamError', 'ModelStreamErrorException', false, 1);

/** 500 — the service failed; retried. */
export class InternalServerError extends BedrockError {
  declare name: 'InternalServerError';
  declare readonly code: 'InternalServerException';
}
def(InternalServerError, 'InternalServerError', 'InternalServerException', true, 1);

/** 503 — the service is unavailable; retried. */
export class ServiceUnavailableError extends BedrockError {
  declare name: 'ServiceUnavailableError';
  declare readonly code: 'ServiceUnavailableException';
}
def(ServiceUnavailableError, 'ServiceUnavailableError', 'ServiceUnavailableException', true, 1);

/** Which of our time limits fired. */
export type TimeoutPhase = 'connect' | 'firstByte' | 'idle' | 'total' | 'stream';

/** Ours: a time limit fired. `phase` says which. */
export class TimeoutError extends BedrockError {
  declare name: 'TimeoutError';
  declare readonly code: 'TimeoutError';
  declare readonly phase: TimeoutPhase;
  constructor(phase: TimeoutPhase, ms: number, options: BedrockErrorOptions = {}) {
    super(`${phase} timeout after ${ms} ms`, options);
    this.phase = phase;
  }
}
def(TimeoutError, 'TimeoutError', 'TimeoutError', true);

/** Ours: the connection failed or was reset. Retried unless an event already reached the caller. */
export class NetworkError extends BedrockError {
  declare name: 'NetworkError';
  declare readonly code: 'NetworkError';
}
def(NetworkError, 'NetworkError', 'NetworkError', true);

/** Ours: the client is misconfigured (no region, no credentials, a key over plain http, ...). */
export class ConfigurationError extends BedrockError {
  declare name: 'ConfigurationError';
  declare readonly code: 'ConfigurationError';
}
def(ConfigurationError, 'ConfigurationError', 'ConfigurationError', false);

/** A service error type we do not know; retryable when its status is 5xx. */
export class UnknownServiceError extends BedrockError {
  declare name: 'UnknownServiceError';
  declare readonly code: 'UnknownServiceError';
}
def(UnknownServiceError, 'UnknownServiceError', 'UnknownServiceError', false);

/** Ours: the caller's signal aborted the call (`cause` is the signal's reason). Never retried. */
export class AbortError extends BedrockError {
  declare name: 'AbortError';
  declare readonly code: 'AbortError';
}
def(AbortError, 'AbortError', 'AbortError', false);

/** Ours: `close()` was called while this call was in flight, or a call was made after it. */
export class ClientClosedError extends BedrockError {
  declare name: 'ClientClosedError';
  declare readonly code: 'ClientClosedError';
}
def(ClientClosedError, 'ClientClosedError', 'ClientClosedError', false);

/** Ours: a response body passed `maxResponseBytes`; the connection was dropped. */
export class ResponseTooLargeError extends BedrockError {
  declare name: 'ResponseTooLargeError';
  declare readonly code: 'ResponseTooLargeError';
}
def(ResponseTooLargeError, 'ResponseTooLargeError', 'ResponseTooLargeError', false);

/** Ours: the service's bytes were well framed but not what the operation answers (bad JSON, ...). */
export class MalformedResponseError extends BedrockError {
  declare name: 'MalformedResponseError';
  declare readonly code: 'MalformedResponseError';
}
def(MalformedResponseError, 'MalformedResponseError', 'MalformedResponseError', false);

/** Every concrete error class, for `switch (err.code)` and for tests. */
export type AnyBedrockError =
  | ThrottlingError
  | ValidationError
  | ModelNotFoundError
  | AccessDeniedError
  | ServiceQuotaExceededError
  | ModelTimeoutError
  | ModelNotReadyError
  | ModelError
  | ModelStreamError
  | InternalServerError
  | ServiceUnavailableError
  | TimeoutError
  | NetworkError
  | ConfigurationError
  | UnknownServiceError
  | AbortError
  | ClientClosedError
  | ResponseTooLargeError
  | MalformedResponseError;

// Other type names for the same errors (the service's front end and its auth layer send these).
Object.assign(byType, {
  TooManyRequestsException: ThrottlingError,
  UnrecognizedClientException: AccessDeniedError,
  InvalidSignatureException: AccessDeniedError,
  ExpiredTokenException: AccessDeniedError,
  IncompleteSignatureException: AccessDeniedError,
  MissingAuthenticationTokenException: AccessDeniedError,
});

const byStatus: Record<number, typeof BedrockError> = {
  400: ValidationError,
  403: AccessDeniedError,
  404: ModelNotFoundError,
  408: ModelTimeoutError,
  424: ModelError,
  429: ThrottlingError,
  500: InternalServerError,
  503: ServiceUnavailableError,
};

/** `throttlingException` (stream frames), `com.amazon...#ThrottlingException:http://...` → `ThrottlingException`. */
export function normalizeErrorType(raw: string): string {
  const type = raw.split(':', 1)[0];
  const name = type.slice(type.lastIndexOf('#') + 1).trim(); // lastIndexOf -1: from the start
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * The typed error for a service error type and/or HTTP status. The message reads
 * `<Type>: <service message> (HTTP <status>, request id <id>)`.
 */
export function errorFromService(input: {
  errorType?: string;
  status?: number;
  message?: string;
  requestId?: string;
  retryAfter?: number;
}): BedrockError {
  const type = input.errorType ? normalizeErrorType(input.errorType) : undefined;
  let C = (type && byType[type]) || (input.status !== undefined ? byStatus[input.status] : undefined) || UnknownServiceError;
  // AWS answers an unknown or unavailable model id with a 400 ValidationException.
  if (C === ValidationError && input.message && /provided model identifier is invalid/i.test(input.message)) C = ModelNotFoundError;
  const retryable = C === UnknownServiceError ? (input.status ?? 0) >= 500 : undefined;
  const where = [input.status !== undefined ? `HTTP ${input.status}` : 'in stream', input.requestId ? `request id ${input.requestId}` : '']
    .filter(Boolean)
    .join(', ');
  const text = `${type ?? C.code}: ${input.message ?? 'no message'} (${where})`;
  return new C(text, {
    serviceMessage: input.message,
    httpStatus: input.status,
    requestId: input.requestId,
    errorType: type,
    retryAfter: input.retryAfter,
    retryable,
  });
}
