import { errorFromService, type BedrockError } from '../errors.js';

type Headers = Record<string, string | string[] | undefined>;

/** Longest service message kept from a body that is not the JSON error shape (HTML from a proxy, text). */
const MAX_TEXT = 200;

/**
 * The typed error for a non-2xx response. Error type from the `x-amzn-errortype` header (cut at
 * `:`), else the body's `code`, else its `__type` (cut at `#`); the status decides when there is
 * none. Message from the body's `message` / `Message`, or the first 200 characters of a body that
 * is not JSON. Request id from `x-amzn-requestid`; `Retry-After` in seconds (or an HTTP date).
 * Header values never reach the message, and anything shaped like a signature or a bearer key in
 * the body is masked (a proxy may echo the request).
 */
export function parseServiceError(status: number, headers: Headers, body: string): BedrockError {
  const json = parseJsonObject(body);
  const errorType =
    header(headers, 'x-amzn-errortype') ?? stringField(json, 'code', 'Code') ?? stringField(json, '__type');
  let message = stringField(json, 'message', 'Message', 'errorMessage');
  if (message === undefined && json === undefined) message = textMessage(body);
  return errorFromService({
    errorType,
    status,
    message: message === undefined ? undefined : mask(message),
    requestId: header(headers, 'x-amzn-requestid') ?? header(headers, 'x-amz-request-id'),
    retryAfter: retryAfterSeconds(header(headers, 'retry-after')),
  });
}

/** First value of a header, looked up case-insensitively. */
function header(headers: Headers, name: string): string | undefined {
  let value = headers[name];
  if (value === undefined) {
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() === name) {
        value = headers[key];
        break;
      }
    }
  }
  const first = Array.isArray(value) ? value[0] : value;
  const trimmed = first?.trim();
  return trimmed ? trimmed : undefined;
}

function parseJsonObject(body: string): Record<string, unknown> | undefined {
  const text = body.trim();
  if (!text.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function stringField(json: Record<string, unknown> | undefined, ...names: string[]): string | undefined {
  if (!json) return undefined;
  for (const name of names) {
    const value = json[name];
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return undefined;
}

/** A readable excerpt of a non-JSON body: tags dropped, white space folded, cut at 200 characters. */
function textMessage(body: string): string | undefined {
  const text = body
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!text) return undefined;
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

/** Masks SigV4 signatures, credential scopes' key ids, session tokens and bearer keys echoed in a body. */
export function mask(text: string): string {
  return text
    .replace(/(Signature=)[0-9a-f]{16,}/gi, '$1***')
    .replace(/(Credential=)[^\s,/]+/gi, '$1***')
    .replace(/(Bearer\s+)[^\s"',;]+/gi, '$1***')
    .replace(/(x-amz-security-token["']?\s*[:=]\s*["']?)[^\s"',;&]+/gi, '$1***')
    .replace(/bedrock-api-key-[A-Za-z0-9+/=_-]+/g, 'bedrock-api-key-***');
}

/** `Retry-After`: delta seconds or an HTTP date; undefined when absent or unreadable. */
function retryAfterSeconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
