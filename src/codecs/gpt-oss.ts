// OpenAI gpt-oss on InvokeModel: a Chat Completions body and response. Source: AWS "OpenAI
// models" model-parameters page (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-openai.html):
// `stream` must match the operation, `max_completion_tokens` is the output limit, and on
// InvokeModel the model's reasoning comes first in the text content, inside `<reasoning>` tags —
// split out here into `reasoning`. gpt-oss has a reasoning effort, not a token budget: a
// `reasoning` budget is a `ValidationError`; `reasoning.effort` is `reasoning_effort`. Text only.

import type { ModelCodec } from './codec.js';
import { rejectFields } from './conversation.js';
import { decoders } from './decoders.js';
import { mergeExtra, put } from './extra.js';
import { unsupported } from './invalid.js';
import { chatBody, readChatBody, readChatChunk } from './openai-chat.js';
import { putParams } from './params.js';
import type { LLMRequest } from './types.js';

function encodeRequest(request: LLMRequest, options: { stream: boolean }): Record<string, unknown> {
  rejectFields(request, 'gpt-oss', ['topK']);
  if (request.reasoning?.budgetTokens !== undefined) throw unsupported('gpt-oss', 'a reasoning budget', "set reasoning: { effort: 'low' | 'medium' | 'high' }");
  const body = putParams(chatBody(request, { family: 'gpt-oss', tools: true }), request, {
    maxTokens: 'max_completion_tokens', temperature: 'temperature', topP: 'top_p', stopSequences: 'stop',
  });
  put(body, 'reasoning_effort', request.reasoning?.effort);
  const format = request.responseFormat;
  if (format) body.response_format = { type: 'json_schema', json_schema: { name: format.name ?? 'response', schema: format.schema } };
  body.stream = options.stream;
  return mergeExtra(body, request.extra);
}

export const gptOssCodec: ModelCodec = {
  family: 'gpt-oss',
  encodeRequest,
  ...decoders({ name: 'gpt-oss', body: readChatBody, chunk: readChatChunk, tags: ['<reasoning>', '</reasoning>', false] }),
};
