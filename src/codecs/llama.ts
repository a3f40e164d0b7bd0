// Meta Llama on InvokeModel: a `prompt` in the Llama 3 chat template, `{generation, ...}` bodies
// and chunks (Llama 2 captures have the same response shape). Sources: AWS "Meta Llama models"
// model-parameters page (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-meta.html),
// Meta's Llama 3 prompt format, test/fixtures/recorded/meta-llama. Images, tools, topK and
// reasoning are `ValidationError`s.

import { isRecord } from './arguments.js';
import { ResponseBuilder } from './builder.js';
import type { ModelCodec, ResponseMeta, StreamDecoder } from './codec.js';
import { rejectFields, textOf, toConversation } from './conversation.js';
import { mergeExtra, put } from './extra.js';
import { invalid } from './invalid.js';
import type { LLMRequest, LLMResponse, StreamChunk } from './types.js';

const header = (role: string): string => `<|start_header_id|>${role}<|end_header_id|>\n\n`;

/** The Llama 3 chat template; a last assistant turn is left open as a prefill. */
export function llamaPrompt(request: LLMRequest): string {
  const conversation = toConversation(request);
  let prompt = '<|begin_of_text|>';
  if (conversation.system !== undefined) prompt += `${header('system')}${conversation.system}<|eot_id|>`;
  const turns = conversation.turns;
  turns.forEach((turn, i) => {
    const prefill = i === turns.length - 1 && turn.role === 'assistant';
    prompt += header(turn.role) + textOf(turn.parts, 'llama') + (prefill ? '' : '<|eot_id|>');
  });
  if (turns[turns.length - 1]?.role !== 'assistant') prompt += header('assistant');
  return prompt;
}

function encodeRequest(request: LLMRequest): Record<string, unknown> {
  rejectFields(request, 'llama', ['tools', 'topK', 'reasoning', 'stopSequences']);
  const body: Record<string, unknown> = { prompt: llamaPrompt(request) };
  put(body, 'max_gen_len', request.maxTokens);
  put(body, 'temperature', request.temperature);
  put(body, 'top_p', request.topP);
  return mergeExtra(body, request.extra);
}

function apply(b: ResponseBuilder, r: Record<string, unknown>, out?: StreamChunk[]): void {
  if (typeof r.generation === 'string') b.addText(r.generation, out);
  if (typeof r.stop_reason === 'string') b.setFinish(r.stop_reason);
  // Chunks carry a running `generation_token_count`; the prompt count only in the first one.
  b.setUsage({ input: r.prompt_token_count, output: r.generation_token_count });
  b.addInvocationMetrics(r);
}

function decodeResponse(body: unknown, meta: ResponseMeta): LLMResponse {
  if (!isRecord(body)) throw invalid('Llama response body is not an object');
  const b = new ResponseBuilder(meta);
  apply(b, body);
  return b.build();
}

function createStreamDecoder(meta: ResponseMeta): StreamDecoder {
  const b = new ResponseBuilder(meta);
  return {
    push(chunk) {
      const out: StreamChunk[] = [];
      if (isRecord(chunk)) apply(b, chunk, out);
      return out;
    },
    finish: () => b.finish(),
  };
}

export const llamaCodec: ModelCodec = { family: 'llama', encodeRequest, decodeResponse, createStreamDecoder };
