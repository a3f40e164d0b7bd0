// Today's request vocabulary on Converse and the Anthropic body: exact bodies for each capability,
// and the response side (ordered parts with their own signatures, redacted reasoning, citations,
// structured output, guardrail trace, header counts).

import { describe, expect, it } from 'vitest';
import {
  createConverseStreamDecoder, decodeConverseResponse, encodeConverseRequest, forInvoke, getCodec, invokeOptions,
} from '../../src/codecs/index.js';
import type { LLMRequest, StreamChunk } from '../../src/codecs/index.js';
import { ValidationError } from '../../src/errors.js';

const CLAUDE = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const NOVA = 'us.amazon.nova-pro-v1:0';
const user = (content: LLMRequest['messages'][number]['content']): LLMRequest['messages'] => [{ role: 'user', content }];
const meta = { modelId: CLAUDE };

describe('Converse request vocabulary', () => {
  it('cache points after the system text, after the tools and inside a message, with a TTL', () => {
    const body = encodeConverseRequest(
      {
        model: CLAUDE,
        system: 'Long rules',
        cache: { system: {}, tools: { ttl: '1h' } },
        tools: [{ name: 'f', inputSchema: { type: 'object' }, strict: true }],
        messages: user([{ type: 'text', text: 'doc' }, { type: 'cache-point', ttl: '5m' }, { type: 'text', text: 'q' }]),
      },
      { modelId: CLAUDE },
    );
    expect(body.system).toEqual([{ text: 'Long rules' }, { cachePoint: { type: 'default' } }]);
    expect(body.toolConfig).toEqual({
      tools: [{ toolSpec: { name: 'f', inputSchema: { json: { type: 'object' } }, strict: true } }, { cachePoint: { type: 'default', ttl: '1h' } }],
    });
    expect(body.messages).toEqual([{ role: 'user', content: [{ text: 'doc' }, { cachePoint: { type: 'default', ttl: '5m' } }, { text: 'q' }] }]);
  });

  it('documents (bytes, S3, text: as text with citations, else as bytes) with citations, video and images from S3, guard content', () => {
    const body = encodeConverseRequest(
      {
        model: NOVA,
        messages: user([
          { type: 'document', format: 'pdf', name: 'Report', data: new Uint8Array([37, 80]), citations: true },
          { type: 'document', format: 'txt', name: 'Notes', data: { text: 'plain' } },
          { type: 'document', format: 'md', name: 'Cited', data: { text: '# cited' }, citations: true },
          { type: 'document', format: 'csv', name: 'Sheet', data: { uri: 's3://b/k.csv', bucketOwner: '123' } },
          { type: 'video', format: 'mp4', data: { uri: 's3://b/v.mp4' } },
          { type: 'image', mediaType: 'image/png', data: { uri: 's3://b/i.png' } },
          { type: 'guard', text: 'check me', qualifiers: ['query'] },
        ]),
      },
      { modelId: NOVA },
    );
    expect((body.messages as { content: unknown[] }[])[0]!.content).toEqual([
      { document: { format: 'pdf', name: 'Report', source: { bytes: 'JVA=' }, citations: { enabled: true } } },
      // A text source only with citations (the service wants bytes otherwise): plain text goes as its UTF-8 bytes.
      { document: { format: 'txt', name: 'Notes', source: { bytes: Buffer.from('plain').toString('base64') } } },
      { document: { format: 'md', name: 'Cited', source: { text: '# cited' }, citations: { enabled: true } } },
      { document: { format: 'csv', name: 'Sheet', source: { s3Location: { uri: 's3://b/k.csv', bucketOwner: '123' } } } },
      { video: { format: 'mp4', source: { s3Location: { uri: 's3://b/v.mp4' } } } },
      { image: { format: 'png', source: { s3Location: { uri: 's3://b/i.png' } } } },
      { guardContent: { text: { text: 'check me', qualifiers: ['query'] } } },
    ]);
  });

  it('structured output, guardrail, service tier, latency, reasoning effort and beta flags', () => {
    const schema = { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] };
    const req: LLMRequest = {
      model: CLAUDE,
      messages: user('x'),
      responseFormat: { type: 'json', schema, name: 'verdict' },
      guardrail: { id: 'gr1', version: 'DRAFT', trace: 'enabled', streamProcessing: 'async' },
      serviceTier: 'priority',
      latency: 'optimized',
      reasoning: { effort: 'high' },
      anthropicBeta: ['interleaved-thinking-2025-05-14'],
    };
    const body = encodeConverseRequest(req, { modelId: CLAUDE, stream: true });
    expect(body.outputConfig).toEqual({ textFormat: { type: 'json_schema', structure: { jsonSchema: { schema: JSON.stringify(schema), name: 'verdict' } } } });
    expect(body.guardrailConfig).toEqual({ guardrailIdentifier: 'gr1', guardrailVersion: 'DRAFT', trace: 'enabled', streamProcessingMode: 'async' });
    expect(encodeConverseRequest(req, { modelId: CLAUDE }).guardrailConfig).toEqual({ guardrailIdentifier: 'gr1', guardrailVersion: 'DRAFT', trace: 'enabled' });
    expect(body.serviceTier).toEqual({ type: 'priority' });
    expect(body.performanceConfig).toEqual({ latency: 'optimized' });
    expect(body.additionalModelRequestFields).toEqual({
      thinking: { type: 'adaptive' }, output_config: { effort: 'high' }, anthropic_beta: ['interleaved-thinking-2025-05-14'],
    });
    const nova = encodeConverseRequest({ model: 'us.amazon.nova-2-lite-v1:0', messages: user('x'), reasoning: { effort: 'low' } }, { modelId: 'us.amazon.nova-2-lite-v1:0' });
    expect(nova.additionalModelRequestFields).toEqual({ reasoningConfig: { type: 'enabled', maxReasoningEffort: 'low' } });
    const oss = encodeConverseRequest({ model: 'openai.gpt-oss-120b-1:0', messages: user('x'), reasoning: { effort: 'high' } }, { modelId: 'openai.gpt-oss-120b-1:0' });
    expect(oss.additionalModelRequestFields).toEqual({ reasoning_effort: 'high' });
    expect(() => encodeConverseRequest({ model: NOVA, messages: user('x'), anthropicBeta: ['b'] }, { modelId: NOVA })).toThrow(ValidationError);
    expect(() => encodeConverseRequest({ model: NOVA, messages: user('x'), cache: { system: {} } }, { modelId: NOVA })).toThrow(/request\.cache\.system/);
  });

  it('extra merges at any depth', () => {
    const body = encodeConverseRequest(
      { model: CLAUDE, messages: user('x'), reasoning: { budgetTokens: 1024 }, extra: { additionalModelRequestFields: { thinking: { display: 'full' }, x: [1] } } },
      { modelId: CLAUDE },
    );
    expect(body.additionalModelRequestFields).toEqual({ thinking: { type: 'enabled', budget_tokens: 1024, display: 'full' }, x: [1] });
  });

  it('an assistant turn with ordered reasoning blocks, redacted reasoning and tool calls goes back as it came', () => {
    const body = encodeConverseRequest(
      {
        model: CLAUDE,
        messages: [
          { role: 'user', content: 'q' },
          {
            role: 'assistant',
            content: [
              { type: 'reasoning', text: 'a', signature: 'S1' },
              { type: 'redacted-reasoning', data: 'RED' },
              { type: 'tool-call', id: 't1', name: 'f', arguments: {} },
            ],
          },
          { role: 'user', content: [{ type: 'tool-result', toolCallId: 't1', content: [{ type: 'json', value: { temp: 3 } }] }] },
        ],
      },
      { modelId: CLAUDE },
    );
    expect((body.messages as { content: unknown[] }[])[1]!.content).toEqual([
      { reasoningContent: { reasoningText: { text: 'a', signature: 'S1' } } },
      { reasoningContent: { redactedContent: 'RED' } },
      { toolUse: { toolUseId: 't1', name: 'f', input: {} } },
    ]);
    expect((body.messages as { content: unknown[] }[])[2]!.content).toEqual([{ toolResult: { toolUseId: 't1', content: [{ json: { temp: 3 } }] } }]);
  });
});

