// Mistral on InvokeModel. Two shapes, chosen by model id on the way in and by shape on the way out:
// - text completion (Mistral 7B, Mixtral, Small): `<s>[INST] ... [/INST]` prompt → `{outputs:
//   [{text, stop_reason}]}`. Source: AWS "Mistral AI text completion" model-parameters page
//   (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-mistral-text-completion.html),
//   test/fixtures/recorded/mistral. The template has no system role: the system text is a
//   documented fallback, written before the first instruction inside its [INST] block.
// - chat completion (Mistral Large, Large 2, Pixtral): messages and tools → `{choices:[{message,
//   stop_reason}]}`. Source: "Mistral AI chat completion" and "Mistral Large (24.07)" pages
//   (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-mistral-chat-completion.html).

import type { ModelCodec } from './codec.js';
import { rejectFields, textOf, toConversation } from './conversation.js';
import { decoders, type Apply } from './decoders.js';
import { mergeExtra } from './extra.js';
import { baseModelId } from './family.js';
import { invalid } from './invalid.js';
import { list, record } from './json.js';
import { chatBody, readChatBody, readChatChunk } from './openai-chat.js';
import { putParams } from './params.js';
import type { LLMRequest } from './types.js';

/** Models that take the chat-completion body. */
export function isMistralChat(modelId: string): boolean {
  const base = baseModelId(modelId) ?? '';
  return /^mistral\.(mistral-large|pixtral)/.test(base);
}

export function mistralPrompt(request: LLMRequest): string {
  const conversation = toConversation(request);
  let prompt = '<s>';
  let system = conversation.system;
  const turns = conversation.turns;
  turns.forEach((turn, i) => {
    let text = textOf(turn.parts, 'mistral');
    if (turn.role === 'user') {
      if (system !== undefined) {
        text = `${system}\n\n${text}`;
        system = undefined;
      }
      prompt += `[INST] ${text} [/INST]`;
    } else {
      prompt += i === turns.length - 1 ? ` ${text}` : ` ${text}</s>`;
    }
  });
  if (system !== undefined) throw invalid('a Mistral prompt needs a user message to carry the system text');
  return prompt;
}

function encodeRequest(request: LLMRequest, options: { modelId: string }): Record<string, unknown> {
  rejectFields(request, 'mistral', ['reasoning']);
  if (isMistralChat(options.modelId)) {
    rejectFields(request, 'mistral', ['topK', 'stopSequences'], 'the chat-completion models take neither');
    const body = putParams(chatBody(request, { family: 'mistral', tools: true, required: 'any' }), request, {
      maxTokens: 'max_tokens', temperature: 'temperature', topP: 'top_p',
    });
    return mergeExtra(body, request.extra);
  }
  rejectFields(request, 'mistral', ['tools'], 'only the chat-completion models (Mistral Large) take tools');
  const body = putParams({ prompt: mistralPrompt(request) }, request, {
    maxTokens: 'max_tokens', temperature: 'temperature', topP: 'top_p', topK: 'top_k', stopSequences: 'stop',
  });
  return mergeExtra(body, request.extra);
}

/** The text-completion shape: `{outputs: [{text, stop_reason}]}`, body or chunk. */
const applyOutputs: Apply = (b, r, out) => {
  const first = record(list(r.outputs)[0]);
  b.addText(first.text, out);
  b.setFinish(first.stop_reason);
};

// Bodies and chunks are told apart by shape: `choices` is the chat-completion shape.
export const mistralCodec: ModelCodec = {
  family: 'mistral',
  encodeRequest,
  ...decoders({
    name: 'Mistral',
    body: (b, r) => ('choices' in r ? readChatBody : applyOutputs)(b, r),
    chunk: (b, r, out) => ('choices' in r ? readChatChunk : applyOutputs)(b, r, out),
  }),
};
