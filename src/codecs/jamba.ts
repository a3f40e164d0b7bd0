// AI21 Jamba on InvokeModel: Chat Completions-shaped body, response and stream. Source: AWS
// "AI21 Labs Jamba models" model-parameters page
// (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-jamba.html) and
// test/fixtures/recorded/ai21-jamba. The page documents no tools, images or topK for Bedrock:
// those are `ValidationError`s.

import type { ModelCodec } from './codec.js';
import { rejectFields } from './conversation.js';
import { decoders } from './decoders.js';
import { mergeExtra } from './extra.js';
import { chatBody, readChatBody, readChatChunk } from './openai-chat.js';
import { putParams } from './params.js';
import type { LLMRequest } from './types.js';

function encodeRequest(request: LLMRequest): Record<string, unknown> {
  rejectFields(request, 'jamba', ['topK', 'reasoning']);
  const body = putParams(chatBody(request, { family: 'jamba', tools: false }), request, {
    maxTokens: 'max_tokens', temperature: 'temperature', topP: 'top_p', stopSequences: 'stop',
  });
  return mergeExtra(body, request.extra);
}

export const jambaCodec: ModelCodec = {
  family: 'jamba',
  encodeRequest,
  ...decoders({ name: 'Jamba', body: readChatBody, chunk: readChatChunk }),
};
