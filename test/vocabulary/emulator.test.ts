// The vocabulary end to end: provider → runtime → emulator → codecs, generate and stream, on
// Converse and on the family bodies that carry each capability.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentPart, LLMRequest, LLMResponse, Message } from '../../src/codecs/index.js';
import type { Emulator } from '../../src/emulator/index.js';
import { ValidationError } from '../../src/errors.js';
import type { BedrockProvider } from '../../src/provider/index.js';
import { collect, lastBody, makeProvider, startTestEmulator } from '../provider/harness.js';

const CLAUDE = 'us.anthropic.claude-sonnet-4-20250514-v1:0';
const NOVA = 'us.amazon.nova-pro-v1:0';
const WEATHER = { name: 'get_weather', description: 'Weather for a city', inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };
const APIS = ['invoke', 'converse'] as const;

let emu: Emulator;
let p: BedrockProvider;
beforeAll(async () => {
  emu = await startTestEmulator();
  p = makeProvider(emu);
});
afterAll(async () => {
  await p.close();
  await emu.close();
});

async function call(request: LLMRequest, api: 'invoke' | 'converse', stream: boolean): Promise<LLMResponse> {
  if (!stream) return p.generate(request, { api });
  const c = await collect(p.generateStream(request, { api }));
  if (c.error) throw c.error;
  return c.finish!;
}

describe('interleaved thinking with tools: a multi-turn conversation round-trips with every signature intact and in order', () => {
  for (const api of APIS) {
    for (const stream of [false, true]) {
      it(`${api}, ${stream ? 'stream' : 'generate'}`, async () => {
        const messages: Message[] = [{ role: 'user', content: 'What is the weather in Paris?' }];
        const base = { model: CLAUDE, tools: [WEATHER], reasoning: { budgetTokens: 1024 }, maxTokens: 4000, anthropicBeta: ['interleaved-thinking-2025-05-14'] };
        const first = await call({ ...base, messages }, api, stream);
        expect(first.parts!.map((x) => x.type)).toEqual(['reasoning', 'text', 'tool-call']);
        const sig1 = (first.parts![0] as { signature: string }).signature;
        expect(sig1).toMatch(/^emu1/);
        expect(first.finishReason).toBe('tool_calls');
        messages.push({ role: 'assistant', content: first.parts! });
        messages.push({ role: 'tool', toolCallId: first.toolCalls[0]!.id, content: '18°C, sunny' });
        const second = await call({ ...base, messages }, api, stream);
        expect(second.parts!.map((x) => x.type)).toEqual(['reasoning', 'text']);
        const sig2 = (second.parts![0] as { signature: string }).signature;
        expect(sig2).not.toBe(sig1);
        messages.push({ role: 'assistant', content: second.parts! });
        messages.push({ role: 'user', content: 'Thanks!' });
        const third = await call({ ...base, messages }, api, stream);
        expect(third.content.length).toBeGreaterThan(0);
        // What went over the wire: both blocks, each with its own signature, in order.
        const sent = JSON.stringify(lastBody(emu));
        expect(sent.indexOf(sig1)).toBeGreaterThan(0);
        expect(sent.indexOf(sig2)).toBeGreaterThan(sent.indexOf(sig1));
        // A block sent back altered (or two joined) is refused, as the service does.
        const tampered = messages.map((m) =>
          m.role === 'assistant' && Array.isArray(m.content)
            ? { ...m, content: (m.content as ContentPart[]).map((x) => (x.type === 'reasoning' ? { ...x, signature: sig1 + sig2 } : x)) }
            : m,
        );
        await expect(call({ ...base, messages: tampered }, api, stream)).rejects.toThrow(ValidationError);
      });
    }
  }

  it('a redacted thinking block comes back whole, in place, and can be sent back', async () => {
    for (const api of APIS) {
      const messages: Message[] = [{ role: 'user', content: 'ANTHROPIC_MAGIC_STRING_TRIGGER_REDACTED_THINKING_46C9A13E' }];
      const r = await call({ model: CLAUDE, messages, reasoning: { budgetTokens: 1024 }, maxTokens: 4000 }, api, api === 'converse');
      expect(r.parts!.map((x) => x.type)).toEqual(['reasoning', 'redacted-reasoning', 'text']);
      messages.push({ role: 'assistant', content: r.parts! }, { role: 'user', content: 'ok' });
      await call({ model: CLAUDE, messages, reasoning: { budgetTokens: 1024 }, maxTokens: 4000 }, api, false);
      const sent = JSON.stringify(lastBody(emu));
      expect(sent).toContain((r.parts![1] as { data: string }).data);
    }
  });
});

