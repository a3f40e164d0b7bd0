// The shape of an LLMRequest, checked before anything is encoded or sent: a caller's mistake is a
// ValidationError naming the field, never a TypeError from deep inside a codec or a 400 later.
import { ValidationError } from '../errors.js';
import { MODEL_FAMILIES } from './family.js';
import type { LLMRequest } from './types.js';

const ROLES = new Set(['system', 'user', 'assistant', 'tool']);

function fail(path: string, what: string, got: unknown): never {
  const shown = got === null ? 'null' : Array.isArray(got) ? 'an array' : typeof got === 'string' ? JSON.stringify(got.slice(0, 40)) : typeof got;
  throw new ValidationError(`${path}: expected ${what}, got ${shown}`);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function str(v: unknown, path: string, optional = false): void {
  if (v === undefined && optional) return;
  if (typeof v !== 'string') fail(path, 'a string', v);
}

function num(v: unknown, path: string, min: number, max: number, integer: boolean): void {
  if (v === undefined) return;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
    fail(path, `${integer ? 'an integer' : 'a number'} from ${min}${max === Infinity ? ' up' : ` to ${max}`}`, v);
  }
}

function parts(content: unknown, path: string): void {
  if (typeof content === 'string') return;
  if (!Array.isArray(content)) fail(path, 'a string or an array of content parts', content);
  content.forEach((p, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(p)) fail(at, 'a content part object', p);
    switch (p.type) {
      case 'text':
        return str(p.text, `${at}.text`);
      case 'image':
        str(p.mediaType, `${at}.mediaType`);
        if (typeof p.data !== 'string' && !(p.data instanceof Uint8Array)) fail(`${at}.data`, 'base64 text or a Uint8Array', p.data);
        return;
      case 'tool-call':
        str(p.id, `${at}.id`);
        str(p.name, `${at}.name`);
        if (!isObject(p.arguments)) fail(`${at}.arguments`, 'an object', p.arguments);
        return;
      case 'tool-result':
        str(p.toolCallId, `${at}.toolCallId`);
        return parts(p.content, `${at}.content`);
      case 'reasoning':
        str(p.text, `${at}.text`);
        return str(p.signature, `${at}.signature`, true);
      default:
        fail(`${at}.type`, "'text', 'image', 'tool-call', 'tool-result' or 'reasoning'", p.type);
    }
  });
}

/** Throws a `ValidationError` naming the first field of `request` that is not of the documented shape. */
export function validateRequest(request: LLMRequest): void {
  if (!isObject(request)) fail('request', 'an object', request);
  const r = request as unknown as Record<string, unknown>;
  // An absent or empty model means the provider's default model (checked where it is resolved).
  str(r.model, 'request.model', true);
  if (!Array.isArray(r.messages)) fail('request.messages', 'an array of messages', r.messages);
  if (r.messages.length === 0) throw new ValidationError('request.messages: at least one message is required');
  r.messages.forEach((m, i) => {
    const at = `request.messages[${i}]`;
    if (!isObject(m)) fail(at, 'a message object', m);
    if (!ROLES.has(m.role as string)) fail(`${at}.role`, "'system', 'user', 'assistant' or 'tool'", m.role);
    parts(m.content, `${at}.content`);
    str(m.toolCallId, `${at}.toolCallId`, true);
  });
  str(r.system, 'request.system', true);
  num(r.maxTokens, 'request.maxTokens', 1, Infinity, true);
  num(r.temperature, 'request.temperature', 0, 2, false);
  num(r.topP, 'request.topP', 0, 1, false);
  num(r.topK, 'request.topK', 1, Infinity, true);
  if (r.stopSequences !== undefined && (!Array.isArray(r.stopSequences) || r.stopSequences.some((s) => typeof s !== 'string'))) {
    fail('request.stopSequences', 'an array of strings', r.stopSequences);
  }
  if (r.tools !== undefined) {
    if (!Array.isArray(r.tools)) fail('request.tools', 'an array of tools', r.tools);
    r.tools.forEach((t, i) => {
      if (!isObject(t)) fail(`request.tools[${i}]`, 'a tool object', t);
      if (typeof t.name !== 'string' || t.name === '') fail(`request.tools[${i}].name`, 'a tool name', t.name);
      str(t.description, `request.tools[${i}].description`, true);
      if (!isObject(t.inputSchema)) fail(`request.tools[${i}].inputSchema`, 'a JSON schema object', t.inputSchema);
    });
  }
  const tc = r.toolChoice;
  if (tc !== undefined && tc !== 'auto' && tc !== 'none' && tc !== 'required' && !(isObject(tc) && typeof tc.name === 'string')) {
    fail('request.toolChoice', "'auto', 'none', 'required' or { name }", tc);
  }
  if (r.reasoning !== undefined) {
    if (!isObject(r.reasoning)) fail('request.reasoning', '{ budgetTokens }', r.reasoning);
    num(r.reasoning.budgetTokens, 'request.reasoning.budgetTokens', 1, Infinity, true);
    if (r.reasoning.budgetTokens === undefined) fail('request.reasoning.budgetTokens', 'an integer from 1 up', undefined);
  }
  if (r.extra !== undefined && !isObject(r.extra)) fail('request.extra', 'an object', r.extra);
  if (r.family !== undefined && !(MODEL_FAMILIES as readonly unknown[]).includes(r.family)) {
    fail('request.family', `one of ${MODEL_FAMILIES.join(', ')}`, r.family);
  }
}
