import type { ModelRef } from '../model.js';
import type { Prompt } from '../prompt.js';
import type { Reply } from '../reply.js';

/** How one family reads a request and shapes the answer, non-streaming and as stream chunks. */
export interface Shaper {
  prompt: Prompt;
  /** The InvokeModel response body. */
  body(reply: Reply): Record<string, unknown>;
  /** The model JSON of each `chunk` frame of InvokeModelWithResponseStream, in order. */
  chunks(reply: Reply): Iterable<Record<string, unknown>>;
}

export type FamilyReader = (body: Record<string, unknown>, model: ModelRef) => Shaper;

/** `amazon-bedrock-invocationMetrics`, which Bedrock adds to the last chunk of every family. */
export function invocationMetrics(reply: Reply): Record<string, number> {
  const m: Record<string, number> = {
    inputTokenCount: reply.inputTokens,
    outputTokenCount: reply.outputTokens,
    invocationLatency: reply.invocationLatency,
    firstByteLatency: reply.firstByteLatency,
    ...(reply.cache ? { cacheReadInputTokenCount: reply.cache.read, cacheWriteInputTokenCount: reply.cache.write } : {}),
  };
  // Cache counts appear when the request had a cache point.
  return m;
}
