/** A service error the emulator answers with, shaped like Bedrock's. */
export interface ServiceError {
  status: number;
  type: string;
  message: string;
  retryAfterSeconds?: number;
}

/** The status Bedrock answers each error type with (DESIGN.md §3). */
export const errorStatus: Readonly<Record<string, number>> = {
  AccessDeniedException: 403,
  UnrecognizedClientException: 403,
  ExpiredTokenException: 403,
  InvalidSignatureException: 403,
  MissingAuthenticationTokenException: 403,
  IncompleteSignatureException: 400,
  ResourceNotFoundException: 404,
  ThrottlingException: 429,
  ModelNotReadyException: 429,
  ModelTimeoutException: 408,
  ModelErrorException: 424,
  ModelStreamErrorException: 424,
  ServiceQuotaExceededException: 400,
  ValidationException: 400,
  InternalServerException: 500,
  ServiceUnavailableException: 503,
  UnknownOperationException: 404,
};

export function serviceError(type: string, message: string, status = errorStatus[type] ?? 400): ServiceError {
  return { status, type, message };
}

/**
 * Errors raised by the AWS request layer (authentication, signatures) rather than by Bedrock itself:
 * their `x-amzn-errortype` ends in `com.amazon.coral.service/` (recorded: InvalidSignatureException,
 * ExpiredTokenException); Bedrock's own errors end in `com.amazon.bedrock/`.
 */
const CORAL_SERVICE = new Set([
  'InvalidSignatureException',
  'ExpiredTokenException',
  'UnrecognizedClientException',
  'MissingAuthenticationTokenException',
  'IncompleteSignatureException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
]);

/** The headers and body of an error response: `x-amzn-errortype` with the coral suffix, `{"message"}`. */
export function errorResponse(e: ServiceError, requestId: string): { headers: Record<string, string>; body: string } {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-amzn-requestid': requestId,
    'x-amzn-errortype': `${e.type}:http://internal.amazon.com/coral/${CORAL_SERVICE.has(e.type) ? 'com.amazon.coral.service' : 'com.amazon.bedrock'}/`,
  };
  if (e.retryAfterSeconds !== undefined) headers['retry-after'] = String(e.retryAfterSeconds);
  return { headers, body: JSON.stringify({ message: e.message }) };
}
