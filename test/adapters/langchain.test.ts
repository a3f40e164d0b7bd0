// bedrock-wire/langchain through LangChain's own calls (invoke, stream, batch, bindTools,
// withStructuredOutput, a prompt-template chain) against the embedded emulator.
import { AIMessage, AIMessageChunk, HumanMessage, SystemMessage, ToolMessage } from '@langchain/core/messages';
import type { BaseMessage } from '@langchain/core/messages';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { StringOutputParser } from '@langchain/core/output_parsers';
import { tool } from '@langchain/core/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BedrockWireChat } from '../../src/adapters/langchain/index.js';
import type { Emulator } from '../../src/emulator/index.js';
import { ThrottlingError, ValidationError } from '../../src/errors.js';
import { lastBody, lastPath, startTestEmulator } from '../provider/harness.js';

const HAIKU = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const SONNET4 = 'us.anthropic.claude-sonnet-4-20250514-v1:0';
let emu: Emulator;
const made: BedrockWireChat[] = [];

function chat(fields: Partial<ConstructorParameters<typeof BedrockWireChat>[0]> = {}): BedrockWireChat {
  const m = new BedrockWireChat({
    model: HAIKU,
    client: {
      region: emu.region,
      endpoint: emu.url,
      credentials: { accessKeyId: emu.credentials.accessKeyId, secretAccessKey: emu.credentials.secretAccessKey },
      timeouts: { idleMs: 2_000, firstByteMs: 5_000, connectMs: 2_000 },
    },
    clientOptions: { env: {}, retry: { baseDelayMs: 1, maxDelayMs: 5 } },
    ...fields,
  });
  made.push(m);
  return m;
}

beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  for (const m of made) await m.close();
  await emu.close();
});

const getWeather = tool(async ({ city }: { city: string }) => `21 C and sunny in ${city}`, {
  name: 'get_weather',
  description: 'Weather by city',
  schema: z.object({ city: z.string() }),
});

describe('invoke', () => {
  it('an AIMessage with text, usage metadata and response metadata', async () => {
    const m = chat({ maxTokens: 200, temperature: 0.2 });
    const r = await m.invoke([new SystemMessage('Be brief.'), new HumanMessage('What is the capital of France?')]);
    expect(r).toBeInstanceOf(AIMessage);
    expect(r.content).toMatch(/^You said: What is the capital of France\?/);
    expect(r.usage_metadata!.input_tokens).toBeGreaterThan(0);
    expect(r.usage_metadata!.output_tokens).toBeGreaterThan(0);
    expect(r.usage_metadata!.total_tokens).toBe(r.usage_metadata!.input_tokens + r.usage_metadata!.output_tokens);
    expect(r.response_metadata).toMatchObject({ finish_reason: 'stop', stop_reason: 'end_turn' });
    expect(lastBody(emu)).toMatchObject({ system: 'Be brief.', max_tokens: 200, temperature: 0.2 });
  });

  it('a prompt template | model | string parser chain', async () => {
    const prompt = ChatPromptTemplate.fromMessages([['system', 'You answer about {topic}.'], ['human', '{question}']]);
    const out = await prompt.pipe(chat()).pipe(new StringOutputParser()).invoke({ topic: 'geography', question: 'Where is Paris?' });
    expect(out).toMatch(/^You said: Where is Paris\?/);
    expect(lastBody(emu).system).toBe('You answer about geography.');
  });

  it('batch runs each input', async () => {
    const out = await chat().batch(['First question', 'Second question']);
    expect(out.map((m) => String(m.content).split(' ').slice(0, 4).join(' '))).toEqual(['You said: First question', 'You said: Second question']);
  });

  it('Converse, per model', async () => {
    const r = await chat({ model: 'amazon.nova-lite-v1:0', api: 'converse' }).invoke('Hello there');
    expect(r.content).toMatch(/^You said: Hello there/);
    expect(lastPath(emu)).toMatch(/\/converse$/);
  });

  it('an image as a data: URL block reaches the body', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]).toString('base64');
    await chat().invoke([new HumanMessage({ content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } }] })]);
    const content = (lastBody(emu).messages as any[])[0].content;
    expect(content[1]).toEqual({ type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } });
  });

  it('an image by http URL is a ValidationError naming the block, before anything is sent', async () => {
    const before = emu.requests.length;
    const e = await chat()
      .invoke([new HumanMessage({ content: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] })])
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as Error).message).toMatch(/^messages\[0\]\.content\[0\]/);
    expect(emu.requests.length).toBe(before);
  });
});

