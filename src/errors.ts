// The typed errors every layer throws. A bottom layer (like eventstream): imports nothing.
//
// One base class with a stable `code`; `instanceof` works across copies of the package through a
// Symbol.for brand. Errors are cheap to construct and never carry a secret: messages are built
// from the service's message, the status and the request id only.

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
  cause?: unknown;
}

/** Base class of every error a Bedrock call can end in (framing errors are `EventStreamError`). */
export class BedrockError extends Error {
  /** Stable identifier: the service's exception name, or ours (`TimeoutError`, `NetworkError`, ...). */
  static readonly code: string = 'BedrockError';
  static readonly defaultRetryable: boolean = false;
  // `declare`: set once in the constructor, so no field initializers are emitted for them.
  declare name: string;
  declare readonly code: string;
  declare readonly retryable: boolean;
  declare readonly httpStatus: number | undefined;
  declare readonly requestId: string | undefined;
  declare readonly serviceMessage: string | undefined;
  declare readonly errorType: string | undefined;
  declare readonly retryAfter: number | undefined;

  constructor(message: string, options: BedrockErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const ctor = new.target as unknown as typeof BedrockError;
    this.name = ctor.name;
    this.code = ctor.code;
    this.retryable = options.retryable ?? ctor.defaultRetryable;
    this.httpStatus = options.httpStatus;
    this.requestId = options.requestId;
    this.serviceMessage = options.serviceMessage;
    this.errorType = options.errorType;
    this.retryAfter = options.retryAfter;
  }

  get [kBrand](): string {
    return this.name;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== 'object' || value === null) return false;
    const brand = (value as Record<symbol, unknown>)[kBrand];
    if (typeof brand !== 'string') return false;
    if (this === BedrockError) return true;
    // Same package copy: the prototype chain answers. Another copy: match by class name.
    return Function.prototype[Symbol.hasInstance].call(this, value) || brand === this.name;
  }
}

/** The class `errorFromService` picks for a service error type (filled by `service` below). */
const byType: Record<string, typeof BedrockError> = {};

function define(name: string, code: string, retryable: boolean): typeof BedrockError {
  // Named classes (not anonymous) so stack traces and `error.name` read well.
  const C = { [name]: class extends BedrockError {} }[name];
  Object.defineProperties(C, { code: { value: code }, defaultRetryable: { value: retryable } });
  return C;
}

/** A class for an exception the service sends: `code` is its type name, registered in `byType`. */
function service(name: string, code: string, retryable: boolean): typeof BedrockError {
  return (byType[code] = define(name, code, retryable));
}

/** 429 — too many requests; retried with backoff. */
export const ThrottlingError = service('ThrottlingError', 'ThrottlingException', true);
export type ThrottlingError = BedrockError;
/** 400 — the request is invalid (also raised before sending, for requests a model family cannot honour). */
export const ValidationError = service('ValidationError', 'ValidationException', false);
export type ValidationError = BedrockError;
/** 404 — unknown model id, ARN or inference profile. */
export const ModelNotFoundError = service('ModelNotFoundError', 'ResourceNotFoundException', false);
export type ModelNotFoundError = BedrockError;
/** 403 — not allowed, or the signature / key / token was rejected. */
export const AccessDeniedError = service('AccessDeniedError', 'AccessDeniedException', false);
export type AccessDeniedError = BedrockError;
/** 400 — an account quota is exhausted. */
export const ServiceQuotaExceededError = service('ServiceQuotaExceededError', 'ServiceQuotaExceededException', false);
export type ServiceQuotaExceededError = BedrockError;
/** 408 — the model took too long. */
export const ModelTimeoutError = service('ModelTimeoutError', 'ModelTimeoutException', true);
export type ModelTimeoutError = BedrockError;
/** 429 — the model is not ready yet (cold start); retried. */
export const ModelNotReadyError = service('ModelNotReadyError', 'ModelNotReadyException', true);
export type ModelNotReadyError = BedrockError;
/** 424 — the model itself failed. */
export const ModelError = service('ModelError', 'ModelErrorException', false);
export type ModelError = BedrockError;
/** 424 — the model failed mid-stream. */
export const ModelStreamError = service('ModelStreamError', 'ModelStreamErrorException', false);
export type ModelStreamError = BedrockError;
/** 500 — the service failed; retried. */
export const InternalServerError = service('InternalServerError', 'InternalServerException', true);
export type InternalServerError = BedrockError;
/** 503 — the service is unavailable; retried. */
export const ServiceUnavailableError = service('ServiceUnavailableError', 'ServiceUnavailableException', true);
export type ServiceUnavailableError = BedrockError;
/** Ours: connect, first-byte or idle timeout. `phase` says which. */
export class TimeoutError extends BedrockError {
  static override readonly code = 'TimeoutError';
  static override readonly defaultRetryable = true;
  declare readonly phase: 'connect' | 'firstByte' | 'idle' | 'total';
  constructor(phase: TimeoutError['phase'], ms: number, options: BedrockErrorOptions = {}) {
    super(`${phase} timeout after ${ms} ms`, options);
    this.phase = phase;
  }
}
/** Ours: the connection failed or was reset. Retried unless an event already reached the caller. */
export const NetworkError = define('NetworkError', 'NetworkError', true);
export type NetworkError = BedrockError;
/** Ours: the client is misconfigured (no region, no credentials, a key over plain http, ...). */
export const ConfigurationError = define('ConfigurationError', 'ConfigurationError', false);
export type ConfigurationError = BedrockError;
/** A service error type we do not know; retryable when its status is 5xx. */
export const UnknownServiceError = define('UnknownServiceError', 'UnknownServiceError', false);
export type UnknownServiceError = BedrockError;

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
  const C = (type && byType[type]) || (input.status !== undefined ? byStatus[input.status] : undefined) || UnknownServiceError;
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
