// Our typed errors → the AI SDK's `APICallError`, whose `isRetryable` drives the SDK's own retries
// (`maxRetries`). The typed error stays reachable as `cause` (`instanceof ThrottlingError` works on
// it). Aborts are not API errors: they pass through unchanged, so the SDK sees an `AbortError` and
// stops. Errors made before anything was sent (a `ValidationError` naming a field,
// `ConfigurationError`) keep their own type too: retrying cannot fix them.
import { APICallError } from '@ai-sdk/provider';
import { AbortError, BedrockError, ConfigurationError } from '../../errors.js';

/** What the SDK is told about the call that failed; never a secret (the body holds no credentials). */
export interface CallContext {
  url: string;
  requestBodyValues: unknown;
}

export function toSdkError(error: unknown, context: CallContext, signal?: AbortSignal): unknown {
  if (signal?.aborted) return signal.reason ?? error;
  if (error instanceof AbortError || error instanceof ConfigurationError) return error;
  if (!(error instanceof BedrockError)) {
    // EventStreamError (a corrupt frame) and anything else from below: an API failure, not retryable.
    if (error instanceof Error && error.name === 'EventStreamError') {
      return new APICallError({ message: error.message, ...context, cause: error, isRetryable: false });
    }
    return error;
  }
  // Refused before sending (no status): the caller's input, not the service.
  if (error.httpStatus === undefined && error.code === 'ValidationException') return error;
  const headers: Record<string, string> = {};
  if (error.requestId) headers['x-amzn-requestid'] = error.requestId;
  if (error.errorType) headers['x-amzn-errortype'] = error.errorType;
  if (error.retryAfter !== undefined) headers['retry-after'] = String(error.retryAfter);
  return new APICallError({
    message: error.message,
    ...context,
    statusCode: error.httpStatus,
    responseHeaders: headers,
    responseBody: error.serviceMessage === undefined ? undefined : JSON.stringify({ message: error.serviceMessage }),
    cause: error,
    isRetryable: error.retryable,
    data: { code: error.code, requestId: error.requestId, attempts: error.attempts },
  });
}
