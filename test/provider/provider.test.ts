// The provider end to end against the emulator: every family through InvokeModel,
// InvokeModelWithResponseStream, Converse and ConverseStream, over real sockets, signed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { ConfigurationError, ValidationError } from '../../src/errors.js';
import type { BedrockProvider } from '../../src/provider/index.js';
import { ask, collect, FAMILY_MODELS, lastBody, lastPath, makeProvider, startTestEmulator } from './harness.js';

let emu: Emulator;
let provider: BedrockProvider;

beforeAll(async () => {
  emu = await startTestEmulator();
  provider = makeProvider(emu);
});
afterAll(async () => {
  await provider.close();
  await emu.close();
});

// What each family's InvokeModel body must look like: proves the right codec encoded it.
const bodyShape: Record<string, (b: Record<string, any>, model: string, stream: boolean) => boolean> = {
  anthropic: (b) => b.anthropic_version === 'bedrock-2023-05-31' && Array.isArray(b.messages),
  titan: (b) => typeof b.inputText === 'string' && typeof b.textGenerationConfig === 'object',
  nova: (b) => b.schemaVersion === 'messages-v1' && Array.isArray(b.messages),
  llama: (b) => typeof b.prompt === 'string' && b.prompt.includes('<|begin_of_text|>') && typeof b.max_gen_len === 'number',
  cohere: (b) => b.message === 'What is the capital of France?',
  jamba: (b) => Array.isArray(b.messages) && b.anthropic_version === undefined,
  mistral: (b, model) => (model.includes('large') ? Array.isArray(b.messages) : typeof b.prompt === 'string' && b.prompt.includes('[INST]')),
  deepseek: (b) => typeof b.prompt === 'string',
  // InvokeModel wants `stream: false`, the streaming operation `stream: true` (or the field left out).
  'gpt-oss': (b, _m, stream) => Array.isArray(b.messages) && (b.stream === undefined || b.stream === stream),
};

function expectedPath(model: string, operation: string): string {
  const id = model === 'deepseek.r1-v1:0' ? `us.${model}` : model; // served only through a profile
  return `/model/${encodeURIComponent(id)}/${operation}`;
}

describe.each(FAMILY_MODELS)('%s (%s)', (family, model) => {
  it('generate: the family body on the wire, a decoded response', async () => {
    const r = await provider.generate(ask(model));
    expect(lastPath(emu)).toBe(expectedPath(model, 'invoke'));
    expect(bodyShape[family](lastBody(emu), model, false)).toBe(true);
    expect(r.content.length + (r.reasoning?.length ?? 0)).toBeGreaterThan(0);
    expect(r.finishReason).toBe('stop');
    expect(r.requestId).toBe('req-1');
    expect(r.usage.outputTokens).toBeGreaterThan(0);
    expect(r.usage.totalTokens).toBe(r.usage.inputTokens + r.usage.outputTokens);
  });

  it('generateStream: deltas, then exactly one final chunk holding the whole response', async () => {
    const whole = await provider.generate(ask(model));
    const s = await collect(provider.generateStream(ask(model)));
    expect(s.error).toBeUndefined();
    expect(lastPath(emu)).toBe(expectedPath(model, 'invoke-with-response-stream'));
    expect(bodyShape[family](lastBody(emu), model, true)).toBe(true);
    const finals = s.chunks.filter((c) => c.type === 'finish');
    expect(finals).toHaveLength(1);
    expect(s.chunks[s.chunks.length - 1].type).toBe('finish');
    expect(s.finish!.content).toBe(s.text);
    // The emulator answers a prompt the same way streamed or not.
    expect(s.finish!.content).toBe(whole.content);
    expect(s.finish!.finishReason).toBe('stop');
    expect(s.chunks.filter((c) => c.type === 'text' || c.type === 'reasoning').length).toBeGreaterThan(1);
  });

  it('Converse and ConverseStream, chosen per call', async () => {
    const r = await provider.generate(ask(model), { api: 'converse' });
    expect(lastPath(emu)).toBe(expectedPath(model, 'converse'));
    expect(Array.isArray(lastBody(emu).messages)).toBe(true);
    expect(r.content.length).toBeGreaterThan(0);
    const s = await collect(provider.generateStream(ask(model), { api: 'converse' }));
    expect(s.error).toBeUndefined();
    expect(lastPath(emu)).toBe(expectedPath(model, 'converse-stream'));
    expect(s.finish!.content).toBe(s.text);
    expect(s.finish!.content).toBe(r.content);
  });
});

