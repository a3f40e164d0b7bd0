// Anthropic's legacy Text Completions shape (claude-v2, claude-instant): a `prompt` of
// `\n\nHuman:` / `\n\nAssistant:` turns, answered by `{completion, stop_reason}` bodies and chunks.
// Source: AWS "Anthropic Claude Text Completions API" model-parameters page
// (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-text-completion.html).

import type { ResponseBuilder } from './builder.js';
import { rejectFields, textOf, toConversation } from './conversation.js';
import { baseModelId } from './family.js';
import { putParams } from './params.js';
import type { LLMRequest, StreamChunk } from './types.js';

/** Model ids that only speak the text-completion shape. */
export function isLegacyAnthropic(modelId: string): boolean {
  return /^anthropic\.claude-(v2|instant)/.test(baseModelId(modelId) ?? '');
}

/**
 * System text goes before the first `Human:` turn, as Anthropic documents for this API. A last
 * assistant turn is a prefill: the prompt then ends with its text instead of an empty turn.
 */
export function encodeAnthropicText(request: LLMRequest, maxTokens: number): Record<string, unknown> {
  rejectFields(request, 'anthropic', ['tools', 'reasoning'], 'claude-v2 / claude-instant use the text-completion API');
  const conversation = toConversation(request);
  let prompt = conversation.system ?? '';
  for (const turn of conversation.turns) {
    prompt += `\n\n${turn.role === 'user' ? 'Human' : 'Assistant'}: ${textOf(turn.parts, 'anthropic')}`;
  }
  if (conversation.turns[conversation.turns.length - 1]?.role !== 'assistant') prompt += '\n\nAssistant:';
  return putParams({ prompt, max_tokens_to_sample: maxTokens }, request, {
    temperature: 'temperature', topP: 'top_p', topK: 'top_k', stopSequences: 'stop_sequences',
  });
}

/** A body or chunk of the text-completion shape: `{completion, stop_reason, stop}`. */
export function applyAnthropicText(b: ResponseBuilder, chunk: Record<string, unknown>, out?: StreamChunk[]): void {
  b.addText(chunk.completion, out);
  b.setFinish(chunk.stop_reason);
}
