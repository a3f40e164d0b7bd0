// Meta Llama on InvokeModel: a `prompt` in the Llama 3 chat template, `{generation, ...}` bodies
// and chunks (Llama 2 captures have the same response shape). Sources: AWS "Meta Llama models"
// model-parameters page (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-meta.html),
// Meta's Llama 3 prompt format, test/fixtures/recorded/meta-llama. Images, tools, topK and
// reasoning are `ValidationError`s.

import type { ModelCodec } from './codec.js';
import { rejectFields, textOf, toConversation } from './conversation.js';
import { decoders } from './decoders.js';
import { mergeExtra } from './extra.js';
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

function encodeRequest(request: LLMRequest): Record<string, unknown> {
  rejectFields(request, 'llama', ['tools', 'topK', 'reasoning', 'stopSequences']);
  const body = putParams({ prompt: llamaPrompt(request) }, request, { maxTokens: 'max_gen_len', temperature: 'temperature', topP: 'top_p' });
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
