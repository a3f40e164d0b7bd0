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
    name: is((v) => typeof v === 'string' && v !== '', 'a document name'),
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

/** Throws a `ValidationError` naming the first field of `request` that is not of the documented shape. */
export function validateRequest(request: LLMRequest): void {
  object('an object', REQUEST)(request, 'request');
}
