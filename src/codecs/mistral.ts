// Mistral on InvokeModel. Two shapes, chosen by model id on the way in and by shape on the way out:
// - text completion (Mistral 7B, Mixtral, Small): `<s>[INST] ... [/INST]` prompt → `{outputs:
//   [{text, stop_reason}]}`. Source: AWS "Mistral AI text completion" model-parameters page
//   (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-mistral-text-completion.html),
//   test/fixtures/recorded/mistral. The template has no system role: the system text is a
//   documented fallback, written before the first instruction inside its [INST] block.
// - chat completion (Mistral Large, Large 2, Pixtral): messages and tools → `{choices:[{message,
//   stop_reason}]}`. Source: "Mistral AI chat completion" and "Mistral Large (24.07)" pages
//   (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-mistral-chat-completion.html).

import { isRecord } from './arguments.js';
import { ResponseBuilder } from './builder.js';
import type { ModelCodec, ResponseMeta, StreamDecoder } from './codec.js';
import { rejectFields, textOf, toConversation } from './conversation.js';
import { mergeExtra, put } from './extra.js';
import { baseModelId } from './family.js';
import { invalid } from './invalid.js';
import { chatBody, createChatStreamDecoder, decodeChat } from './openai-chat.js';
import type { LLMRequest, LLMResponse, StreamChunk } from './types.js';

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
    const body = chatBody(request, { family: 'mistral', tools: true, required: 'any' });
    put(body, 'max_tokens', request.maxTokens);
    put(body, 'temperature', request.temperature);
    put(body, 'top_p', request.topP);
    return mergeExtra(body, request.extra);
  }
  rejectFields(request, 'mistral', ['tools'], 'only the chat-completion models (Mistral Large) take tools');
  const body: Record<string, unknown> = { prompt: mistralPrompt(request) };
  put(body, 'max_tokens', request.maxTokens);
  put(body, 'temperature', request.temperature);
  put(body, 'top_p', request.topP);
  put(body, 'top_k', request.topK);
  put(body, 'stop', request.stopSequences);
  return mergeExtra(body, request.extra);
}

function applyOutputs(b: ResponseBuilder, r: Record<string, unknown>, out?: StreamChunk[]): void {
  const first: unknown = Array.isArray(r.outputs) ? r.outputs[0] : undefined;
  if (isRecord(first)) {
    if (typeof first.text === 'string') b.addText(first.text, out);
    if (typeof first.stop_reason === 'string') b.setFinish(first.stop_reason);
  }
  b.addInvocationMetrics(r);
}

function decodeResponse(body: unknown, meta: ResponseMeta): LLMResponse {
  if (isRecord(body) && 'choices' in body) return decodeChat(body, meta);
  if (!isRecord(body)) throw invalid('Mistral response body is not an object');
  const b = new ResponseBuilder(meta);
  applyOutputs(b, body);
  return b.build();
}

/** Picks the shape from the first chunk. */
function createStreamDecoder(meta: ResponseMeta): StreamDecoder {
  let inner: StreamDecoder | undefined;
  return {
    push(chunk) {
      if (!inner) {
        if (isRecord(chunk) && 'choices' in chunk) inner = createChatStreamDecoder(meta);
        else {
          const b = new ResponseBuilder(meta);
          inner = {
            push(c) {
              const out: StreamChunk[] = [];
              if (isRecord(c)) applyOutputs(b, c, out);
              return out;
            },
            finish: () => b.finish(),
          };
        }
      }
      return inner.push(chunk);
    },
    finish: () => (inner ?? createChatStreamDecoder(meta)).finish(),
  };
}

export const mistralCodec: ModelCodec = { family: 'mistral', encodeRequest, decodeResponse, createStreamDecoder };
