// `LLMRequest.extra`: model-specific fields merged into the body last.

import { isRecord } from './json.js';

/**
 * Merges `extra` into `body` in place; where both sides hold a plain object the merge goes on
 * inside it, at any depth (arrays and other values from `extra` replace what was there).
 */
export function mergeExtra(body: Record<string, unknown>, extra: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!extra) return body;
  for (const [key, value] of Object.entries(extra)) {
    const current = body[key];
    body[key] = isRecord(current) && isRecord(value) ? mergeExtra({ ...current }, value) : value;
  }
  return body;
}

/** Sets `key` only when `value` is defined, so bodies carry no `undefined` fields. */
export function put<T extends object, K extends keyof T>(body: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) body[key] = value;
}
