// Amazon Nova on InvokeModel: the messages-v1 body; responses and stream chunks are Converse-shaped
// objects (`{output:{message}}`, `{contentBlockDelta:{...}}`). Sources: Amazon Nova user guide,
// "Using the Invoke API" and "Complete request schema"
// (https://docs.aws.amazon.com/nova/latest/userguide/complete-request-schema.html), and
// test/fixtures/recorded/amazon-nova.

import type { ModelCodec } from './codec.js';
import { rejectFields } from './conversation.js';
import { applyConverseBody, applyConverseEvent } from './converse.js';
import { converseFields } from './converse-blocks.js';
import { decoders } from './decoders.js';
import { mergeExtra } from './extra.js';
import type { LLMRequest } from './types.js';

const EVENTS = ['messageStart', 'contentBlockStart', 'contentBlockDelta', 'contentBlockStop', 'messageStop', 'metadata'];

function encodeRequest(request: LLMRequest): Record<string, unknown> {
  rejectFields(request, 'nova', ['reasoning'], 'pass Nova reasoning settings in extra');
  return mergeExtra({ schemaVersion: 'messages-v1', ...converseFields(request, true) }, request.extra);
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
