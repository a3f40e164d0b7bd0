// The model families the codecs speak, as a value (the codecs export the type): config validation
// and the catalog need a list to check names against.
import type { ModelFamily } from '../codecs/index.js';

export const FAMILIES = [
  'anthropic',
  'titan',
  'nova',
  'llama',
  'cohere',
  'jamba',
  'mistral',
  'deepseek',
  'gpt-oss',
] as const satisfies readonly ModelFamily[];

export function isFamily(value: unknown): value is ModelFamily {
  return typeof value === 'string' && (FAMILIES as readonly string[]).includes(value);
}
