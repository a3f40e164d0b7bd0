// AI21 Jamba on InvokeModel: Chat Completions-shaped body, response and stream. Source: AWS
// "AI21 Labs Jamba models" model-parameters page
// (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-jamba.html) and
// test/fixtures/recorded/ai21-jamba. The page documents no tools, images or topK for Bedrock:
// those are `ValidationError`s.

import type { ModelCodec } from './codec.js';
import { rejectFields } from './conversation.js';
import { mergeExtra, put } from './extra.js';
import { chatBody, createChatStreamDecoder, decodeChat } from './openai-chat.js';
import type { LLMRequest } from './types.js';

function encodeRequest(request: LLMRequest): Record<string, unknown> {
  rejectFields(request, 'jamba', ['topK', 'reasoning']);
  const body = chatBody(request, { family: 'jamba', tools: false });
  put(body, 'max_tokens', request.maxTokens);
  put(body, 'temperature', request.temperature);
  put(body, 'top_p', request.topP);
  put(body, 'stop', request.stopSequences);
  return mergeExtra(body, request.extra);
}

export const jambaCodec: ModelCodec = {
  family: 'jamba',
  encodeRequest,
  decodeResponse: (body, meta) => decodeChat(body, meta),
  createStreamDecoder: (meta) => createChatStreamDecoder(meta),
};
