// Meta Llama on InvokeModel: a `prompt` in the Llama 3 chat template (Llama 2 ids: Meta's Llama 2
// `[INST]` template), `{generation, ...}` bodies and chunks (Llama 2 captures have the same response
// shape). Sources: AWS "Meta Llama models" model-parameters page
// (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-meta.html), Meta's Llama 2
// and Llama 3 prompt formats, test/fixtures/recorded/meta-llama. Images, tools, topK and reasoning
// are `ValidationError`s here (the provider sends Llama tools and images through Converse).
//
// Llama 2 is end of life on Bedrock, but its ids are not refused: whether an id is served is the
// service's answer (an ended model is its 4xx, typed), and a Llama 2 model sent the Llama 3 header
// tokens would answer nonsense without any error — the one outcome worse than a refusal.

import type { ModelCodec } from './codec.js';
import { rejectFields, textOf, toConversation } from './conversation.js';
import { decoders } from './decoders.js';
import { mergeExtra } from './extra.js';
import { baseModelId } from './family.js';
import { invalid } from './invalid.js';
import { putParams } from './params.js';
import type { LLMRequest } from './types.js';

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

/**
 * Meta's Llama 2 chat template: `<s>[INST] <<SYS>>\n{system}\n<</SYS>>\n\n{user} [/INST] {answer} </s>`
 * per exchange; a last assistant turn is left open as a prefill.
 */
export function llama2Prompt(request: LLMRequest): string {
  const conversation = toConversation(request);
  let system = conversation.system === undefined ? '' : `<<SYS>>\n${conversation.system}\n<</SYS>>\n\n`;
  const turns = conversation.turns;
  if (turns[0]?.role !== 'user') throw invalid('a Llama 2 prompt starts with a user message');
  let prompt = '';
  turns.forEach((turn, i) => {
    const text = textOf(turn.parts, 'llama');
    if (turn.role === 'user') {
      prompt += `<s>[INST] ${system}${text} [/INST]`;
      system = '';
    } else prompt += i === turns.length - 1 ? ` ${text}` : ` ${text} </s>`;
  });
  return prompt;
}

/** Llama 2 ids (`meta.llama2-13b-chat-v1`, geo-prefixed or in an ARN). */
export function isLlama2(modelId: string): boolean {
  return /^meta\.llama2-/.test(baseModelId(modelId) ?? '');
}

function encodeRequest(request: LLMRequest, options: { modelId: string }): Record<string, unknown> {
  rejectFields(request, 'llama', ['tools', 'topK', 'reasoning', 'stopSequences']);
  const prompt = isLlama2(options.modelId) ? llama2Prompt(request) : llamaPrompt(request);
  const body = putParams({ prompt }, request, { maxTokens: 'max_gen_len', temperature: 'temperature', topP: 'top_p' });
  return mergeExtra(body, request.extra);
}

export const llamaCodec: ModelCodec = {
  family: 'llama',
  encodeRequest,
  ...decoders({
    name: 'Llama',
    chunk(b, r, out) {
      b.addText(r.generation, out);
      b.setFinish(r.stop_reason);
      // Chunks carry a running `generation_token_count`; the prompt count only in the first one.
      b.setUsage({ input: r.prompt_token_count, output: r.generation_token_count });
    },
  }),
};
