// bedrock-wire/ai-sdk through the AI SDK's own calls (generateText, streamText, generateObject, the
// multi-step tool loop) against the embedded emulator, over real sockets, signed.
import { APICallError } from '@ai-sdk/provider';
import { generateObject, generateText, stepCountIs, streamText, tool } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createBedrockWire } from '../../src/adapters/ai-sdk/index.js';
import type { BedrockWireProvider } from '../../src/adapters/ai-sdk/index.js';
import type { Emulator } from '../../src/emulator/index.js';
import { encodeEventStreamMessage } from '../../src/eventstream/index.js';
import { ThrottlingError, ValidationError } from '../../src/errors.js';
import { lastBody, lastPath, startTestEmulator } from '../provider/harness.js';

const HAIKU = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const SONNET4 = 'us.anthropic.claude-sonnet-4-20250514-v1:0';
const NOVA = 'amazon.nova-lite-v1:0';

let emu: Emulator;
let bedrock: BedrockWireProvider;

function make(extra: Record<string, unknown> = {}): BedrockWireProvider {
  return createBedrockWire({
    region: emu.region,
    endpoint: emu.url,
    credentials: { accessKeyId: emu.credentials.accessKeyId, secretAccessKey: emu.credentials.secretAccessKey },
    timeouts: { idleMs: 2_000, firstByteMs: 5_000, connectMs: 2_000 },
    clientOptions: { env: {}, retry: { baseDelayMs: 1, maxDelayMs: 5 } },
    ...extra,
  });
}

beforeAll(async () => {
  emu = await startTestEmulator();
  bedrock = make();
});
afterAll(async () => {
  await bedrock.close();
  await emu.close();
});

const weatherTool = tool({
  description: 'Weather by city',
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => `21 C and sunny in ${city}`,
});

describe('generateText', () => {
  it.each([HAIKU, NOVA, 'meta.llama3-1-8b-instruct-v1:0'])('%s: text, usage, finish reason, response metadata', async (model) => {
    const r = await generateText({ model: bedrock(model), prompt: 'What is the capital of France?', maxOutputTokens: 200 });
    expect(r.text).toMatch(/^You said: What is the capital of France\?/);
    expect(r.finishReason).toBe('stop');
    expect(r.usage.inputTokens).toBeGreaterThan(0);
    expect(r.usage.outputTokens).toBeGreaterThan(0);
    expect(r.usage.totalTokens).toBe(r.usage.inputTokens! + r.usage.outputTokens!);
    expect(r.response.id).toBeTruthy();
    expect(r.providerMetadata?.bedrock?.requestId).toMatch(/^[0-9a-f-]{36}$/); // x-amzn-requestid
    expect(lastPath(emu)).toMatch(/\/invoke$/);
  });

  it('system prompt, sampling settings and stop sequences reach the family body', async () => {
    await generateText({ model: bedrock(HAIKU), system: 'Be brief.', prompt: 'Hi', temperature: 0.3, topP: 0.9, topK: 5, stopSequences: ['END'], maxOutputTokens: 50 });
    const b = lastBody(emu);
    expect(b).toMatchObject({ system: 'Be brief.', temperature: 0.3, top_p: 0.9, top_k: 5, stop_sequences: ['END'], max_tokens: 50 });
  });

  it('maxOutputTokens cuts the answer: finish reason length, raw reason kept', async () => {
    const r = await generateText({ model: bedrock(HAIKU), prompt: 'Tell me a long story', maxOutputTokens: 3 });
    expect(r.finishReason).toBe('length');
    expect(r.rawFinishReason).toBe('max_tokens');
  });

  it('unsupported settings are warnings, not silence', async () => {
    const r = await generateText({ model: bedrock(HAIKU), prompt: 'Hi', seed: 7, presencePenalty: 0.5 });
    expect(r.warnings?.map((w) => ('feature' in w ? w.feature : w.message))).toEqual(['presencePenalty', 'seed']);
  });

  it('images: a file part reaches the body as base64 image data', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const r = await generateText({
      model: bedrock(HAIKU),
      messages: [{ role: 'user', content: [{ type: 'text', text: 'What is in this picture?' }, { type: 'image', image: png, mediaType: 'image/png' }] }],
    });
    expect(r.text.length).toBeGreaterThan(0);
    const content = (lastBody(emu).messages as any[])[0].content;
    expect(content[1]).toEqual({ type: 'image', source: { type: 'base64', media_type: 'image/png', data: Buffer.from(png).toString('base64') } });
  });

  it('a non-image file is a ValidationError naming the part, before anything is sent', async () => {
    const before = emu.requests.length;
    const e = await generateText({
      model: bedrock(HAIKU),
      maxRetries: 0,
      messages: [{ role: 'user', content: [{ type: 'file', data: new Uint8Array([1]), mediaType: 'application/zip' }] }],
    }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as Error).message).toMatch(/^prompt\[0\]\.content\[0\]\.mediaType/);
    expect(emu.requests.length).toBe(before);
  });
});

