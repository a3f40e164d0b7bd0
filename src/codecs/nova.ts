// Amazon Nova on InvokeModel: the messages-v1 body; responses and stream chunks are Converse-shaped
// objects (`{output:{message}}`, `{contentBlockDelta:{...}}`). Sources: Amazon Nova user guide,
// "Using the Invoke API" and "Complete request schema"
// (https://docs.aws.amazon.com/nova/latest/userguide/complete-request-schema.html), and
// test/fixtures/recorded/amazon-nova.

import type { ModelCodec } from './codec.js';
import { rejectFields, toConversation } from './conversation.js';
import { applyConverseBody, applyConverseEvent } from './converse.js';
import { converseMessages, converseToolConfig } from './converse-blocks.js';
import { decoders } from './decoders.js';
import { mergeExtra, put } from './extra.js';
import { putParams } from './params.js';
import type { LLMRequest } from './types.js';

const EVENTS = ['messageStart', 'contentBlockStart', 'contentBlockDelta', 'contentBlockStop', 'messageStop', 'metadata'];

function encodeRequest(request: LLMRequest): Record<string, unknown> {
  rejectFields(request, 'nova', ['reasoning'], 'pass Nova reasoning settings in extra');
  const conversation = toConversation(request);
  const body: Record<string, unknown> = { schemaVersion: 'messages-v1' };
  if (conversation.system !== undefined) body.system = [{ text: conversation.system }];
  // Reasoning from earlier turns has no messages-v1 block: it is left out of the history.
  body.messages = converseMessages(conversation, false);
  const inference = putParams({}, request, {
    maxTokens: 'maxTokens', temperature: 'temperature', topP: 'topP', topK: 'topK', stopSequences: 'stopSequences',
  });
  if (Object.keys(inference).length) body.inferenceConfig = inference;
  put(body, 'toolConfig', converseToolConfig(request, 'nova'));
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
