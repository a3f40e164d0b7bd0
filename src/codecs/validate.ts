// The shape of an LLMRequest, checked before anything is encoded or sent: a caller's mistake is a
// ValidationError naming the field, never a TypeError from deep inside a codec or a 400 later.
// The shape is written as tables of checks, one per field, run in the order listed.
import { ValidationError } from '../errors.js';
import { MODEL_FAMILIES } from './family.js';
import { isRecord } from './json.js';
import type { LLMRequest } from './types.js';

/** Checks the value found at `path`; throws a ValidationError naming the path. */
type Check = (value: unknown, path: string) => void;
type Fields = Record<string, Check>;

function fail(path: string, what: string, got: unknown): never {
  const shown = got === null ? 'null' : Array.isArray(got) ? 'an array' : typeof got === 'string' ? JSON.stringify(got.slice(0, 40)) : typeof got;
  throw new ValidationError(`${path}: expected ${what}, got ${shown}`);
}

/** `'a', 'b' or 'c'`. */
const oneOf = (values: string[]): string => values.map((v) => `'${v}'`).join(', ').replace(/, ([^,]*)$/, ' or $1');

const is = (test: (value: any) => boolean, what: string): Check => (value, path) => {
  if (!test(value)) fail(path, what, value);
};

const optional = (check: Check): Check => (value, path) => {
  if (value !== undefined) check(value, path);
};

function checkFields(value: Record<string, unknown>, path: string, fields: Fields): void {
  for (const [key, check] of Object.entries(fields)) check(value[key], `${path}.${key}`);
}

/** An object whose `fields` are checked in turn. */
const object = (what: string, fields: Fields): Check => (value, path) => {
  if (!isRecord(value)) fail(path, what, value);
  checkFields(value, path, fields);
};

/** An array whose items are objects of `fields`. */
const array = (what: string, item: string, fields: Fields): Check => (value, path) => {
  if (!Array.isArray(value)) fail(path, what, value);
  value.forEach((v, i) => object(item, fields)(v, `${path}[${i}]`));
};

const range = (min: number, max: number, integer: boolean): Check =>
  is(
    (v) => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max && (!integer || Number.isInteger(v)),
    `${integer ? 'an integer' : 'a number'} from ${min}${max === Infinity ? ' up' : ` to ${max}`}`,
  );

const string = is((v) => typeof v === 'string', 'a string');

/** JSON nesting allowed in schemas, arguments and `extra`. */
const MAX_DEPTH = 256;

/**
 * An object sent as JSON as it is (a tool schema, tool-call arguments, `extra`): no BigInt,
 * function, symbol or cycle, at most 256 levels deep. Otherwise JSON.stringify would throw a raw
 * TypeError, or overflow the stack, deep inside the send.
 */
const json = (what: string): Check => (value, path) => {
  if (!isRecord(value)) fail(path, what, value);
  const seen = new Set<object>();
  const walk = (v: unknown, at: string, depth: number): void => {
    const t = typeof v;
    if (t === 'bigint' || t === 'function' || t === 'symbol') throw new ValidationError(`${at}: a ${t} cannot be sent as JSON`);
    if (t !== 'object' || v === null || v instanceof Uint8Array) return;
    if (depth > MAX_DEPTH) throw new ValidationError(`${path}: nested deeper than ${MAX_DEPTH} levels`);
    if (seen.has(v as object)) throw new ValidationError(`${at}: refers back to itself (a cycle cannot be sent as JSON)`);
    seen.add(v as object);
    if (typeof (v as { toJSON?: unknown }).toJSON !== 'function') {
      for (const [k, item] of Object.entries(v as object)) walk(item, Array.isArray(v) ? `${at}[${k}]` : `${at}.${k}`, depth + 1);
    }
    seen.delete(v as object);
  };
  walk(value, path, 0);
};
const oneOfValues = (values: string[]): Check => is((v) => values.includes(v), oneOf(values));

/**
 * A document name Bedrock takes (DocumentBlock `name`): letters, digits, whitespace no more than one
 * in a row, hyphens, parentheses, square brackets; 1-200 characters. "Letters" are ASCII (é, kanji
 * and a full-width or tab space are refused live: vercel/ai#20365, aws-samples/generative-ai-use-cases#1671,
 * #1677); underscores are accepted though not listed (checked live in both). No dot: the extension
 * is `format`. Refused, not rewritten: the caller chooses the name the model sees.
 */
