// Every recorded Bedrock stream, decoded by its family's codec, must yield the text, tool input,
// reasoning and token counts its sidecar (written from the raw frames, not by this code) records.

import { describe, expect, it } from 'vitest';
import { createConverseStreamDecoder, detectFamily, getCodec } from '../../src/codecs/index.js';
import type { LLMResponse, ModelFamily, StreamChunk } from '../../src/codecs/index.js';
import { chunksOf, loadCaptures, type Capture } from './recorded.js';

const INVOKE_FOLDERS = [
  'anthropic-claude', 'amazon-titan', 'amazon-nova', 'meta-llama', 'cohere-command-r', 'cohere-command',
  'ai21-jamba', 'mistral',
];

/** For captures whose sidecar names no usable model id: the family by the first chunk's shape. */
function familyByShape(chunk: Record<string, unknown>): ModelFamily {
  if ('type' in chunk || 'completion' in chunk) return 'anthropic';
  if ('outputText' in chunk) return 'titan';
  if ('messageStart' in chunk || 'contentBlockDelta' in chunk) return 'nova';
  if ('generation' in chunk) return 'llama';
  if ('event_type' in chunk || 'is_finished' in chunk || 'generations' in chunk) return 'cohere';
  if ('choices' in chunk) return 'jamba';
  if ('outputs' in chunk) return 'mistral';
  throw new Error(`unknown chunk shape: ${Object.keys(chunk).join(',')}`);
}

function familyOf(capture: Capture, first: Record<string, unknown>): ModelFamily {
  const id = capture.sidecar.request?.model_id;
  if (id) {
    try {
      return detectFamily(id);
    } catch {
      // "not stated by the source" and the like
    }
  }
  return familyByShape(first);
}

// The sidecar concatenates every generation of a num_generations=2 request; the codec keeps the
// first (LLMResponse has one content), which is the index-0 chunks of the capture.
const TEXT_OVERRIDES: Record<string, string> = {
  'ddtrace-py-cohere_invoke_stream_multi_output': ' In machine learning and natural language processing, Long Short',
};

function checkStream(capture: Capture, chunks: StreamChunk[], expectedUsage: { input: number; output: number } | undefined): LLMResponse {
  const finishes = chunks.filter((c) => c.type === 'finish');
  expect(finishes).toHaveLength(1);
  expect(chunks[chunks.length - 1]!.type).toBe('finish');
  const response = (finishes[0] as { response: LLMResponse }).response;
  const s = capture.sidecar.stream ?? {};
  expect(response.content).toBe(TEXT_OVERRIDES[capture.name] ?? s.final_text ?? '');
  // The text deltas add up to the final content.
  expect(chunks.flatMap((c) => (c.type === 'text' ? [c.text] : [])).join('')).toBe(response.content);
  expect(response.toolCalls.map((t) => t.rawArguments).join('')).toBe(s.tool_input_json ?? '');
  for (const call of response.toolCalls) expect(call.arguments).toEqual(JSON.parse(call.rawArguments || '{}'));
  if (s.reasoning_text !== undefined) expect(response.reasoning).toBe(s.reasoning_text);
  if (expectedUsage) {
    expect(response.usage.inputTokens).toBe(expectedUsage.input);
    expect(response.usage.outputTokens).toBe(expectedUsage.output);
    expect(chunks[chunks.length - 2]).toEqual({ type: 'usage', usage: response.usage });
  }
  return response;
}

describe('InvokeModelWithResponseStream captures', () => {
  for (const folder of INVOKE_FOLDERS) {
    describe(folder, () => {
      for (const capture of loadCaptures(folder)) {
        it(capture.name, () => {
          const chunks = chunksOf(capture);
          expect(chunks.length).toBeGreaterThan(0);
          const family = familyOf(capture, chunks[0]!);
          const modelId = capture.sidecar.request?.model_id ?? 'unknown';
          const decoder = getCodec(family).createStreamDecoder({ modelId, requestId: 'req-1' });
          const out = chunks.flatMap((c) => decoder.push(c));
          out.push(...decoder.finish());
          // The authoritative counts Bedrock appends to the last chunk.
          const m = [...chunks].reverse().find((c) => c['amazon-bedrock-invocationMetrics'])?.['amazon-bedrock-invocationMetrics'] as
            | { inputTokenCount: number; outputTokenCount: number }
            | undefined;
          const response = checkStream(capture, out, m && { input: m.inputTokenCount, output: m.outputTokenCount });
          expect(response.requestId).toBe('req-1');
        });
      }
    });
  }
});

describe('ConverseStream captures', () => {
  for (const capture of loadCaptures('converse-stream')) {
    it(capture.name, () => {
      const decoder = createConverseStreamDecoder({ modelId: capture.sidecar.request?.model_id ?? 'unknown' });
      const out = capture.events.flatMap((e) => decoder.push(e.eventType, e.data));
      out.push(...decoder.finish());
      const meta = capture.events.find((e) => e.eventType === 'metadata')?.data.usage as
        | { inputTokens: number; outputTokens: number }
        | undefined;
      checkStream(capture, out, meta && { input: meta.inputTokens, output: meta.outputTokens });
    });
  }
});
