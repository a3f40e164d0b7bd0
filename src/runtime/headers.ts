// The HTTP headers Bedrock Runtime defines, out of an input, and the metadata back out of a response.
// Names from the AWS SDK's schemas (client-bedrock-runtime, schemas_0.js).
import { ValidationError } from '../errors.js';
import type { InvokeModelInput, InvokeModelOutput } from './types.js';

export const EVENT_STREAM = 'application/vnd.amazon.eventstream';
export const JSON_TYPE = 'application/json';
export const REQUEST_ID = 'x-amzn-requestid';

type Metadata = Omit<InvokeModelOutput, 'body' | 'attempts'>;

/** InvokeModel fields sent as `x-amzn-bedrock-<suffix>` headers. */
const INPUT_HEADERS = {
  trace: 'trace',
  guardrailIdentifier: 'guardrailidentifier',
  guardrailVersion: 'guardrailversion',
  performanceConfigLatency: 'performanceconfig-latency',
  serviceTier: 'service-tier',
} as const;

/** InvokeModel response fields read from `x-amzn-bedrock-<suffix>` headers; the counts are numbers. */
const OUTPUT_HEADERS = {
  inputTokenCount: 'input-token-count',
  outputTokenCount: 'output-token-count',
  performanceConfigLatency: 'performanceconfig-latency',
  serviceTier: 'service-tier',
} as const;

export function invokeHeaders(input: InvokeModelInput, stream: boolean): Record<string, string> {
  const accept = input.accept ?? JSON_TYPE;
  const h: Record<string, string> = stream
    ? { 'content-type': input.contentType ?? JSON_TYPE, accept: EVENT_STREAM, 'x-amzn-bedrock-accept': accept }
    : { 'content-type': input.contentType ?? JSON_TYPE, accept };
  let field: keyof typeof INPUT_HEADERS;
  for (field in INPUT_HEADERS) {
    const value = input[field];
    if (value !== undefined) h[`x-amzn-bedrock-${INPUT_HEADERS[field]}`] = value;
  }
  checkHeader('contentType', input.contentType);
  checkHeader('accept', input.accept);
  for (field in INPUT_HEADERS) checkHeader(field, input[field]);
  return h;
}

/**
 * A header value is a string of at most 2048 visible characters: CR, LF, NUL or another control
 * character would split or corrupt the request (and was reported as a network error, retried).
 */
function checkHeader(field: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'string') throw new ValidationError(`${field}: expected a string, got ${value === null ? 'null' : typeof value}`);
  if (value.length > 2048) throw new ValidationError(`${field}: longer than 2048 characters (${value.length})`);
  if (/[\x00-\x1f\x7f]/.test(value)) throw new ValidationError(`${field}: contains a control character (CR, LF, NUL, ...), not allowed in a header`);
}

/** A GET sends no body, so no content-type. */
export function jsonHeaders(stream: boolean, method = 'POST'): Record<string, string> {
  return method === 'GET' ? { accept: JSON_TYPE } : { 'content-type': JSON_TYPE, accept: stream ? EVENT_STREAM : JSON_TYPE };
}

/** InvokeModel's response metadata (the body and attempts are the caller's). */
export function invokeMetadata(headers: Record<string, string>): Metadata {
  const out: Record<string, string | number> = {
    contentType: headers['content-type'] ?? JSON_TYPE,
    requestId: headers[REQUEST_ID] ?? '',
  };
  for (const [field, name, count] of OUTPUT_HEADER_NAMES) {
    const value = headers[name];
    if (value === undefined) continue;
    if (!count) out[field] = value;
    else if (Number.isFinite(Number(value))) out[field] = Number(value);
  }
  return out as unknown as Metadata;
}

/** [field, header name, is a count] for each of OUTPUT_HEADERS, made once rather than per response. */
const OUTPUT_HEADER_NAMES = (Object.keys(OUTPUT_HEADERS) as Array<keyof typeof OUTPUT_HEADERS>).map(
  (field) => [field, `x-amzn-bedrock-${OUTPUT_HEADERS[field]}`, field.endsWith('Count')] as const,
);
