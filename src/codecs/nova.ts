// Amazon Nova on InvokeModel: the messages-v1 body; responses and stream chunks are Converse-shaped
// objects (`{output:{message}}`, `{contentBlockDelta:{...}}`). Sources: Amazon Nova user guide,
// "Using the Invoke API" and "Complete request schema"
// (https://docs.aws.amazon.com/nova/latest/userguide/complete-request-schema.html), and
// test/fixtures/recorded/amazon-nova.

import { isRecord } from './arguments.js';
import { ResponseBuilder } from './builder.js';
import type { ModelCodec, ResponseMeta, StreamDecoder } from './codec.js';
import { rejectFields, toConversation } from './conversation.js';
import { addConverseMessage, applyConverseEvent } from './converse.js';
import { converseMessages, converseToolConfig } from './converse-blocks.js';
import { mergeExtra, put } from './extra.js';
import { invalid } from './invalid.js';
import type { LLMRequest, LLMResponse, StreamChunk } from './types.js';

const EVENTS = ['messageStart', 'contentBlockStart', 'contentBlockDelta', 'contentBlockStop', 'messageStop', 'metadata'];

function encodeRequest(request: LLMRequest): Record<string, unknown> {
  rejectFields(request, 'nova', ['reasoning'], 'pass Nova reasoning settings in extra');
  const conversation = toConversation(request);
  const body: Record<string, unknown> = { schemaVersion: 'messages-v1' };
  if (conversation.system !== undefined) body.system = [{ text: conversation.system }];
  // Reasoning from earlier turns has no messages-v1 block: it is left out of the history.
  body.messages = converseMessages(conversation, false);
  const inference: Record<string, unknown> = {};
  put(inference, 'maxTokens', request.maxTokens);
  put(inference, 'temperature', request.temperature);
  put(inference, 'topP', request.topP);
  put(inference, 'topK', request.topK);
  put(inference, 'stopSequences', request.stopSequences);
  if (Object.keys(inference).length) body.inferenceConfig = inference;
  put(body, 'toolConfig', converseToolConfig(request, 'nova'));
  return mergeExtra(body, request.extra);
}

function decodeResponse(body: unknown, meta: ResponseMeta): LLMResponse {
  if (!isRecord(body)) throw invalid('Nova response body is not an object');
  const b = new ResponseBuilder(meta);
  if (isRecord(body.output)) addConverseMessage(b, body.output.message);
  b.setFinish(typeof body.stopReason === 'string' ? body.stopReason : undefined);
  applyConverseEvent(b, 'metadata', { usage: body.usage }, []);
  b.addInvocationMetrics(body);
  return b.build();
}

function createStreamDecoder(meta: ResponseMeta): StreamDecoder {
  const b = new ResponseBuilder(meta);
  return {
    push(chunk) {
      const out: StreamChunk[] = [];
      if (!isRecord(chunk)) return out;
      for (const event of EVENTS) if (event in chunk) applyConverseEvent(b, event, chunk[event], out);
      b.addInvocationMetrics(chunk);
      return out;
    },
    finish: () => b.finish(),
  };
}

export const novaCodec: ModelCodec = { family: 'nova', encodeRequest, decodeResponse, createStreamDecoder };
