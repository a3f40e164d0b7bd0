// Stream decoder behaviour beyond the captures: argument JSON split anywhere, malformed tool JSON,
// inline reasoning tags cut across chunks, legacy chunks decoded by shape.

import { describe, expect, it } from 'vitest';
import { createConverseStreamDecoder, getCodec } from '../../src/codecs/index.js';
import type { LLMResponse, StreamChunk } from '../../src/codecs/index.js';

const final = (chunks: StreamChunk[]): LLMResponse => (chunks.at(-1) as { type: 'finish'; response: LLMResponse }).response;

function run(family: Parameters<typeof getCodec>[0], modelId: string, chunks: unknown[]): StreamChunk[] {
  const d = getCodec(family).createStreamDecoder({ modelId });
  const out = chunks.flatMap((c) => d.push(c));
  return [...out, ...d.finish()];
}

describe('tool calls', () => {
  it('Anthropic: arguments split mid-token, two calls, indexes 0 and 1', () => {
    const json = '{"city": "Paris", "days": [1, 2]}';
    const out = run('anthropic', 'anthropic.claude-3-5-haiku-20241022-v1:0', [
      { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'a', name: 'f', input: {} } },
      ...[...json].map((ch) => ({ type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: ch } })),
      { type: 'content_block_stop', index: 1 },
      { type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 'b', name: 'g', input: {} } },
      { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '' } },
      { type: 'content_block_stop', index: 2 },
      { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 9 } },
    ]);
    const starts = out.filter((c) => c.type === 'tool-call-start');
    expect(starts).toEqual([{ type: 'tool-call-start', index: 0, id: 'a', name: 'f' }, { type: 'tool-call-start', index: 1, id: 'b', name: 'g' }]);
    expect(out.filter((c) => c.type === 'tool-call-delta')).toHaveLength(json.length);
    const r = final(out);
    expect(r.toolCalls).toEqual([
      { id: 'a', name: 'f', arguments: { city: 'Paris', days: [1, 2] }, rawArguments: json },
      { id: 'b', name: 'g', arguments: {}, rawArguments: '' },
    ]);
    expect(r.finishReason).toBe('tool_calls');
  });

  it('malformed or truncated JSON keeps the raw text and gives {}', () => {
    const d = createConverseStreamDecoder({ modelId: 'm' });
    d.push('contentBlockStart', { contentBlockIndex: 0, start: { toolUse: { toolUseId: 't', name: 'f' } } });
    d.push('contentBlockDelta', { contentBlockIndex: 0, delta: { toolUse: { input: '{"a": [1, ' } } });
    d.push('messageStop', { stopReason: 'max_tokens' });
    const out = d.finish();
    // Closed at finish, since the stream never sent contentBlockStop.
    expect(out[0]).toMatchObject({ type: 'tool-call-end', index: 0 });
    expect(final(out).toolCalls).toEqual([{ id: 't', name: 'f', arguments: {}, rawArguments: '{"a": [1, ' }]);
    expect(final(out).finishReason).toBe('length');
  });

  it('gpt-oss / OpenAI deltas keyed by index', () => {
    const out = run('gpt-oss', 'openai.gpt-oss-20b-1:0', [
      { id: 'c1', choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'x', function: { name: 'f', arguments: '{"q"' } }] } }] },
      { id: 'c1', choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: ': 1}' } }] }, finish_reason: 'tool_calls' }] },
    ]);
    expect(final(out).toolCalls).toEqual([{ id: 'x', name: 'f', arguments: { q: 1 }, rawArguments: '{"q": 1}' }]);
    expect(final(out).id).toBe('c1');
  });
});

describe('inline reasoning', () => {
  it('gpt-oss <reasoning> tags cut across chunks', () => {
    const parts = ['<reas', 'oning>Think ', 'hard</rea', 'soning>Ans', 'wer <reasoning> stays'];
    const out = run('gpt-oss', 'openai.gpt-oss-20b-1:0', parts.map((p) => ({ choices: [{ index: 0, delta: { content: p } }] })));
    const r = final(out);
    expect(r.reasoning).toBe('Think hard');
    expect(r.content).toBe('Answer <reasoning> stays');
    expect(out.filter((c) => c.type === 'reasoning').map((c) => (c as { text: string }).text).join('')).toBe('Think hard');
  });

  it('DeepSeek: everything before </think> is reasoning, streamed or not', () => {
    const text = 'Let me think.\n</think>\n\nThe answer is 4.';
    for (const split of [1, 3, 7, text.length]) {
      const chunks: unknown[] = [];
      for (let i = 0; i < text.length; i += split) chunks.push({ choices: [{ text: text.slice(i, i + split), stop_reason: null }] });
      chunks.push({ choices: [{ text: '', stop_reason: 'stop' }] });
      const r = final(run('deepseek', 'us.deepseek.r1-v1:0', chunks));
      expect([r.reasoning, r.content, r.finishReason]).toEqual(['Let me think.\n', 'The answer is 4.', 'stop']);
    }
    const whole = getCodec('deepseek').decodeResponse({ choices: [{ text: '<think>x</think>y', stop_reason: 'length' }] }, { modelId: 'm' });
    expect([whole.reasoning, whole.content, whole.finishReason]).toEqual(['x', 'y', 'length']);
  });
});

describe('by shape', () => {
  it('a legacy completion chunk is decoded whatever the model id says', () => {
    const out = run('anthropic', 'anthropic.claude-3-5-sonnet-20240620-v1:0', [
      { completion: ' Hi', stop_reason: null },
      { completion: '!', stop_reason: 'stop_sequence', 'amazon-bedrock-invocationMetrics': { inputTokenCount: 3, outputTokenCount: 2, invocationLatency: 50, firstByteLatency: 20 } },
    ]);
    const r = final(out);
    expect([r.content, r.finishReason, r.rawFinishReason]).toEqual([' Hi!', 'stop', 'stop_sequence']);
    expect(r.usage).toEqual({ inputTokens: 3, outputTokens: 2, totalTokens: 5 });
    expect(r.metrics).toEqual({ latencyMs: 50, firstByteLatencyMs: 20 });
  });

  it('Anthropic thinking and signature deltas', () => {
    const r = final(run('anthropic', 'anthropic.claude-3-7-sonnet-20250219-v1:0', [
      { type: 'message_start', message: { id: 'msg_1', model: 'claude', usage: { input_tokens: 10, cache_read_input_tokens: 4, cache_creation_input_tokens: 0, output_tokens: 1 } } },
      { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Hmm.' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'SIG' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'Yes.' } },
      { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 7 } },
      { type: 'message_stop' },
    ]));
    expect(r).toMatchObject({ id: 'msg_1', model: 'claude', content: 'Yes.', reasoning: 'Hmm.', reasoningSignature: 'SIG', finishReason: 'stop' });
    expect(r.usage).toEqual({ inputTokens: 10, outputTokens: 7, totalTokens: 17, cacheReadTokens: 4, cacheWriteTokens: 0 });
  });

  it('finish() twice is a programming error', () => {
    const d = getCodec('llama').createStreamDecoder({ modelId: 'm' });
    d.finish();
    expect(() => d.finish()).toThrow(TypeError);
  });
});