describe('Anthropic body vocabulary', () => {
  const enc = (r: Omit<LLMRequest, 'model'>) => getCodec('anthropic').encodeRequest({ model: CLAUDE, ...r }, { modelId: CLAUDE, stream: false });

  it('cache_control, documents with citations, strict tools, output_config, adaptive thinking, beta flags, redacted thinking', () => {
    const schema = { type: 'object' };
    const body = enc({
      system: 'S',
      cache: { system: { ttl: '1h' }, tools: {} },
      tools: [{ name: 'f', inputSchema: schema, strict: true }],
      messages: [
        { role: 'user', content: [{ type: 'document', format: 'pdf', name: 'R', data: 'QQ==', citations: true }, { type: 'cache-point' }, { type: 'text', text: 'q' }] },
        { role: 'assistant', content: [{ type: 'redacted-reasoning', data: 'RED' }, { type: 'text', text: 'a' }] },
        { role: 'user', content: 'next' },
      ],
      responseFormat: { type: 'json', schema },
      reasoning: { effort: 'medium' },
      anthropicBeta: ['b1'],
    });
    expect(body.system).toEqual([{ type: 'text', text: 'S', cache_control: { type: 'ephemeral', ttl: '1h' } }]);
    expect(body.tools).toEqual([{ name: 'f', input_schema: schema, strict: true, cache_control: { type: 'ephemeral' } }]);
    expect((body.messages as { content: unknown[] }[])[0]!.content).toEqual([
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'QQ==' }, title: 'R', citations: { enabled: true }, cache_control: { type: 'ephemeral' } },
      { type: 'text', text: 'q' },
    ]);
    expect((body.messages as { content: unknown[] }[])[1]!.content).toEqual([{ type: 'redacted_thinking', data: 'RED' }, { type: 'text', text: 'a' }]);
    expect(body.output_config).toEqual({ effort: 'medium', format: { type: 'json_schema', schema } });
    expect(body.thinking).toEqual({ type: 'adaptive' });
    expect(body.anthropic_beta).toEqual(['b1']);
  });

  it('what the Anthropic body cannot carry is a ValidationError naming it', () => {
    expect(() => enc({ messages: user([{ type: 'video', format: 'mp4', data: 'AA==' }]) })).toThrow(/video input/);
    expect(() => enc({ messages: user([{ type: 'document', format: 'docx', name: 'd', data: 'AA==' }]) })).toThrow(/'docx' documents/);
    expect(() => enc({ messages: user([{ type: 'cache-point' }]) })).toThrow(/cache-point part needs a content part before it/);
  });
});