describe('tools', () => {
  it("the SDK's multi-step loop: tool call, execute, tool result sent back, final answer", async () => {
    const r = await generateText({
      model: bedrock(HAIKU),
      tools: { getWeather: weatherTool },
      stopWhen: stepCountIs(3),
      prompt: 'What is the weather in Paris?',
    });
    expect(r.steps).toHaveLength(2);
    expect(r.steps[0].finishReason).toBe('tool-calls');
    expect(r.steps[0].toolCalls).toEqual([expect.objectContaining({ toolName: 'getWeather', input: { city: 'Paris' } })]);
    expect(r.steps[0].toolResults[0]).toMatchObject({ toolName: 'getWeather', output: '21 C and sunny in Paris' });
    expect(r.finishReason).toBe('stop');
    expect(r.text).toMatch(/^The tool returned: 21 C and sunny in Paris/);
    // The second request carried the assistant's tool_use and the user's tool_result.
    const messages = lastBody(emu).messages as any[];
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(messages[1].content.at(-1)).toMatchObject({ type: 'tool_use', name: 'getWeather', input: { city: 'Paris' } });
    expect(messages[2].content[0]).toMatchObject({ type: 'tool_result', tool_use_id: messages[1].content.at(-1).id });
    expect(r.totalUsage.inputTokens).toBe(r.steps[0].usage.inputTokens! + r.steps[1].usage.inputTokens!);
  });

  it('streamText runs the same loop: tool-input deltas, tool-call, tool-result, final text', async () => {
    const s = streamText({ model: bedrock(HAIKU), tools: { getWeather: weatherTool }, stopWhen: stepCountIs(3), prompt: 'What is the weather in Paris?' });
    const types: string[] = [];
    let input = '';
    for await (const p of s.fullStream) {
      types.push(p.type);
      if (p.type === 'tool-input-delta') input += p.delta;
    }
    expect(JSON.parse(input)).toEqual({ city: 'Paris' });
    for (const t of ['tool-input-start', 'tool-input-delta', 'tool-input-end', 'tool-call', 'tool-result', 'finish-step', 'text-delta', 'finish']) expect(types).toContain(t);
    expect(types.indexOf('tool-result')).toBeLessThan(types.lastIndexOf('text-delta'));
    expect(await s.text).toMatch(/^The tool returned: 21 C and sunny in Paris/);
    expect((await s.steps).length).toBe(2);
  });

  it('toolChoice: a named tool is forced on the wire; none keeps Anthropic tools but forbids calls', async () => {
    await generateText({ model: bedrock(HAIKU), tools: { getWeather: weatherTool }, toolChoice: { type: 'tool', toolName: 'getWeather' }, prompt: 'Hello there' });
    expect(lastBody(emu).tool_choice).toEqual({ type: 'tool', name: 'getWeather' });
    await generateText({ model: bedrock(HAIKU), tools: { getWeather: weatherTool }, toolChoice: 'none', prompt: 'Hello there' });
    expect(lastBody(emu).tool_choice).toEqual({ type: 'none' });
    // Converse has no 'none': the tools are left out instead.
    await generateText({ model: bedrock(NOVA), tools: { getWeather: weatherTool }, toolChoice: 'none', prompt: 'Hello there', providerOptions: { bedrock: { api: 'converse' } } });
    expect(lastPath(emu)).toMatch(/\/converse$/);
    expect(lastBody(emu).toolConfig).toBeUndefined();
  });
});