const DOCUMENT_NAME = /^[A-Za-z0-9_()[\] -]{1,200}$/;
const documentName: Check = (value, path) => {
  if (typeof value === 'string' && DOCUMENT_NAME.test(value) && !value.includes('  ')) return;
  const got = typeof value === 'string' ? `${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)}${value.length > 200 ? ` (${value.length} characters)` : ''}` : value === null ? 'null' : typeof value;
  throw new ValidationError(
    `${path}: ${got} is not a document name Bedrock accepts: 1-200 characters of letters A-Z a-z, digits, single spaces, hyphens, underscores, parentheses and square brackets (no dots: the extension goes in format)`,
  );
};
const isMedia = (v: unknown) => typeof v === 'string' || v instanceof Uint8Array || (isRecord(v) && typeof v.uri === 'string');
const media = is(isMedia, 'base64 text, a Uint8Array or { uri } (S3)');
const ttl = oneOfValues(['5m', '1h']);
const cachePoint = optional(object('{ ttl? }', { ttl: optional(ttl) }));
const ROLES = ['system', 'user', 'assistant', 'tool'];

// Content parts by `type`: the fields each must have.
const PARTS: Record<string, Fields> = {
  text: { text: string },
  image: { mediaType: string, data: media },
  document: {
    format: oneOfValues(['pdf', 'csv', 'doc', 'docx', 'xls', 'xlsx', 'html', 'txt', 'md']),
    name: documentName,
    data: is((v) => isMedia(v) || (isRecord(v) && typeof v.text === 'string'), 'base64 text, a Uint8Array, { uri } (S3) or { text }'),
    citations: optional(is((v) => typeof v === 'boolean', 'a boolean')),
    context: optional(string),
  },
  // Any name: AWS documents mkv, mov, mp4, webm, flv, mpeg, mpg, wmv, three_gp, and answered 200 to `video/mp4` (recorded).
  video: { format: is((v) => typeof v === 'string' && v !== '', 'a video format such as mp4'), data: media },
  'tool-call': { id: string, name: string, arguments: json('an object') },
  'tool-result': { toolCallId: string, content: (v, path) => content(v, path, true) },
  reasoning: { text: string, signature: optional(string) },
  'redacted-reasoning': { data: string },
  'cache-point': { ttl: optional(ttl) },
  guard: {
    text: string,
    qualifiers: optional(is((v) => Array.isArray(v) && v.every((q) => ['grounding_source', 'query', 'guard_content'].includes(q)), "an array of 'grounding_source', 'query' or 'guard_content'")),
  },
};
// Only inside a tool result's content.
const JSON_PART: Fields = { value: () => {} };

function content(value: unknown, path: string, toolResult = false): void {
  if (typeof value === 'string') return;
  if (!Array.isArray(value)) fail(path, 'a string or an array of content parts', value);
  const parts: Record<string, Fields> = toolResult ? { ...PARTS, json: JSON_PART } : PARTS;
  value.forEach((p, i) => {
    const at = `${path}[${i}]`;
    if (!isRecord(p)) fail(at, 'a content part object', p);
    const type = p.type as string;
    if (!Object.hasOwn(parts, type)) fail(`${at}.type`, oneOf(Object.keys(parts)), type);
    checkFields(p, at, parts[type]!);
  });
}

const REQUEST: Fields = {
  // An absent or empty model means the provider's default model (checked where it is resolved).
  model: optional(string),
  messages(value, path) {
    array('an array of messages', 'a message object', {
      role: is((v) => ROLES.includes(v), oneOf(ROLES)),
      content,
      toolCallId: optional(string),
    })(value, path);
    if ((value as unknown[]).length === 0) throw new ValidationError(`${path}: at least one message is required`);
  },
  system: optional(string),
  maxTokens: optional(range(1, Infinity, true)),
  temperature: optional(range(0, 2, false)),
  topP: optional(range(0, 1, false)),
  // 0 is accepted by AWS (Cohere `k: 0`, recorded); each model checks its own upper bound.
  topK: optional(range(0, Infinity, true)),
  stopSequences: optional(is((v) => Array.isArray(v) && v.every((s) => typeof s === 'string'), 'an array of strings')),
  tools: optional(
    array('an array of tools', 'a tool object', {
      name: is((v) => typeof v === 'string' && v !== '', 'a tool name'),
      description: optional(string),
      inputSchema: json('a JSON schema object'),
      strict: optional(is((v) => typeof v === 'boolean', 'a boolean')),
    }),
  ),
  toolChoice: optional(
    is((v) => ['auto', 'none', 'required'].includes(v) || (isRecord(v) && typeof v.name === 'string'), "'auto', 'none', 'required' or { name }"),
  ),
  reasoning: optional(
    object('{ budgetTokens?, effort? }', { budgetTokens: optional(range(1, Infinity, true)), effort: optional(oneOfValues(['low', 'medium', 'high'])) }),
  ),
  cache: optional(object('{ system?, tools? }', { system: cachePoint, tools: cachePoint })),
  responseFormat: optional(
    object("{ type: 'json', schema }", { type: oneOfValues(['json']), schema: is(isRecord, 'a JSON schema object'), name: optional(string), description: optional(string) }),
  ),
  guardrail: optional(
    object('{ id, version, trace?, streamProcessing? }', {
      id: is((v) => typeof v === 'string' && v !== '', 'a guardrail id'),
      version: is((v) => typeof v === 'string' && v !== '', 'a guardrail version'),
      trace: optional(oneOfValues(['enabled', 'disabled', 'enabled_full'])),
      streamProcessing: optional(oneOfValues(['sync', 'async'])),
    }),
  ),
  anthropicBeta: optional(is((v) => Array.isArray(v) && v.every((s) => typeof s === 'string'), 'an array of strings')),
  serviceTier: optional(oneOfValues(['priority', 'default', 'flex', 'reserved'])),
  latency: optional(oneOfValues(['standard', 'optimized'])),
  extra: optional(json('an object')),
  family: optional(is((v) => MODEL_FAMILIES.includes(v), `one of ${MODEL_FAMILIES.join(', ')}`)),
};

