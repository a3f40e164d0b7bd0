// Tool-call arguments: parsed once, at the end of the call; the raw text is always kept.

import { isRecord } from './json.js';

/**
 * `''` (a call with no arguments streams no JSON) is `{}`. JSON that does not parse, or parses
 * to something other than an object, is also `{}`: the caller sees `rawArguments` and decides.
 */
export function parseArguments(raw: string): Record<string, unknown> {
  if (raw.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(raw);
    return isRecord(value) ? value : {};
  } catch {
    return {};
  }
}