describe('provider-level behaviour', () => {
  it('api: converse in the config routes every call through Converse', async () => {
    const p = makeProvider(emu, { api: 'converse' });
    try {
      await p.generate(ask('amazon.titan-text-express-v1'));
      expect(lastPath(emu)).toMatch(/\/converse$/);
      await collect(p.generateStream(ask('amazon.titan-text-express-v1')));
      expect(lastPath(emu)).toMatch(/\/converse-stream$/);
    } finally {
      await p.close();
    }
  });

  it('requests a family cannot honour, and unknown family names, fail before anything is sent', async () => {
    const before = emu.requests.length;
    const tool = { name: 'weather', inputSchema: { type: 'object' } };
    await expect(provider.generate(ask('amazon.titan-text-express-v1', { tools: [tool] }))).rejects.toBeInstanceOf(ValidationError);
    await expect(provider.generate({ ...ask('qwen.qwen3-32b-v1:0'), family: 'acme' as never })).rejects.toThrow(/request\.family/);
    const s = await collect(provider.generateStream({ ...ask('qwen.qwen3-32b-v1:0'), family: 'acme' as never }));
    expect(s.error).toBeInstanceOf(ValidationError);
    expect(s.chunks).toHaveLength(0);
    expect(emu.requests.length).toBe(before);
  });

  it('a model no family codec places goes through Converse (generate and stream)', async () => {
    for (const model of ['qwen.qwen3-32b-v1:0', 'moonshot.kimi-k2-thinking', 'zai.glm-4.7-flash']) {
      const r = await provider.generate(ask(model));
      expect(lastPath(emu)).toBe(`/model/${encodeURIComponent(model)}/converse`);
      expect(r.content.length).toBeGreaterThan(0);
      const s = await collect(provider.generateStream(ask(model)));
      expect(lastPath(emu)).toBe(`/model/${encodeURIComponent(model)}/converse-stream`);
      expect(s.error).toBeUndefined();
      expect(s.chunks.at(-1)?.type).toBe('finish');
    }
  });

  it('an unknown id of a known family is still sent (and Bedrock answers it is invalid)', async () => {
    await expect(provider.generate(ask('anthropic.claude-not-in-catalog-v1:0'))).rejects.toMatchObject({
      name: 'ModelNotFoundError',
      serviceMessage: 'The provided model identifier is invalid.',
    });
    expect(lastPath(emu)).toBe(`/model/${encodeURIComponent('anthropic.claude-not-in-catalog-v1:0')}/invoke`);
  });

  it('the allow-list and default model apply', async () => {
    const p = makeProvider(emu, { models: ['amazon.nova-micro-v1:0'] });
    try {
      const r = await p.generate(ask(''));
      expect(lastPath(emu)).toBe(`/model/${encodeURIComponent('amazon.nova-micro-v1:0')}/invoke`);
      expect(r.content.length).toBeGreaterThan(0);
      await expect(p.generate(ask('amazon.nova-pro-v1:0'))).rejects.toThrow(/not in this provider's models/);
      expect(p.getModels().map((m) => m.id)).toEqual(['amazon.nova-micro-v1:0']);
      expect(p.getCapabilities()).toEqual(['text_generation', 'chat', 'streaming', 'tools', 'streaming_tools', 'system_prompt']);
    } finally {
      await p.close();
    }
  });

  it('type, name, models and capabilities', () => {
    expect(provider.getType()).toBe('bedrock');
    expect(provider.getName()).toBe('bedrock');
    expect(provider.getModels().length).toBeGreaterThanOrEqual(25);
    expect(provider.getCapabilities()).toContain('vision');
  });

  it('break frees the connection; an aborted signal rejects', async () => {
    const baseline = emu.openConnections(); // the shared provider's idle keep-alive sockets
    const p = makeProvider(emu);
    try {
      for await (const c of p.generateStream(ask('anthropic.claude-3-5-haiku-20241022-v1:0'))) {
        expect(c.type).not.toBe('finish');
        break;
      }
      // That stream was p's only connection: breaking out must have destroyed it.
      await expect.poll(() => emu.openConnections(), { timeout: 2_000 }).toBeLessThanOrEqual(baseline);
      const ac = new AbortController();
      ac.abort(new Error('stop now'));
      await expect(p.generate(ask('amazon.nova-lite-v1:0'), { signal: ac.signal })).rejects.toThrow('stop now');
    } finally {
      await p.close();
    }
  });

  it('a disabled provider refuses calls and is not available', async () => {
    const p = makeProvider(emu, { enabled: false });
    try {
      await expect(p.generate(ask('amazon.nova-lite-v1:0'))).rejects.toBeInstanceOf(ConfigurationError);
      expect(await p.isAvailable()).toBe(false);
    } finally {
      await p.close();
    }
  });

  it('bearer keys work too', async () => {
    const p = makeProvider(emu, { credentials: undefined, apiKey: emu.apiKey });
    try {
      await p.generate(ask('amazon.nova-lite-v1:0'));
      expect(emu.requests[emu.requests.length - 1].auth).toBe('bearer');
    } finally {
      await p.close();
    }
  });
});
