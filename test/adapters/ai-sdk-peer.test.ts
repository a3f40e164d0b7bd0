// The same AI SDK tool-loop program on both providers, against one emulator: ours
// (bedrock-wire/ai-sdk) and the AI SDK's own @ai-sdk/amazon-bedrock (SigV4-signed by its own code,
// pointed at the emulator with baseURL). Equal programs, equal results: text, steps, tool calls,
// tool results, finish reasons, usage.
import { createAmazonBedrock } from '@ai-sdk/amazon-bedrock';
import { generateText, stepCountIs, streamText, tool, type LanguageModel } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createBedrockWire } from '../../src/adapters/ai-sdk/index.js';
import type { BedrockWireProvider } from '../../src/adapters/ai-sdk/index.js';
import type { Emulator } from '../../src/emulator/index.js';
import { startTestEmulator } from '../provider/harness.js';

const MODEL = 'anthropic.claude-3-5-haiku-20241022-v1:0';
let emu: Emulator;
let ours: BedrockWireProvider;
let oursInvoke: BedrockWireProvider;
let peer: ReturnType<typeof createAmazonBedrock>;

beforeAll(async () => {
  emu = await startTestEmulator();
  const base = { region: emu.region, endpoint: emu.url, credentials: { ...emu.credentials }, clientOptions: { env: {} } };
  ours = createBedrockWire({ ...base, api: 'converse' });
  oursInvoke = createBedrockWire(base);
  peer = createAmazonBedrock({ region: emu.region, baseURL: emu.url, accessKeyId: emu.credentials.accessKeyId, secretAccessKey: emu.credentials.secretAccessKey });
});
afterAll(async () => {
  await ours.close();
  await oursInvoke.close();
  await emu.close();
});

const tools = {
  getWeather: tool({ description: 'Weather by city', inputSchema: z.object({ city: z.string() }), execute: async ({ city }) => `21 C and sunny in ${city}` }),
  convert: tool({ description: 'Convert units', inputSchema: z.object({ value: z.number(), unit: z.enum(['C', 'F']) }), execute: async ({ value }) => value * 2 }),
};

/** The program: a multi-step tool loop; what it returns is everything a caller would look at. */
async function program(model: LanguageModel, prompt: string) {
  const r = await generateText({ model, tools, stopWhen: stepCountIs(4), prompt, maxOutputTokens: 300 });
  return summary(r.text, r.steps, r.finishReason, r.totalUsage);
}

async function streamedProgram(model: LanguageModel, prompt: string) {
  const s = streamText({ model, tools, stopWhen: stepCountIs(4), prompt, maxOutputTokens: 300 });
  let deltas = '';
  for await (const t of s.textStream) deltas += t;
  const out = summary(await s.text, await s.steps, await s.finishReason, await s.totalUsage);
  return { ...out, deltas };
}

function summary(text: string, steps: any[], finishReason: string, usage: any) {
  return {
    text,
    finishReason,
    usage: { input: usage.inputTokens, output: usage.outputTokens, total: usage.totalTokens },
    steps: steps.map((s) => ({
      finishReason: s.finishReason,
      text: s.text,
      toolCalls: s.toolCalls.map((c: any) => ({ toolName: c.toolName, input: c.input })),
      toolResults: s.toolResults.map((t: any) => ({ toolName: t.toolName, output: t.output })),
    })),
  };
}

describe('one tool-loop program, two providers, one emulator', () => {
  it.each(['What is the weather in Paris?', 'Please convert 21 degrees', 'Say hello'])('generateText: %s', async (prompt) => {
    const a = await program(peer(MODEL), prompt);
    const b = await program(ours(MODEL), prompt);
    expect(b).toEqual(a);
    if (prompt !== 'Say hello') {
      expect(a.steps.length).toBe(2);
      expect(a.steps[0].toolCalls).toHaveLength(1);
    }
  });

  it('streamText: the same deltas, steps and usage', async () => {
    const a = await streamedProgram(peer(MODEL), 'What is the weather in Tokyo?');
    const b = await streamedProgram(ours(MODEL), 'What is the weather in Tokyo?');
    expect(b).toEqual(a);
    expect(a.steps[0].toolCalls).toEqual([{ toolName: 'getWeather', input: { city: 'Tokyo' } }]);
    expect(a.deltas).toBe(a.steps.map((s) => s.text).join('')); // every step's text, streamed
  });

  it('ours through InvokeModel (the Anthropic body) makes the same tool calls and results', async () => {
    const a = await program(peer(MODEL), 'What is the weather in Paris?');
    const b = await program(oursInvoke(MODEL), 'What is the weather in Paris?');
    expect(b.steps.map((s) => [s.finishReason, s.toolCalls, s.toolResults])).toEqual(a.steps.map((s) => [s.finishReason, s.toolCalls, s.toolResults]));
    expect(b.finishReason).toBe(a.finishReason);
  });
});
