// DeepSeek R1 on InvokeModel: a `prompt` → `{choices:[{text, stop_reason}]}`. Source: AWS
// "DeepSeek models" model-parameters page
// (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-deepseek.html), whose
// example wraps the prompt in DeepSeek's chat template and opens the reasoning section:
// `<｜begin▁of▁sentence｜><｜User｜>...<｜Assistant｜><think>\n`. The completion therefore starts inside
// the reasoning: everything up to `</think>` is `reasoning`, the rest is the answer. Text only;
// tools, images, topK and a reasoning budget are `ValidationError`s.

import { isRecord } from './arguments.js';
import { ResponseBuilder } from './builder.js';
import type { ModelCodec, ResponseMeta, StreamDecoder } from './codec.js';
import { rejectFields, textOf, toConversation } from './conversation.js';
import { mergeExtra, put } from './extra.js';
import { invalid } from './invalid.js';
import { TagSplitter } from './tags.js';
import type { LLMRequest, LLMResponse, StreamChunk } from './types.js';

const BOS = '<｜begin▁of▁sentence｜>';
const EOS = '<｜end▁of▁sentence｜>';

export function deepseekPrompt(request: LLMRequest): string {
  const conversation = toConversation(request);
  let prompt = BOS + (conversation.system ?? '');
  for (const turn of conversation.turns) {
    const text = textOf(turn.parts, 'deepseek');
    prompt += turn.role === 'user' ? `<｜User｜>${text}` : `<｜Assistant｜>${text}${EOS}`;
  }
  return `${prompt}<｜Assistant｜><think>\n`;
}

function encodeRequest(request: LLMRequest): Record<string, unknown> {
  rejectFields(request, 'deepseek', ['tools', 'topK', 'reasoning']);
  if (request.messages.length && request.messages[request.messages.length - 1]!.role === 'assistant') {
    throw invalid('DeepSeek prompts end with the reasoning section open; an assistant prefill cannot be honoured');
  }
  const body: Record<string, unknown> = { prompt: deepseekPrompt(request) };
  put(body, 'max_tokens', request.maxTokens);
  put(body, 'temperature', request.temperature);
  put(body, 'top_p', request.topP);
  put(body, 'stop', request.stopSequences);
  return mergeExtra(body, request.extra);
}

function apply(b: ResponseBuilder, splitter: TagSplitter, r: Record<string, unknown>, out?: StreamChunk[]): void {
  const first: unknown = Array.isArray(r.choices) ? r.choices[0] : undefined;
  if (isRecord(first)) {
    if (typeof first.text === 'string') {
      for (const s of splitter.push(first.text)) s.kind === 'text' ? b.addText(s.text, out) : b.addReasoning(s.text, out);
    }
    if (typeof first.stop_reason === 'string') b.setFinish(first.stop_reason);
  }
  b.addInvocationMetrics(r);
}

function flush(b: ResponseBuilder, splitter: TagSplitter, out?: StreamChunk[]): void {
  for (const s of splitter.flush()) s.kind === 'text' ? b.addText(s.text, out) : b.addReasoning(s.text, out);
}

const splitter = (): TagSplitter => new TagSplitter('<think>', '</think>', true);

function decodeResponse(body: unknown, meta: ResponseMeta): LLMResponse {
  if (!isRecord(body)) throw invalid('DeepSeek response body is not an object');
  const b = new ResponseBuilder(meta);
  const s = splitter();
  apply(b, s, body);
  flush(b, s);
  return b.build();
}

function createStreamDecoder(meta: ResponseMeta): StreamDecoder {
  const b = new ResponseBuilder(meta);
  const s = splitter();
  return {
    push(chunk) {
      const out: StreamChunk[] = [];
      if (isRecord(chunk)) apply(b, s, chunk, out);
      return out;
    },
    finish() {
      const out: StreamChunk[] = [];
      flush(b, s, out);
      return [...out, ...b.finish()];
    },
  };
}

export const deepseekCodec: ModelCodec = { family: 'deepseek', encodeRequest, decodeResponse, createStreamDecoder };