describe('InvokeModel: which family carries what', () => {
  const schema = { type: 'object', properties: { a: { type: 'string' } } };
  it('a family without prompt caching or beta flags refuses them; Nova answers JSON through a forced tool', () => {
    expect(() => forInvoke({ model: 'meta.llama3-8b-instruct-v1:0', messages: user('x'), cache: { system: {} } }, 'llama', 'meta.llama3-8b-instruct-v1:0')).toThrow(/prompt caching/);
    expect(() => forInvoke({ model: NOVA, messages: user('x'), anthropicBeta: ['x'] }, 'nova', NOVA)).toThrow(/beta flags/);
    expect(() => forInvoke({ model: 'amazon.titan-text-express-v1', messages: user('x'), responseFormat: { type: 'json', schema } }, 'titan', 'amazon.titan-text-express-v1')).toThrow(/structured output/);
    const nova = forInvoke({ model: NOVA, messages: user('x'), responseFormat: { type: 'json', schema } }, 'nova', NOVA);
    expect(nova.json).toEqual({ tool: 'json_response' });
    expect(nova.request.toolChoice).toEqual({ name: 'json_response' });
    expect(nova.request.tools?.[0]).toMatchObject({ name: 'json_response', inputSchema: schema });
    expect(forInvoke({ model: CLAUDE, messages: user('x'), responseFormat: { type: 'json', schema } }, 'anthropic', CLAUDE).json).toBe(true);
  });

  it('guardrail, trace, tier and latency become InvokeModel header fields', () => {
    expect(invokeOptions({ model: NOVA, messages: user('x'), guardrail: { id: 'g', version: '1', trace: 'enabled_full' }, serviceTier: 'flex', latency: 'optimized' })).toEqual({
      guardrailIdentifier: 'g', guardrailVersion: '1', trace: 'ENABLED_FULL', serviceTier: 'flex', performanceConfigLatency: 'optimized',
    });
  });

  it('Nova sends its documented sampling names, reasoning effort and JSON tool results', () => {
    const body = getCodec('nova').encodeRequest(
      {
        model: NOVA, maxTokens: 10, topP: 0.5, topK: 3, reasoning: { effort: 'low' },
        messages: [
          { role: 'user', content: 'q' },
          { role: 'assistant', content: [{ type: 'tool-call', id: 't', name: 'f', arguments: {} }] },
          { role: 'user', content: [{ type: 'tool-result', toolCallId: 't', content: [{ type: 'json', value: { v: 1 } }] }] },
        ],
      },
      { modelId: NOVA, stream: false },
    );
    expect(body.inferenceConfig).toEqual({ max_new_tokens: 10, top_p: 0.5, top_k: 3 });
    expect(body.reasoningConfig).toEqual({ type: 'enabled', maxReasoningEffort: 'low' });
    expect((body.messages as { content: unknown[] }[])[2]!.content).toEqual([{ toolResult: { toolUseId: 't', content: [{ json: { v: 1 } }] } }]);
  });
});

