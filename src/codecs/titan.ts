// Amazon Titan Text on InvokeModel. Source: AWS "Amazon Titan Text models" model-parameters page
// (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-text.html) and
// test/fixtures/recorded/amazon-titan.
//
// Titan takes one `inputText`: the conversation is written as `User: ...` / `Bot: ...` lines
// ending with `Bot:`, the format the Titan prompt guide uses. Titan has no system role: the
// system text is a documented fallback, written as the first lines of the prompt. Tools, images,
// topK and reasoning are `ValidationError`s.

import { isRecord } from './arguments.js';
import { ResponseBuilder } from './builder.js';
import type { ModelCodec, ResponseMeta, StreamDecoder } from './codec.js';
import { rejectFields, textOf, toConversation } from './conversation.js';
import { mergeExtra, put } from './extra.js';
import { invalid } from './invalid.js';
import type { LLMRequest, LLMResponse, StreamChunk } from './types.js';

function encodeRequest(request: LLMRequest): Record<string, unknown> {
  rejectFields(request, 'titan', ['tools', 'topK', 'reasoning']);
  const conversation = toConversation(request);
  const lines: string[] = [];
  if (conversation.system !== undefined) lines.push(conversation.system);
  for (const turn of conversation.turns) lines.push(`${turn.role === 'user' ? 'User' : 'Bot'}: ${textOf(turn.parts, 'titan')}`);
  if (conversation.turns[conversation.turns.length - 1]?.role !== 'assistant') lines.push('Bot:');
  const config: Record<string, unknown> = {};
  put(config, 'maxTokenCount', request.maxTokens);
  put(config, 'temperature', request.temperature);
  put(config, 'topP', request.topP);
  put(config, 'stopSequences', request.stopSequences);
  const body: Record<string, unknown> = { inputText: lines.join('\n') };
  if (Object.keys(config).length) body.textGenerationConfig = config;
  return mergeExtra(body, request.extra);
}

// Captures show `FINISH` where the docs say `FINISHED`; both map to 'stop' (finish.ts).
function applyResult(b: ResponseBuilder, r: Record<string, unknown>, out?: StreamChunk[]): void {
  if (typeof r.outputText === 'string') b.addText(r.outputText, out);
  if (typeof r.completionReason === 'string') b.setFinish(r.completionReason);
}

function decodeResponse(body: unknown, meta: ResponseMeta): LLMResponse {
  if (!isRecord(body)) throw invalid('Titan response body is not an object');
  const b = new ResponseBuilder(meta);
  const results = Array.isArray(body.results) ? body.results : [];
  // Titan returns one result per request; only the first is the answer.
  const first: unknown = results[0];
  if (isRecord(first)) {
    applyResult(b, first);
    b.setUsage({ input: body.inputTextTokenCount, output: first.tokenCount });
  }
  b.addInvocationMetrics(body);
  return b.build();
}

function createStreamDecoder(meta: ResponseMeta): StreamDecoder {
  const b = new ResponseBuilder(meta);
  return {
    push(chunk) {
      const out: StreamChunk[] = [];
      if (!isRecord(chunk)) return out;
      applyResult(b, chunk, out);
      b.setUsage({ input: chunk.inputTextTokenCount, output: chunk.totalOutputTextTokenCount });
      // A guardrail that blocks the input ends the stream without a completionReason.
      if (chunk['amazon-bedrock-guardrailAction'] === 'INTERVENED' && !b.finishRaw) b.setFinish('guardrail_intervened');
      b.addInvocationMetrics(chunk);
      return out;
    },
    finish: () => b.finish(),
  };
}

export const titanCodec: ModelCodec = { family: 'titan', encodeRequest, decodeResponse, createStreamDecoder };