describe('prompt caching: the first call writes, the next reads', () => {
  const long = 'Rules of the house. '.repeat(60);
  for (const [model, api] of [[CLAUDE, 'invoke'], [CLAUDE, 'converse'], [NOVA, 'invoke'], [NOVA, 'converse']] as const) {
    for (const stream of [false, true]) {
      it(`${model} ${api} ${stream ? 'stream' : 'generate'}`, async () => {
        const system = `${long} ${api} ${stream} ${model}`;
        const req: LLMRequest = { model, system, cache: { system: { ttl: '5m' } }, messages: [{ role: 'user', content: 'Hi' }], maxTokens: 50 };
        const a = await call(req, api, stream);
        expect(a.usage.cacheWriteTokens).toBeGreaterThan(100);
        expect(a.usage.cacheReadTokens).toBe(0);
        const b = await call(req, api, stream);
        expect(b.usage.cacheReadTokens).toBe(a.usage.cacheWriteTokens);
        expect(b.usage.cacheWriteTokens).toBe(0);
      });
    }
  }
});

describe('structured output: the answer parsed on the response', () => {
  const schema = { type: 'object', properties: { city: { type: 'string' }, population: { type: 'integer' }, capital: { type: 'boolean' } }, required: ['city', 'population', 'capital'] };
  for (const [model, api] of [[CLAUDE, 'invoke'], [CLAUDE, 'converse'], [NOVA, 'invoke'], [NOVA, 'converse'], ['openai.gpt-oss-120b-1:0', 'invoke'], ['qwen.qwen3-32b-v1:0', 'converse']] as const) {
    for (const stream of [false, true]) {
      it(`${model} ${api} ${stream ? 'stream' : 'generate'}`, async () => {
        const r = await call({ model, messages: [{ role: 'user', content: 'Tell me about Paris' }], responseFormat: { type: 'json', schema, name: 'city' }, maxTokens: 200 }, api, stream);
        expect(r.object).toEqual({ city: 'Paris', population: 42, capital: true });
        expect(JSON.parse(r.content)).toEqual(r.object);
        expect(r.toolCalls).toEqual([]);
      });
    }
  }
});

describe('citations of a document that asks for them', () => {
  const doc: ContentPart = { type: 'document', format: 'txt', name: 'Atlas', data: { text: 'Paris is the capital and largest city of France.' }, citations: true };
  for (const api of APIS) {
    for (const stream of [false, true]) {
      it(`${api} ${stream ? 'stream' : 'generate'}`, async () => {
        const model = CLAUDE;
        const r = await call({ model, messages: [{ role: 'user', content: [doc, { type: 'text', text: 'What is the capital of France?' }] }], maxTokens: 200 }, api, stream);
        const text = r.parts!.find((x) => x.type === 'text') as { text: string; citations?: unknown[] };
        expect(text.text).toBe(r.content);
        expect(r.content.length).toBeGreaterThan(0);
        expect(text.citations).toEqual([{ quote: 'Paris is the capital and largest city of France.', title: 'Atlas', documentIndex: 0, span: { unit: 'char', start: 0, end: 48 } }]);
      });
    }
  }
});

describe('a plain-text document ({ text }, no citations) to Nova Lite: sent as bytes, answered (a text source was refused)', () => {
  const doc: ContentPart = { type: 'document', format: 'txt', name: 'Atlas', data: { text: 'Paris is the capital and largest city of France.' } };
  for (const api of APIS) {
    for (const stream of [false, true]) {
      it(`${api} ${stream ? 'stream' : 'generate'}`, async () => {
        const r = await call({ model: 'amazon.nova-lite-v1:0', messages: [{ role: 'user', content: [doc, { type: 'text', text: 'What is the capital of France?' }] }], maxTokens: 200 }, api, stream);
        expect(r.content.length).toBeGreaterThan(0);
        const sent = (lastBody(emu).messages as Array<{ content: Array<{ document?: { source: unknown } }> }>)[0].content[0].document;
        expect(sent?.source).toEqual({ bytes: Buffer.from('Paris is the capital and largest city of France.').toString('base64') });
      });
    }
  }
});