describe('responses: ordered parts, citations, structured output, guardrails', () => {
  it('Converse: two reasoning blocks keep their own signatures, redacted reasoning stays in place, citationsContent keeps its text', () => {
    const r = decodeConverseResponse(
      {
        output: {
          message: {
            role: 'assistant',
            content: [
              { reasoningContent: { reasoningText: { text: 'first', signature: 'SIG1' } } },
              { reasoningContent: { redactedContent: 'REDACTED==' } },
              { toolUse: { toolUseId: 't1', name: 'f', input: { a: 1 } } },
              { reasoningContent: { reasoningText: { text: 'second', signature: 'SIG2' } } },
              { citationsContent: { content: [{ text: 'Paris is the capital.' }], citations: [{ title: 'Atlas', sourceContent: [{ text: 'Paris is the capital of France' }], location: { documentChar: { documentIndex: 0, start: 3, end: 40 } } }] } },
            ],
          },
        },
        stopReason: 'end_turn',
        usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15, cacheReadInputTokens: 7, cacheWriteInputTokens: 2 },
        trace: { guardrail: { inputAssessment: {} } },
      },
      meta,
    );
    expect(r.parts).toEqual([
      { type: 'reasoning', text: 'first', signature: 'SIG1' },
      { type: 'redacted-reasoning', data: 'REDACTED==' },
      { type: 'tool-call', id: 't1', name: 'f', arguments: { a: 1 } },
      { type: 'reasoning', text: 'second', signature: 'SIG2' },
      { type: 'text', text: 'Paris is the capital.', citations: [{ quote: 'Paris is the capital of France', title: 'Atlas', documentIndex: 0, span: { unit: 'char', start: 3, end: 40 } }] },
    ]);
    expect(r.content).toBe('Paris is the capital.');
    expect(r.reasoningSignature).toBe('SIG2');
    expect(r.finishReason).toBe('tool_calls');
    expect(r.usage).toEqual({ inputTokens: 10, outputTokens: 5, totalTokens: 15, cacheReadTokens: 7, cacheWriteTokens: 2 });
    expect(r.trace).toEqual({ guardrail: { inputAssessment: {} } });
  });

  it('ConverseStream: block boundaries split reasoning blocks; citation deltas and redacted blocks are chunks', () => {
    const d = createConverseStreamDecoder(meta);
    const chunks: StreamChunk[] = [];
    const ev = (type: string, data: unknown) => chunks.push(...d.push(type, data));
    ev('contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { text: 'a' } } });
    ev('contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { signature: 'S1' } } });
    ev('contentBlockStop', { contentBlockIndex: 0 });
    ev('contentBlockDelta', { contentBlockIndex: 1, delta: { reasoningContent: { redactedContent: 'R' } } });
    ev('contentBlockStop', { contentBlockIndex: 1 });
    ev('contentBlockDelta', { contentBlockIndex: 2, delta: { reasoningContent: { text: 'b' } } });
    ev('contentBlockDelta', { contentBlockIndex: 2, delta: { reasoningContent: { signature: 'S2' } } });
    ev('contentBlockStop', { contentBlockIndex: 2 });
    ev('contentBlockDelta', { contentBlockIndex: 3, delta: { text: 'cited' } });
    ev('contentBlockDelta', { contentBlockIndex: 3, delta: { citation: { title: 'T', sourceContent: [{ text: 'q' }], location: { documentPage: { documentIndex: 1, start: 2, end: 3 } } } } });
    ev('contentBlockStop', { contentBlockIndex: 3 });
    ev('messageStop', { stopReason: 'guardrail_intervened' });
    ev('metadata', { usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3, cacheReadInputTokens: 4 }, trace: { guardrail: { x: 1 } } });
    chunks.push(...d.finish());
    expect(chunks.filter((c) => c.type === 'redacted-reasoning')).toEqual([{ type: 'redacted-reasoning', data: 'R' }]);
    expect(chunks.filter((c) => c.type === 'citation')).toEqual([{ type: 'citation', citation: { quote: 'q', title: 'T', documentIndex: 1, span: { unit: 'page', start: 2, end: 3 } } }]);
    const final = chunks.at(-1) as Extract<StreamChunk, { type: 'finish' }>;
    expect(final.response.parts).toEqual([
      { type: 'reasoning', text: 'a', signature: 'S1' },
      { type: 'redacted-reasoning', data: 'R' },
      { type: 'reasoning', text: 'b', signature: 'S2' },
      { type: 'text', text: 'cited', citations: [{ quote: 'q', title: 'T', documentIndex: 1, span: { unit: 'page', start: 2, end: 3 } }] },
    ]);
    expect(final.response.finishReason).toBe('content_filter');
    expect(final.response.usage.cacheReadTokens).toBe(4);
    expect(final.response.trace).toEqual({ guardrail: { x: 1 } });
  });

  it('Anthropic: interleaved thinking blocks, redacted thinking and text citations; a guardrail intervention is a content filter', () => {
    const r = getCodec('anthropic').decodeResponse(
      {
        id: 'msg_1', model: 'claude', stop_reason: 'end_turn', usage: { input_tokens: 3, output_tokens: 4, cache_read_input_tokens: 9, cache_creation_input_tokens: 1 },
        content: [
          { type: 'thinking', thinking: 't1', signature: 'A' },
          { type: 'tool_use', id: 'tu', name: 'f', input: {} },
          { type: 'thinking', thinking: 't2', signature: 'B' },
          { type: 'redacted_thinking', data: 'XYZ' },
          { type: 'text', text: 'Answer', citations: [{ type: 'char_location', cited_text: 'src', document_index: 0, document_title: 'Doc', start_char_index: 1, end_char_index: 4 }] },
        ],
        'amazon-bedrock-guardrailAction': 'INTERVENED',
        'amazon-bedrock-trace': { guardrail: { y: 1 } },
      },
      meta,
    );
    expect(r.parts!.map((p) => p.type)).toEqual(['reasoning', 'tool-call', 'reasoning', 'redacted-reasoning', 'text']);
    expect(r.parts![0]).toEqual({ type: 'reasoning', text: 't1', signature: 'A' });
    expect(r.parts![2]).toEqual({ type: 'reasoning', text: 't2', signature: 'B' });
    expect(r.parts![4]).toEqual({ type: 'text', text: 'Answer', citations: [{ quote: 'src', title: 'Doc', documentIndex: 0, span: { unit: 'char', start: 1, end: 4 } }] });
    expect(r.finishReason).toBe('content_filter');
    expect(r.trace).toEqual({ guardrail: { y: 1 } });
    expect(r.usage).toMatchObject({ cacheReadTokens: 9, cacheWriteTokens: 1 });
  });

  it('structured output: parsed text, or the forced tool turned back into the answer', () => {
    const body = { output: { message: { content: [{ text: '{"ok":true}' }] } }, stopReason: 'end_turn', usage: {} };
    expect(decodeConverseResponse(body, { ...meta, json: true }).object).toEqual({ ok: true });
    expect(decodeConverseResponse({ ...body, output: { message: { content: [{ text: 'no' }] } } }, { ...meta, json: true }).object).toBeUndefined();
    const viaTool = getCodec('nova').decodeResponse(
      { output: { message: { content: [{ toolUse: { toolUseId: 'x', name: 'json_response', input: { a: 'b' } } }] } }, stopReason: 'tool_use', usage: { inputTokens: 1 } },
      { modelId: 'nova', json: { tool: 'json_response' } },
    );
    expect(viaTool).toMatchObject({ object: { a: 'b' }, content: '{"a":"b"}', toolCalls: [], finishReason: 'stop' });
  });

  it('counts the body lacks come from the response headers (Nova with a guardrail)', () => {
    const r = getCodec('nova').decodeResponse(
      { output: { message: { content: [{ text: 'x' }] } }, stopReason: 'guardrail_intervened', usage: { inputTokens: 12, totalTokens: 12 } },
      { modelId: NOVA, usage: { input: 12, output: 5 } },
    );
    expect(r.usage).toEqual({ inputTokens: 12, outputTokens: 5, totalTokens: 17 });
    expect(r.finishReason).toBe('content_filter');
  });
});
