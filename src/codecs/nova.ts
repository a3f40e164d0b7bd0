// Amazon Nova on InvokeModel: the messages-v1 body; responses and stream chunks are Converse-shaped
// objects (`{output:{message}}`, `{contentBlockDelta:{...}}`). Sources: Amazon Nova user guide,
// "Using the Invoke API" and "Complete request schema"
// (https://docs.aws.amazon.com/nova/latest/userguide/complete-request-schema.html), and
// test/fixtures/recorded/amazon-nova.

import type { ModelCodec } from './codec.js';
import { applyConverseBody, applyConverseEvent } from './converse.js';
import { converseFields } from './converse-blocks.js';
import { decoders } from './decoders.js';
import { mergeExtra } from './extra.js';
import { unsupported } from './invalid.js';
import type { LLMRequest } from './types.js';

const EVENTS = ['messageStart', 'contentBlockStart', 'contentBlockDelta', 'contentBlockStop', 'messageStop', 'metadata'];

function encodeRequest(request: LLMRequest): Record<string, unknown> {
  const reasoning = request.reasoning;
  if (reasoning?.budgetTokens !== undefined) throw unsupported('nova', 'a reasoning budget', "set reasoning: { effort: 'low' | 'medium' | 'high' }");
  const body: Record<string, unknown> = { schemaVersion: 'messages-v1', ...converseFields(request, true) };
  // Nova 2: extended thinking by effort (Amazon Nova user guide, "Extended thinking").
  if (reasoning) body.reasoningConfig = { type: 'enabled', maxReasoningEffort: reasoning.effort ?? 'medium' };
  return mergeExtra(body, request.extra);
}

export const novaCodec: ModelCodec = {
  family: 'nova',
  encodeRequest,
  ...decoders({
    name: 'Nova',
    body: applyConverseBody,
    chunk(b, chunk, out) {
      for (const event of EVENTS) if (event in chunk) applyConverseEvent(b, event, chunk[event], out);
    },
  }),
};