describe('guardrails: an intervention is a content filter, with the trace', () => {
  const guardrail = { id: 'gr-1', version: '1', trace: 'enabled' } as const;
  for (const [model, api] of [[CLAUDE, 'invoke'], [NOVA, 'invoke'], [CLAUDE, 'converse']] as const) {
    for (const stream of [false, true]) {
      it(`${model} ${api} ${stream ? 'stream' : 'generate'}`, async () => {
        const r = await call({ model, guardrail, messages: [{ role: 'user', content: 'Say something BLOCKED please' }], maxTokens: 100 }, api, stream);
        expect(r.finishReason).toBe('content_filter');
        expect(r.content).toBe('Sorry, the model cannot answer this question.');
        expect(r.trace).toMatchObject({ guardrail: { inputAssessment: {} } });
        // Converse's trace says the guardrail acted (it used to read "No action." beside the block).
        if (api === 'converse') expect(r.trace).toMatchObject({ guardrail: { actionReason: 'Guardrail blocked.' } });
        expect(r.usage.outputTokens).toBeGreaterThan(0);
        const req = emu.requests.at(-1)!;
        if (api === 'invoke') {
          expect(req.headers['x-amzn-bedrock-guardrailidentifier']).toBe('gr-1');
          expect(req.headers['x-amzn-bedrock-trace']).toBe('ENABLED');
        } else expect(lastBody(emu).guardrailConfig).toEqual({ guardrailIdentifier: 'gr-1', guardrailVersion: '1', trace: 'enabled' });
      });
    }
  }

  it('Nova with a guardrail: the body has no outputTokens, the header has it', async () => {
    const r = await p.generate({ model: NOVA, guardrail: { id: 'g', version: '1' }, messages: [{ role: 'user', content: 'Hello there' }], maxTokens: 50 });
    expect(r.finishReason).toBe('stop');
    expect(r.usage.outputTokens).toBeGreaterThan(0);
    expect(r.usage.totalTokens).toBe(r.usage.inputTokens + r.usage.outputTokens);
  });
});

describe('request options reach the wire', () => {
  it('service tier and latency: Converse fields, InvokeModel headers', async () => {
    await p.generate({ model: CLAUDE, serviceTier: 'priority', latency: 'optimized', messages: [{ role: 'user', content: 'x' }] }, { api: 'converse' });
    expect(lastBody(emu)).toMatchObject({ serviceTier: { type: 'priority' }, performanceConfig: { latency: 'optimized' } });
    await p.generate({ model: CLAUDE, serviceTier: 'flex', latency: 'optimized', messages: [{ role: 'user', content: 'x' }] });
    expect(emu.requests.at(-1)!.headers).toMatchObject({ 'x-amzn-bedrock-service-tier': 'flex', 'x-amzn-bedrock-performanceconfig-latency': 'optimized' });
  });
});

describe('the catalog agrees with the codecs', () => {
  it('Llama 3.1+ and Jamba take tools as the catalog says: through Converse', async () => {
    for (const model of ['meta.llama3-1-8b-instruct-v1:0', 'ai21.jamba-1-5-large-v1:0']) {
      const r = await p.generate({ model, tools: [WEATHER], messages: [{ role: 'user', content: 'What is the weather in Paris?' }], maxTokens: 200 });
      expect(emu.requests.at(-1)!.path).toBe(`/model/${encodeURIComponent(model)}/converse`);
      expect(r.toolCalls.map((c) => c.name)).toEqual(['get_weather']);
      expect(r.finishReason).toBe('tool_calls');
      await p.generate({ model, messages: [{ role: 'user', content: 'hi' }], maxTokens: 20 });
      expect(emu.requests.at(-1)!.path).toBe(`/model/${encodeURIComponent(model)}/invoke`);
    }
  });
});
