import { describe, expect, it } from 'vitest';
import {
  AccessDeniedError,
  BedrockError,
  InternalServerError,
  ModelNotFoundError,
  ModelNotReadyError,
  ServiceQuotaExceededError,
  ServiceUnavailableError,
  ThrottlingError,
  UnknownServiceError,
  ValidationError,
} from '../../src/errors.js';
import { parseServiceError } from '../../src/aws/index.js';

type Row = {
  name: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  type: typeof BedrockError;
  errorType: string | undefined;
  message: string | undefined;
  retryable: boolean;
};

const table: Row[] = [
  {
    name: 'header with ":" suffix wins over the body',
    status: 400,
    headers: { 'x-amzn-errortype': 'ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/', 'x-amzn-requestid': 'req-1' },
    body: '{"message":"Malformed input request","code":"ThrottlingException"}',
    type: ValidationError,
    errorType: 'ValidationException',
    message: 'Malformed input request',
    retryable: false,
  },
  {
    name: 'header name in any case, array value',
    status: 429,
    headers: { 'X-Amzn-ErrorType': ['ModelNotReadyException'], 'X-Amzn-RequestId': 'req-2' },
    body: '{"Message":"Model is not ready"}',
    type: ModelNotReadyError,
    errorType: 'ModelNotReadyException',
    message: 'Model is not ready',
    retryable: true,
  },
  {
    name: 'body code',
    status: 429,
    headers: {},
    body: '{"code":"ThrottlingException","message":"Too many requests, please wait before trying again."}',
    type: ThrottlingError,
    errorType: 'ThrottlingException',
    message: 'Too many requests, please wait before trying again.',
    retryable: true,
  },
  {
    name: '__type with namespace #',
    status: 403,
    headers: {},
    body: '{"__type":"com.amazon.coral.service#UnrecognizedClientException","message":"The security token included in the request is invalid."}',
    type: AccessDeniedError,
    errorType: 'UnrecognizedClientException',
    message: 'The security token included in the request is invalid.',
    retryable: false,
  },
  {
    name: 'quota exceeded (400, not validation)',
    status: 400,
    headers: { 'x-amzn-errortype': 'ServiceQuotaExceededException' },
    body: '{"message":"quota"}',
    type: ServiceQuotaExceededError,
    errorType: 'ServiceQuotaExceededException',
    message: 'quota',
    retryable: false,
  },
  {
    name: 'empty body: the status decides',
    status: 404,
    headers: {},
    body: '',
    type: ModelNotFoundError,
    errorType: undefined,
    message: undefined,
    retryable: false,
  },
  {
    name: 'HTML body from a proxy: text excerpt, status decides',
    status: 503,
    headers: { 'content-type': 'text/html' },
    body: '<html><head><title>503</title><style>p{}</style></head><body><h1>Service Unavailable</h1>\n<p>Back   soon</p></body></html>',
    type: ServiceUnavailableError,
    errorType: undefined,
    message: '503 Service Unavailable Back soon',
    retryable: true,
  },
  {
    name: 'JSON without known fields',
    status: 500,
    headers: {},
    body: '{"foo":1}',
    type: InternalServerError,
    errorType: undefined,
    message: undefined,
    retryable: true,
  },
  {
    name: 'unknown type on 502: UnknownServiceError, retryable as 5xx',
    status: 502,
    headers: { 'x-amzn-errortype': 'BadGatewayException' },
    body: 'bad gateway',
    type: UnknownServiceError,
    errorType: 'BadGatewayException',
    message: 'bad gateway',
    retryable: true,
  },
  {
    name: 'invalid JSON treated as text',
    status: 400,
    headers: {},
    body: '{not json',
    type: ValidationError,
    errorType: undefined,
    message: '{not json',
    retryable: false,
  },
];

describe('parseServiceError', () => {
  for (const row of table) {
    it(row.name, () => {
      const error = parseServiceError(row.status, row.headers, row.body);
      expect(error).toBeInstanceOf(row.type);
      expect(error).toBeInstanceOf(BedrockError);
      expect(error.httpStatus).toBe(row.status);
      expect(error.errorType).toBe(row.errorType);
      expect(error.serviceMessage).toBe(row.message);
      expect(error.retryable).toBe(row.retryable);
      if (row.message) expect(error.message).toContain(row.message);
      expect(error.message).toContain(`HTTP ${row.status}`);
    });
  }

  it('request id from x-amzn-requestid, else x-amz-request-id', () => {
    expect(parseServiceError(500, { 'x-amzn-requestid': 'abc-123' }, '').requestId).toBe('abc-123');
    expect(parseServiceError(500, { 'x-amz-request-id': 'def' }, '').requestId).toBe('def');
    expect(parseServiceError(500, { 'x-amzn-requestid': 'abc-123' }, '').message).toContain('abc-123');
  });

  it('Retry-After in seconds or as an HTTP date', () => {
    expect(parseServiceError(429, { 'retry-after': '7' }, '').retryAfter).toBe(7);
    const at = new Date(Date.now() + 30_000).toUTCString();
    const fromDate = parseServiceError(429, { 'Retry-After': at }, '').retryAfter!;
    expect(fromDate).toBeGreaterThan(25);
    expect(fromDate).toBeLessThanOrEqual(31);
    expect(parseServiceError(429, { 'retry-after': 'soon' }, '').retryAfter).toBeUndefined();
    expect(parseServiceError(429, {}, '').retryAfter).toBeUndefined();
  });

  it('a long text body is cut to 200 characters', () => {
    const error = parseServiceError(500, {}, 'x'.repeat(5000));
    expect(error.serviceMessage!.length).toBeLessThanOrEqual(201);
  });

  it('no secret planted in the headers or echoed in the body reaches the message', () => {
    const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENGPLANTEDSECRETKEY0';
    const TOKEN = 'IQoJb3JpZ2luPLANTEDSESSIONTOKEN';
    const BEARER = 'bedrock-api-key-UExBTlRFREJFQVJFUktFWQ==';
    const SIGNATURE = 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41';
    const headers = {
      authorization: `AWS4-HMAC-SHA256 Credential=AKIDPLANTED/20250101/us-east-1/bedrock/aws4_request, SignedHeaders=host, Signature=${SIGNATURE}`,
      'x-amz-security-token': TOKEN,
      'x-secret': SECRET_KEY,
      'x-bearer': `Bearer ${BEARER}`,
    };
    const echoes = [
      // A proxy echoing the request, as text and as JSON.
      `<html><body><pre>Authorization: ${headers.authorization}\nX-Amz-Security-Token: ${TOKEN}\nAuthorization: Bearer ${BEARER}</pre></body></html>`,
      JSON.stringify({ message: `bad request; Authorization: Bearer ${BEARER}; Signature=${SIGNATURE}; x-amz-security-token=${TOKEN}` }),
      JSON.stringify({ message: `key ${BEARER} rejected` }),
    ];
    for (const body of ['', ...echoes]) {
      for (const status of [400, 403, 500]) {
        const error = parseServiceError(status, headers, body);
        for (const text of [error.message, error.serviceMessage ?? '', String(error.stack)]) {
          for (const secret of [SECRET_KEY, TOKEN, BEARER, SIGNATURE, 'AKIDPLANTED', 'UExBTlRFREJFQVJFUktFWQ']) {
            expect(text).not.toContain(secret);
          }
        }
      }
    }
  });
});
