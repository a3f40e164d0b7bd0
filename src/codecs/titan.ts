// Amazon Titan Text on InvokeModel. Source: AWS "Amazon Titan Text models" model-parameters page
// (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-text.html) and
// test/fixtures/recorded/amazon-titan.
//
// Titan takes one `inputText`: the conversation is written as `User: ...` / `Bot: ...` lines
// ending with `Bot:`, the format the Titan prompt guide uses. Titan has no system role: the
// system text is a documented fallback, written as the first lines of the prompt. Tools, images,
// topK and reasoning are `ValidationError`s.

import type { ModelCodec } from './codec.js';
import { rejectFields, textOf, toConversation } from './conversation.js';
import { decoders, type Apply } from './decoders.js';
import { mergeExtra } from './extra.js';
import { isRecord, list } from './json.js';
import { putParams } from './params.js';
import type { LLMRequest } from './types.js';

function encodeRequest(request: LLMRequest): Record<string, unknown> {
  rejectFields(request, 'titan', ['tools', 'topK', 'reasoning']);
  const conversation = toConversation(request);
  const lines: string[] = [];
  if (conversation.system !== undefined) lines.push(conversation.system);
  for (const turn of conversation.turns) lines.push(`${turn.role === 'user' ? 'User' : 'Bot'}: ${textOf(turn.parts, 'titan')}`);
  if (conversation.turns[conversation.turns.length - 1]?.role !== 'assistant') lines.push('Bot:');
  const config = putParams({}, request, { maxTokens: 'maxTokenCount', temperature: 'temperature', topP: 'topP', stopSequences: 'stopSequences' });
  const body: Record<string, unknown> = { inputText: lines.join('\n') };
  if (Object.keys(config).length) body.textGenerationConfig = config;
  return mergeExtra(body, request.extra);
}

// Captures show `FINISH` where the docs say `FINISHED`; both map to 'stop' (finish.ts).
const applyResult: Apply = (b, r, out) => {
  b.addText(r.outputText, out);
  b.setFinish(r.completionReason);
};

export const titanCodec: ModelCodec = {
  family: 'titan',
  encodeRequest,
  ...decoders({
    name: 'Titan',
    body(b, body) {
      // Titan returns one result per request; only the first is the answer.
      const first = list(body.results)[0];
      if (!isRecord(first)) return;
      applyResult(b, first);
      b.setUsage({ input: body.inputTextTokenCount, output: first.tokenCount });
    },
    chunk(b, chunk, out) {
      applyResult(b, chunk, out);
      b.setUsage({ input: chunk.inputTextTokenCount, output: chunk.totalOutputTextTokenCount });
      // A guardrail that blocks the input ends the stream without a completionReason.
      if (chunk['amazon-bedrock-guardrailAction'] === 'INTERVENED' && !b.finishRaw) b.setFinish('guardrail_intervened');
    },
  }),
};
