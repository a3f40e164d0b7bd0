// What a stream had delivered when it failed. The typed error is rethrown unchanged (so
// `instanceof ThrottlingError` and `retryable` keep working); the content received before it is
// kept beside it, in a WeakMap, rather than as an undeclared property on a shared error class.
import type { ToolCall } from '../codecs/index.js';

export interface PartialResponse {
  /** Text received before the failure. */
  content: string;
  reasoning: string;
  /** Tool calls that were complete. */
  toolCalls: ToolCall[];
  /** Chunks the caller received. */
  chunks: number;
  /** The model id that was called. */
  modelId: string;
}

const partials = new WeakMap<object, PartialResponse>();

export function attachPartial(error: unknown, partial: PartialResponse): void {
  if (typeof error === 'object' && error !== null) partials.set(error, partial);
}

/** The content a failed `generateStream` had delivered before `error`, if it failed mid-stream. */
export function partialResponse(error: unknown): PartialResponse | undefined {
  return typeof error === 'object' && error !== null ? partials.get(error) : undefined;
}
