// The README's examples, run against the emulator: if an example stops working, this fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../src/emulator/index.js';
import {
  BedrockProvider,
  BedrockRuntime,
  ThrottlingError,
  partialResponse,
  providerErrorKind,
  type Message,
} from '../src/index.js';
import { resolveConfig } from '../src/provider/config-file.js';

let emu: Emulator;
let bedrock: BedrockProvider;
beforeAll(async () => {
  emu = await startEmulator();
  bedrock = new BedrockProvider({ region: emu.region, endpoint: emu.url, credentials: emu.credentials }, { env: {} });
});
afterAll(async () => {
  await bedrock.close();
  await emu.close();
});

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('README examples', () => {
  it('generate, for several families with the same request', async () => {
    for (const model of ['us.anthropic.claude-sonnet-4-20250514-v1:0', 'amazon.nova-lite-v1:0', 'meta.llama3-3-70b-instruct-v1:0', 'cohere.command-r-plus-v1:0']) {
      const res = await bedrock.generate({ model, system: 'Answer in one sentence.', messages: [{ role: 'user', content: 'Why is the sky blue?' }], maxTokens: 200 });
      expect(res.content, model).toMatch(/^You said: Why is the sky blue\?/);
      expect(res.finishReason).toBe('stop');
      expect(res.usage.totalTokens).toBe(res.usage.inputTokens + res.usage.outputTokens);
    }
  });

  it('stream: deltas then one finish chunk', async () => {
    let text = '';
    const kinds: string[] = [];
    for await (const chunk of bedrock.generateStream({ model: 'anthropic.claude-3-5-haiku-20241022-v1:0', messages: [{ role: 'user', content: 'stream please' }], maxTokens: 500 })) {
      kinds.push(chunk.type);
      if (chunk.type === 'text') text += chunk.text;
      if (chunk.type === 'finish') expect(chunk.response.content).toBe(text);
    }
    expect(kinds.filter((k) => k === 'finish')).toHaveLength(1);
    expect(kinds.at(-1)).toBe('finish');
  });

  it('tools and images: a tool call, then its result sent back', async () => {
    const messages: Message[] = [
      { role: 'user', content: [{ type: 'text', text: 'What is in this picture, and what is the weather there?' }, { type: 'image', mediaType: 'image/png', data: PNG }] },
    ];
    const tools = [{ name: 'get_weather', description: 'Weather by city', inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }];
    const model = 'anthropic.claude-3-haiku-20240307-v1:0';   // a vision model, as in the README
    const res = await bedrock.generate({ model, messages, tools, toolChoice: 'auto' });
    expect(res.finishReason).toBe('tool_calls');
    expect(res.toolCalls[0].name).toBe('get_weather');
    for (const call of res.toolCalls) {
      messages.push({ role: 'assistant', content: [{ type: 'tool-call', id: call.id, name: call.name, arguments: call.arguments }] });
      messages.push({ role: 'tool', content: [{ type: 'tool-result', toolCallId: call.id, content: '21 °C, sunny' }] });
    }
    const next = await bedrock.generate({ model, messages, tools });
    expect(next.finishReason).toBe('stop');
    const sent = JSON.parse(new TextDecoder().decode(emu.requests.at(-1)!.body));
    expect(sent.messages.at(-1).content[0]).toMatchObject({ type: 'tool_result', tool_use_id: res.toolCalls[0].id });
  });

  it('geo prefix auto and a profile ARN route calls as described', async () => {
    const geo = new BedrockProvider({ region: emu.region, endpoint: emu.url, credentials: emu.credentials, geoPrefix: 'auto' }, { env: {} });
    await geo.generate({ model: 'anthropic.claude-3-5-haiku-20241022-v1:0', messages: [{ role: 'user', content: 'hi' }], maxTokens: 4 });
    expect(emu.requests.at(-1)!.modelId).toBe('us.anthropic.claude-3-5-haiku-20241022-v1:0');
    await geo.close();
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0';
    const viaArn = new BedrockProvider({ region: emu.region, endpoint: emu.url, credentials: emu.credentials, crossRegionInference: true, inferenceProfileArn: arn }, { env: {} });
    await viaArn.generate({ model: 'anthropic.claude-3-5-sonnet-20241022-v2:0', messages: [{ role: 'user', content: 'hi' }], maxTokens: 4 });
    expect(emu.requests.at(-1)!.modelId).toBe(arn);
    await viaArn.close();
  });

  it('the seed config document through bedrock-wire/config', async () => {
    const doc = { llm: { providers: { bedrock: { type: 'bedrock', enabled: true, region: emu.region, endpoint: emu.url, models: ['anthropic.claude-3-5-haiku-20241022-v1:0', 'amazon.nova-lite-v1:0'] } } } };
    const p = new BedrockProvider(resolveConfig(doc, { env: { AWS_ACCESS_KEY_ID: emu.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: emu.credentials.secretAccessKey } }), { env: {} });
    expect(p.getModels().map((m) => m.id)).toEqual(['anthropic.claude-3-5-haiku-20241022-v1:0', 'amazon.nova-lite-v1:0']);
    const r = await p.generate({ model: 'amazon.nova-lite-v1:0', messages: [{ role: 'user', content: 'from config' }], maxTokens: 8 });
    expect(r.content).toMatch(/^You said: from config/);
    await p.close();
  });

  it('the wire client: invoke, stream, converse stream, count tokens', async () => {
    const rt = new BedrockRuntime({ region: emu.region, endpoint: emu.url, credentials: emu.credentials, env: {} });
    const modelId = 'anthropic.claude-3-5-haiku-20241022-v1:0';
    const messages = [{ role: 'user', content: [{ type: 'text', text: 'hello wire' }] }];
    const out = await rt.invokeModel({ modelId, body: { anthropic_version: 'bedrock-2023-05-31', max_tokens: 100, messages } });
    expect(JSON.parse(new TextDecoder().decode(out.body)).content[0].text).toMatch(/^You said: hello wire/);
    expect(out.requestId).toBeTruthy();
    expect(out.outputTokenCount).toBeGreaterThan(0);
    const types = new Set<string>();
    for await (const e of rt.invokeModelWithResponseStream({ modelId, body: { anthropic_version: 'bedrock-2023-05-31', max_tokens: 100, messages } })) {
      types.add(JSON.parse(new TextDecoder().decode(e.bytes)).type);
    }
    expect(types).toContain('content_block_delta');
    const events: string[] = [];
    for await (const e of rt.converseStream({ modelId, messages: [{ role: 'user', content: [{ text: 'hi' }] }] })) events.push(e.type);
    expect(events[0]).toBe('messageStart');
    expect(events).toContain('contentBlockDelta');
    expect((await rt.countTokens({ modelId, input: { converse: { messages: [{ role: 'user', content: [{ text: 'count me' }] }] } } })).inputTokens).toBeGreaterThan(0);
    await rt.close();
  });

  it('errors: throttled twice then success; a mid-stream failure keeps the partial content', async () => {
    emu.inject({ kind: 'status', status: 429, errorType: 'ThrottlingException' }, { times: 2 });
    const before = emu.requests.length;
    const ok = await bedrock.generate({ model: 'amazon.nova-lite-v1:0', messages: [{ role: 'user', content: 'retry me' }], maxTokens: 8 });
    expect(ok.content).toMatch(/^You said: retry me/);
    expect(emu.requests.length - before).toBe(3);
    emu.inject({ kind: 'exception', afterEvents: 3, exceptionType: 'throttlingException', message: 'slow down' });
    let got = '';
    try {
      for await (const c of bedrock.generateStream({ model: 'anthropic.claude-3-5-haiku-20241022-v1:0', messages: [{ role: 'user', content: 'partial' }] })) if (c.type === 'text') got += c.text;
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ThrottlingError);
      expect(providerErrorKind(err)).toBe('rate_limited');
      expect(partialResponse(err)?.content).toBe(got);
      expect(got.length).toBeGreaterThan(0);
    }
  });
  it('speech: a Nova Sonic session with a tool, over the bidirectional stream', async () => {
    const { startSonicSession } = await import('../src/sonic/index.js');
    const played: Uint8Array[] = [];
    const session = startSonicSession({
      runtime: { region: emu.region, endpoint: emu.url, credentials: emu.credentials, env: {} },
      voice: 'matthew',
      system: 'Answer briefly.',
      tools: [{ name: 'get_weather', inputSchema: { type: 'object', properties: { city: { type: 'string' } } } }],
      onToolUse: () => ({ forecast: 'sunny' }),
    });
    await session.sendText('What is the weather in Paris?');
    let last = '';
    for await (const out of session) {
      if (out.type === 'audio') played.push(out.pcm);
      if (out.type === 'text') last = out.text;
      if (out.type === 'contentEnd' && out.role === 'ASSISTANT' && out.contentType === 'TEXT' && out.stopReason === 'END_TURN') await session.close();
    }
    expect(played.length).toBeGreaterThan(0);
    expect(last).toBe('The get_weather tool says: {"forecast":"sunny"}.');
    const rt = new BedrockRuntime({ region: 'us-east-1', apiKey: 'bedrock-api-key-x', env: {} });
    expect(() => rt.invokeModelWithBidirectionalStream({ modelId: 'amazon.nova-sonic-v1:0' })).toThrow(/API keys/);
  });

  it('caching, documents, citations, structured output, guardrails (Converse)', async () => {
    const report = await bedrock.generate({
      model: 'us.anthropic.claude-sonnet-4-20250514-v1:0',
      system: 'You are a careful analyst.',
      cache: { system: { ttl: '1h' } },
      messages: [{ role: 'user', content: [
        { type: 'document', format: 'txt', name: 'Atlas', data: { text: 'Paris is the capital of France.' }, citations: true },
        { type: 'cache-point' },
        { type: 'text', text: 'What is the capital of France?' },
      ] }],
      responseFormat: { type: 'json', schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
      guardrail: { id: 'my-guardrail', version: '1', trace: 'enabled' },
    }, { api: 'converse' });
    expect(report.object).toEqual({ city: expect.any(String) });
    expect(JSON.parse(report.content)).toEqual(report.object);
    expect(report.usage.cacheWriteTokens).toBeGreaterThan(0);
    expect(report.parts?.[0]).toMatchObject({ type: 'text' });
    expect(report.trace).toMatchObject({ guardrail: {} });
  });
});