describe('generateObject', () => {
  const schema = z.object({ city: z.string(), population: z.number(), capital: z.boolean() });

  it.each([
    ['InvokeModel', HAIKU, {}],
    ['Converse', NOVA, { bedrock: { api: 'converse' } }],
  ] as const)('%s: a forced json tool, its input returned as the object', async (_n, model, providerOptions) => {
    const r = await generateObject({ model: bedrock(model), schema, prompt: 'Describe Paris', providerOptions });
    expect(r.object).toEqual({ city: 'Paris', population: 42, capital: true });
    expect(r.finishReason).toBe('stop');
    const b = lastBody(emu);
    if (model === HAIKU) expect(b.tool_choice).toEqual({ type: 'tool', name: 'json' });
    else expect((b.toolConfig as any).toolChoice).toEqual({ tool: { name: 'json' } });
  });

  it('streamObject: the json tool argument deltas stream as text, partial objects arrive', async () => {
    const { streamObject } = await import('ai');
    const s = streamObject({ model: bedrock(HAIKU), schema, prompt: 'Describe Paris' });
    const partials: unknown[] = [];
    for await (const o of s.partialObjectStream) partials.push(o);
    expect(partials.length).toBeGreaterThan(2);
    expect(await s.object).toEqual({ city: 'Paris', population: 42, capital: true });
  });
});

