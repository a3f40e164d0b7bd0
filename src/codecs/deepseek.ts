// DeepSeek R1 on InvokeModel: a `prompt` → `{choices:[{text, stop_reason}]}`. Source: AWS
// "DeepSeek models" model-parameters page
// (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-deepseek.html), whose
// example wraps the prompt in DeepSeek's chat template and opens the reasoning section:
// `<｜begin▁of▁sentence｜><｜User｜>...<｜Assistant｜><think>\n`. The completion therefore starts inside
// the reasoning: everything up to `</think>` is `reasoning`, the rest is the answer. Text only;
// tools, images, topK and a reasoning budget are `ValidationError`s.

import type { ModelCodec } from './codec.js';
import { rejectFields, textOf, toConversation } from './conversation.js';
import { decoders } from './decoders.js';
import { mergeExtra } from './extra.js';
import { invalid } from './invalid.js';
import { list, record } from './json.js';
import { putParams } from './params.js';
import type { LLMRequest } from './types.js';

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
  const body = putParams({ prompt: deepseekPrompt(request) }, request, { maxTokens: 'max_tokens', temperature: 'temperature', topP: 'top_p', stopSequences: 'stop' });
  return mergeExtra(body, request.extra);
}

export const deepseekCodec: ModelCodec = {
  family: 'deepseek',
  encodeRequest,
  ...decoders({
    name: 'DeepSeek',
    chunk(b, r, out) {
      const first = record(list(r.choices)[0]);
      b.addContent(first.text, out);
      b.setFinish(first.stop_reason);
    },
    tags: ['<think>', '</think>', true],
  }),
};
