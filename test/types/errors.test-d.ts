// Type test, checked by `tsc` (npm run typecheck): instanceof chains narrow, codes are literal.
import {
  BedrockError,
  ModelNotFoundError,
  ThrottlingError,
  TimeoutError,
  ValidationError,
  type AnyBedrockError,
  type BedrockErrorCode,
} from '../../src/index.js';

declare const e: unknown;

if (e instanceof ThrottlingError) {
  const code: 'ThrottlingException' = e.code;
  const name: 'ThrottlingError' = e.name;
  void code, name;
} else if (e instanceof ValidationError) {
  // Not `never`: a ThrottlingError check does not swallow the ValidationError branch.
  const code: 'ValidationException' | 'ResourceNotFoundException' = e.code;
  void code;
  if (e instanceof ModelNotFoundError) {
    const nf: 'ResourceNotFoundException' = e.code;
    void nf;
  }
} else if (e instanceof TimeoutError) {
  const phase: 'connect' | 'firstByte' | 'idle' | 'total' | 'stream' = e.phase;
  void phase;
} else if (e instanceof BedrockError) {
  const code: BedrockErrorCode = e.code;
  void code;
}

function takesValidation(err: ValidationError): string {
  return err.code;
}
declare const t: ThrottlingError;
// @ts-expect-error a ThrottlingError is not a ValidationError
takesValidation(t);
declare const nf: ModelNotFoundError;
takesValidation(nf); // a ModelNotFoundError is one

function exhaustive(err: AnyBedrockError): string {
  switch (err.code) {
    case 'ThrottlingException':
    case 'ValidationException':
    case 'ResourceNotFoundException':
    case 'AccessDeniedException':
    case 'ServiceQuotaExceededException':
    case 'ModelTimeoutException':
    case 'ModelNotReadyException':
    case 'ModelErrorException':
    case 'ModelStreamErrorException':
    case 'InternalServerException':
    case 'ServiceUnavailableException':
      return 'service';
    case 'TimeoutError':
    case 'NetworkError':
    case 'ConfigurationError':
    case 'UnknownServiceError':
    case 'AbortError':
    case 'ClientClosedError':
    case 'ResponseTooLargeError':
    case 'MalformedResponseError':
      return 'ours';
    default: {
      const never: never = err;
      return never;
    }
  }
}
void exhaustive;
