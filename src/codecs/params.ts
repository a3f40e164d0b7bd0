// The sampling fields of an LLMRequest, written under each family's own names.

import { put } from './extra.js';
import type { LLMRequest } from './types.js';

type Param = 'maxTokens' | 'temperature' | 'topP' | 'topK' | 'stopSequences';

/** Copies the fields the request sets into `body`, named as `names` says (in that order); returns `body`. */
export function putParams(
  body: Record<string, unknown>,
  request: LLMRequest,
  names: Partial<Record<Param, string>>,
): Record<string, unknown> {
  for (const [field, name] of Object.entries(names)) put(body, name, request[field as Param]);
  return body;
}