describe('stream', () => {
  it('chunks concatenate to the invoke answer; the last carries usage', async () => {
    const m = chat();
    const whole = await m.invoke('Stream something');
    let acc: AIMessageChunk | undefined;
    let n = 0;
    for await (const c of await m.stream('Stream something')) {
      acc = acc ? acc.concat(c) : c;
      n++;
    }
    expect(n).toBeGreaterThan(3);
    expect(acc!.content).toBe(whole.content);
    expect(acc!.usage_metadata).toMatchObject(whole.usage_metadata!);
    expect(lastPath(emu)).toMatch(/invoke-with-response-stream$/);
  });

  it('a mid-stream exception throws the typed error after the chunks before it', async () => {
    emu.inject({ kind: 'exception', afterEvents: 6, exceptionType: 'throttlingException', message: 'slow down' });
    const seen: string[] = [];
    const e = await (async () => {
      for await (const c of await chat().stream('Stream something')) seen.push(String(c.content));
    })().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ThrottlingError);
    expect(seen.join('').length).toBeGreaterThan(0);
  });

  it('reasoning streams as thinking blocks with the signature', async () => {
    const m = chat({ model: SONNET4, reasoning: { budgetTokens: 1024 } });
    let acc: AIMessageChunk | undefined;
    for await (const c of await m.stream('Why is the sky blue?')) acc = acc ? acc.concat(c) : c;
    const blocks = acc!.content as any[];
    const thinking = blocks.filter((b) => b.type === 'thinking');
    expect(thinking.map((b) => b.thinking).join('')).toMatch(/^Let me think about this/);
    expect(thinking.some((b) => typeof b.signature === 'string' && b.signature.length > 0)).toBe(true);
  });
});

describe('tools', () => {
  it('bindTools: a tool call, the ToolMessage sent back, a final answer', async () => {
    const m = chat().bindTools([getWeather]);
    const messages: BaseMessage[] = [new HumanMessage('What is the weather in Paris?')];
    const first = await m.invoke(messages);
    expect(first.tool_calls).toEqual([expect.objectContaining({ name: 'get_weather', args: { city: 'Paris' }, type: 'tool_call' })]);
    expect(first.response_metadata.finish_reason).toBe('tool_calls');
    messages.push(first);
    for (const call of first.tool_calls!) messages.push(await getWeather.invoke(call));
    expect(messages[2]).toBeInstanceOf(ToolMessage);
    const second = await m.invoke(messages);
    expect(second.content).toMatch(/^The tool returned: 21 C and sunny in Paris/);
    const body = lastBody(emu);
    expect((body.tools as any[])[0]).toMatchObject({ name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } });
    expect((body.messages as any[]).map((x) => x.role)).toEqual(['user', 'assistant', 'user']);
    expect((body.messages as any[])[2].content[0]).toMatchObject({ type: 'tool_result', tool_use_id: first.tool_calls![0].id });
  });

  it('streamed tool calls arrive as tool_call_chunks that concatenate to the call', async () => {
    const m = chat().bindTools([getWeather]);
    let acc: AIMessageChunk | undefined;
    for await (const c of await m.stream('What is the weather in Rome?')) acc = acc ? acc.concat(c) : c;
    expect(acc!.tool_calls).toEqual([expect.objectContaining({ name: 'get_weather', args: { city: 'Rome' } })]);
  });

  it('tool_choice by name is forced on the wire', async () => {
    await chat().bindTools([getWeather], { tool_choice: 'get_weather' }).invoke('Hello');
    expect(lastBody(emu).tool_choice).toEqual({ type: 'tool', name: 'get_weather' });
  });
});

describe('withStructuredOutput', () => {
  const City = z.object({ city: z.string(), population: z.number() });

  it('zod: the forced tool, parsed by the schema', async () => {
    const out = await chat().withStructuredOutput(City).invoke('Describe Paris');
    expect(out).toEqual({ city: 'Paris', population: 42 });
    expect(lastBody(emu).tool_choice).toEqual({ type: 'tool', name: 'extract' });
  });

  it('a JSON schema with a name, includeRaw', async () => {
    const schema = { name: 'city_info', description: 'A city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };
    const out = await chat().withStructuredOutput(schema, { includeRaw: true }).invoke('Describe Paris');
    expect(out.parsed).toEqual({ city: 'Paris' });
    expect(out.raw).toBeInstanceOf(AIMessage);
    expect(lastBody(emu).tool_choice).toEqual({ type: 'tool', name: 'city_info' });
  });
});

describe('errors and retries', () => {
  it("retries are bedrock-wire's; LangChain's caller does not multiply them", async () => {
    emu.inject({ kind: 'status', status: 429, errorType: 'ThrottlingException' }, { times: 10 });
    const before = emu.requests.length;
    const e = await chat({ client: { region: emu.region, endpoint: emu.url, credentials: { ...emu.credentials }, maxAttempts: 2 } }).invoke('Hi').catch((x: unknown) => x);
    emu.clearFaults();
    expect(e).toBeInstanceOf(ThrottlingError);
    expect(emu.requests.length - before).toBe(2);
  });
});