/**
 * Bedrock's per-message limits on media (Converse `Message.content`: "up to 20 images ... no more
 * than 3.75 MB ... up to five documents ... no more than 4.5 MB"; MB = 2^20 bytes). AWS's documented
 * limits, yet an option (provider config `contentLimits`): they differ by model and change over time,
 * and raising one should not wait for a release. Sizes are of the raw bytes (base64 counted decoded,
 * `{ text }` as UTF-8); S3 objects are not counted.
 */
export interface ContentLimits {
  /** Documents per message. Default 5. */
  documents: number;
  /** Bytes per document. Default 4.5 MB (4,718,592). */
  documentBytes: number;
  /** Images per message. Default 20. */
  images: number;
  /** Bytes per image. Default 3.75 MB (3,932,160). */
  imageBytes: number;
}

export const DEFAULT_CONTENT_LIMITS: Readonly<ContentLimits> = Object.freeze({ documents: 5, documentBytes: 4.5 * 2 ** 20, images: 20, imageBytes: 3.75 * 2 ** 20 });

/**
 * Raw size of media data: bytes, base64 text (decoded length), `{ text }` (UTF-8, encoded only when
 * it could pass `limit`: at most 3 bytes per UTF-16 unit); undefined for S3.
 */
function byteSize(data: unknown, limit: number): number | undefined {
  if (data instanceof Uint8Array) return data.byteLength;
  if (typeof data === 'string') return Math.floor((data.length * 3) / 4) - (data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0);
  if (isRecord(data) && typeof data.text === 'string') return data.text.length * 3 <= limit ? 0 : new TextEncoder().encode(data.text).byteLength;
  return undefined;
}

const megabytes = (n: number) => `${+(n / 2 ** 20).toFixed(2)} MB`;

function checkLimits(request: LLMRequest, limits: ContentLimits): void {
  request.messages.forEach((m, i) => {
    if (typeof m.content === 'string') return;
    const at = `request.messages[${i}].content`;
    const count = { image: 0, document: 0 };
    const walk = (parts: ReadonlyArray<{ type: string; data?: unknown; content?: unknown }>, path: string) =>
      parts.forEach((p, j) => {
        if (p.type === 'tool-result' && Array.isArray(p.content)) walk(p.content, `${path}[${j}].content`);
        if (p.type !== 'image' && p.type !== 'document') return;
        const kind = p.type;
        const [most, bytes, key] = kind === 'image' ? [limits.images, limits.imageBytes, 'image'] : [limits.documents, limits.documentBytes, 'document'];
        if (++count[kind] > most) throw new ValidationError(`${path}[${j}]: more than ${most} ${kind}s in one message (Bedrock's limit; contentLimits.${kind}s)`);
        const size = byteSize(p.data, bytes);
        if (size !== undefined && size > bytes) {
          throw new ValidationError(`${path}[${j}].data: ${megabytes(size)} is over Bedrock's ${megabytes(bytes)} for a${kind === 'image' ? 'n' : ''} ${kind} (contentLimits.${key}Bytes)`);
        }
      });
    walk(m.content, at);
  });
}

/**
 * Throws a `ValidationError` naming the first field of `request` that is not of the documented shape,
 * or the first image or document over `limits` (default {@link DEFAULT_CONTENT_LIMITS}).
 */
export function validateRequest(request: LLMRequest, limits: Partial<ContentLimits> = {}): void {
  object('an object', REQUEST)(request, 'request');
  checkLimits(request, { ...DEFAULT_CONTENT_LIMITS, ...limits });
}