describe('reasoning', () => {
  const thinking = { bedrock: { reasoningConfig: { type: 'enabled', budgetTokens: 1024 } } };

  it('reasoning parts carry the signature, and it goes back verbatim in the next turn', async () => {
    const first = await generateText({ model: bedrock(SONNET4), prompt: 'Why is the sky blue?', providerOptions: thinking });
    expect(lastBody(emu).thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
    expect(first.reasoningText).toMatch(/^Let me think about this/);
    const sig = first.reasoning[0].providerMetadata?.bedrock?.signature;
    expect(typeof sig).toBe('string');
    await generateText({
      model: bedrock(SONNET4),
      messages: [{ role: 'user', content: 'Why is the sky blue?' }, ...first.response.messages, { role: 'user', content: 'And at sunset?' }],
      providerOptions: thinking,
    });
    const assistant = (lastBody(emu).messages as any[])[1];
    expect(assistant.content[0]).toEqual({ type: 'thinking', thinking: first.reasoningText, signature: sig });
  });

  it('streamed: reasoning-start/delta/end, the signature on the last delta', async () => {
    const s = streamText({ model: bedrock(SONNET4), prompt: 'Why is the sky blue?', providerOptions: thinking });
    const parts: any[] = [];
    for await (const p of s.fullStream) parts.push(p);
    const types = parts.map((p) => p.type);
    expect(types.indexOf('reasoning-start')).toBeLessThan(types.indexOf('reasoning-end'));
    expect(types.indexOf('reasoning-end')).toBeLessThan(types.indexOf('text-start'));
    const reasoning = await s.reasoning;
    expect(reasoning[0].providerMetadata?.bedrock?.signature).toEqual(expect.any(String));
    // The same answer as the non-streamed call: the emulator is deterministic.
    const whole = await generateText({ model: bedrock(SONNET4), prompt: 'Why is the sky blue?', providerOptions: thinking });
    expect(await s.reasoningText).toBe(whole.reasoningText);
    expect(reasoning[0].providerMetadata?.bedrock?.signature).toBe(whole.reasoning[0].providerMetadata?.bedrock?.signature);
  });
});

describe('streamText', () => {
  it('text deltas, finish with usage; the same text as generateText', async () => {
    const whole = await generateText({ model: bedrock(HAIKU), prompt: 'Stream something' });
    const s = streamText({ model: bedrock(HAIKU), prompt: 'Stream something' });
    let n = 0;
    for await (const _ of s.textStream) n++;
    expect(n).toBeGreaterThan(3);
    expect(await s.text).toBe(whole.text);
    expect(await s.finishReason).toBe('stop');
    expect((await s.usage).outputTokens).toBe(whole.usage.outputTokens);
    expect(lastPath(emu)).toMatch(/invoke-with-response-stream$/);
  });

  it('Converse stream through the provider option', async () => {
    const s = streamText({ model: bedrock(NOVA), prompt: 'Stream something', providerOptions: { bedrock: { api: 'converse' } } });
    expect((await s.text).length).toBeGreaterThan(0);
    expect(lastPath(emu)).toMatch(/converse-stream$/);
  });

  it('abort mid-stream stops the stream and frees the request', async () => {
    emu.inject({ kind: 'delay', perChunkMs: 20 });
    const ac = new AbortController();
    const s = streamText({ model: bedrock(HAIKU), prompt: 'Stream slowly', abortSignal: ac.signal, onError: () => {} });
    let n = 0;
    const parts: string[] = [];
    for await (const p of s.fullStream) {
      parts.push(p.type);
      if (p.type === 'text-delta' && ++n === 2) ac.abort();
    }
    expect(n).toBe(2);
    expect(parts).toContain('abort');
    expect(parts).not.toContain('finish');
  });

  it('a mid-stream exception frame becomes an error part after the text delivered before it', async () => {
    emu.inject({ kind: 'exception', afterEvents: 6, exceptionType: 'modelStreamErrorException', message: 'boom mid-stream' });
    const s = streamText({ model: bedrock(HAIKU), prompt: 'Stream something', onError: () => {} });
    const parts: any[] = [];
    for await (const p of s.fullStream) parts.push(p);
    const err = parts.find((p) => p.type === 'error')?.error;
    expect(APICallError.isInstance(err)).toBe(true);
    expect(err.isRetryable).toBe(false);
    expect(err.message).toMatch(/boom mid-stream/);
    expect(parts.findIndex((p) => p.type === 'text-delta')).toBeLessThan(parts.findIndex((p) => p.type === 'error'));
  });
});

describe('errors', () => {
  it('a throttle is an APICallError with isRetryable: the SDK retries it and succeeds', async () => {
    emu.inject({ kind: 'status', status: 429, errorType: 'ThrottlingException', message: 'slow down' }, { times: 1 });
    const before = emu.requests.length;
    const r = await generateText({ model: bedrock(HAIKU), prompt: 'Hi' });
    expect(r.text.length).toBeGreaterThan(0);
    expect(emu.requests.length - before).toBe(2); // one attempt of ours, one retry of the SDK's
  });

  it('the APICallError carries status, request id, the typed error as cause; not retryable for 400', async () => {
    emu.inject({ kind: 'status', status: 400, errorType: 'ValidationException', message: 'bad field' });
    const e = await generateText({ model: bedrock(HAIKU), prompt: 'Hi' }).catch((x: unknown) => x);
    expect(APICallError.isInstance(e)).toBe(true);
    const a = e as APICallError;
    expect(a.statusCode).toBe(400);
    expect(a.isRetryable).toBe(false);
    expect(a.url).toBe(`${emu.url}/model/${encodeURIComponent(HAIKU)}/invoke`);
    expect(a.responseHeaders?.['x-amzn-requestid']).toBeTruthy();
    expect(a.cause).toBeInstanceOf(ValidationError);
    expect(a.message).toMatch(/bad field/);
  });

  it('streamText: a refused request rejects doStream (so the SDK retries it), retryable throttles included', async () => {
    emu.inject({ kind: 'status', status: 429, errorType: 'ThrottlingException' }, { times: 10 });
    const errors: unknown[] = [];
    const s = streamText({ model: bedrock(HAIKU), prompt: 'Hi', maxRetries: 1, onError: ({ error }) => void errors.push(error) });
    for await (const _ of s.fullStream);
    emu.clearFaults();
    expect(errors).toHaveLength(1);
    const last = (errors[0] as { lastError?: APICallError }).lastError ?? (errors[0] as APICallError);
    expect(APICallError.isInstance(last)).toBe(true);
    expect(last.isRetryable).toBe(true);
    expect(last.cause).toBeInstanceOf(ThrottlingError);
  });

  it('the API key never appears in an error', async () => {
    const keyed = make({ credentials: undefined, apiKey: 'bedrock-api-key-WRONGSECRET123' });
    const e = await generateText({ model: keyed(HAIKU), prompt: 'Hi', maxRetries: 0 }).catch((x: unknown) => x);
    await keyed.close();
    expect(APICallError.isInstance(e)).toBe(true);
    expect((e as APICallError).statusCode).toBe(403);
    expect(JSON.stringify({ ...(e as object), message: (e as Error).message })).not.toContain('WRONGSECRET123');
  });
});

describe('provider', () => {
  it('is a ProviderV3; images are NoSuchModelError', () => {
    expect(bedrock.specificationVersion).toBe('v3');
    const m = bedrock.languageModel(HAIKU);
    expect(m.provider).toBe('bedrock-wire');
    expect(m.modelId).toBe(HAIKU);
    expect(() => bedrock.imageModel('x')).toThrow(/No such imageModel/);
  });

  it('shares a BedrockProvider passed in and never closes it', async () => {
    const shared = make({ name: 'mine' });
    const again = createBedrockWire({ provider: shared.bedrock });
    await again.close();
    const r = await generateText({ model: again(HAIKU), prompt: 'Hi' });
    expect(r.text.length).toBeGreaterThan(0);
    await shared.close();
  });
});

/** A ConverseStream body, frame by frame as Bedrock sends them. */
function converseBody(events: Array<[string, object]>): Uint8Array {
  const frames = events.map(([type, data]) =>
    encodeEventStreamMessage({
      headers: { ':event-type': { type: 'string', value: type }, ':content-type': { type: 'string', value: 'application/json' }, ':message-type': { type: 'string', value: 'event' } },
      payload: new TextEncoder().encode(JSON.stringify(data)),
    }),
  );
  return Buffer.concat(frames);
}

describe("today's request vocabulary", () => {
  const cache = { bedrock: { cachePoint: { type: 'default' } } };

  it('cachePoint provider options: after the system prompt, a part, a message and the tools (Anthropic body)', async () => {
    await generateText({
      model: bedrock(SONNET4),
      tools: { getWeather: tool({ inputSchema: z.object({ city: z.string() }), providerOptions: cache }) },
      allowSystemInMessages: true,
      messages: [
        { role: 'system', content: 'A long, stable system prompt.', providerOptions: cache },
        { role: 'user', content: [{ type: 'text', text: 'Hello there', providerOptions: { bedrock: { cachePoint: { type: 'default', ttl: '1h' } } } }] },
      ],
    } as Parameters<typeof generateText>[0]);
    const b = lastBody(emu) as any;
    expect(b.system).toEqual([{ type: 'text', text: 'A long, stable system prompt.', cache_control: { type: 'ephemeral' } }]);
    expect(b.messages[0].content[0]).toEqual({ type: 'text', text: 'Hello there', cache_control: { type: 'ephemeral', ttl: '1h' } });
    expect(b.tools[0].cache_control).toEqual({ type: 'ephemeral' });
  });

  it('cachePoint on a message (Converse): a cachePoint block after its content', async () => {
    await generateText({ model: bedrock(NOVA), providerOptions: { bedrock: { api: 'converse' } }, messages: [{ role: 'user', content: 'Hello there', providerOptions: cache }] });
    expect((lastBody(emu) as any).messages[0].content).toEqual([{ text: 'Hello there' }, { cachePoint: { type: 'default' } }]);
  });

  it('a bad cachePoint ttl is a ValidationError naming the field, before anything is sent', async () => {
    const before = emu.requests.length;
    const e = await generateText({ model: bedrock(HAIKU), maxRetries: 0, messages: [{ role: 'user', content: 'Hi', providerOptions: { bedrock: { cachePoint: { type: 'default', ttl: '2h' } } } }] }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as Error).message).toMatch(/^prompt\[0\]\.providerOptions\.bedrock\.cachePoint\.ttl/);
    expect(emu.requests.length).toBe(before);
  });

  it('cache read and write counts reach the SDK usage (a ConverseStream body with cache usage)', async () => {
    emu.inject({
      kind: 'replay',
      body: converseBody([
        ['messageStart', { role: 'assistant' }],
        ['contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Cached ' } }],
        ['contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'answer.' } }],
        ['contentBlockStop', { contentBlockIndex: 0 }],
        ['messageStop', { stopReason: 'end_turn' }],
        ['metadata', { usage: { inputTokens: 12, outputTokens: 3, totalTokens: 1135, cacheReadInputTokens: 1000, cacheWriteInputTokens: 120 }, metrics: { latencyMs: 300 } }],
      ]),
    }, { operation: 'converse-stream' });
    const s = streamText({ model: bedrock(NOVA), prompt: 'Hi', providerOptions: { bedrock: { api: 'converse' } } });
    expect(await s.text).toBe('Cached answer.');
    const u = await s.usage;
    expect(u.inputTokens).toBe(1132);
    expect(u.inputTokenDetails).toEqual({ noCacheTokens: 12, cacheReadTokens: 1000, cacheWriteTokens: 120 });
    expect(u.outputTokens).toBe(3);
  });

  it('documents: a PDF file part becomes a document block', async () => {
    await generateText({ model: bedrock(SONNET4), messages: [{ role: 'user', content: [{ type: 'text', text: 'Summarise it' }, { type: 'file', data: new Uint8Array([37, 80, 68, 70]), mediaType: 'application/pdf', filename: 'Q3 report.pdf' }] }] });
    expect((lastBody(emu) as any).messages[0].content[1]).toMatchObject({ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERg==' } });
  });

  it('redacted reasoning sent back as received (redacted_thinking), next to a signed block', async () => {
    await generateText({
      model: bedrock(SONNET4),
      providerOptions: { bedrock: { reasoningConfig: { type: 'enabled', budgetTokens: 1024 } } },
      messages: [
        { role: 'user', content: 'Why?' },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'thinking', providerOptions: { bedrock: { signature: 'c2ln' } } },
            { type: 'reasoning', text: '', providerOptions: { bedrock: { redactedData: 'ZW5jcnlwdGVk' } } },
            { type: 'text', text: 'Because.' },
          ],
        },
        { role: 'user', content: 'And then?' },
      ],
    });
    expect((lastBody(emu) as any).messages[1].content).toEqual([
      { type: 'thinking', thinking: 'thinking', signature: 'c2ln' },
      { type: 'redacted_thinking', data: 'ZW5jcnlwdGVk' },
      { type: 'text', text: 'Because.' },
    ]);
  });

  it("structuredOutputMode 'outputFormat': Bedrock's native structured output on the wire", async () => {
    const schema = z.object({ city: z.string() });
    await generateText({ model: bedrock(NOVA), prompt: 'Describe Paris', output: (await import('ai')).Output.object({ schema }), providerOptions: { bedrock: { api: 'converse', structuredOutputMode: 'outputFormat' } } }).catch(() => {});
    const b = lastBody(emu) as any;
    expect(b.outputConfig.textFormat.type).toBe('json_schema');
    expect(JSON.parse(b.outputConfig.textFormat.structure.jsonSchema.schema)).toMatchObject({ type: 'object', properties: { city: { type: 'string' } } });
    expect(b.toolConfig).toBeUndefined();
  });

  it('strict tools reach the wire', async () => {
    await generateText({ model: bedrock(NOVA), providerOptions: { bedrock: { api: 'converse' } }, tools: { getWeather: tool({ inputSchema: z.object({ city: z.string() }), strict: true }) }, prompt: 'Hello' });
    expect((lastBody(emu) as any).toolConfig.tools[0].toolSpec.strict).toBe(true);
  });
});
