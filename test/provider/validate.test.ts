import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { BedrockProvider, BedrockRuntime, ValidationError, type LLMRequest } from '../../src/index.js';

let emu: Emulator;
let provider: BedrockProvider;
let runtime: BedrockRuntime;
beforeAll(async () => {
  emu = await startEmulator();
  provider = new BedrockProvider({ region: emu.region, endpoint: emu.url, credentials: emu.credentials }, { env: {} });
  runtime = new BedrockRuntime({ region: emu.region, endpoint: emu.url, credentials: emu.credentials, env: {} });
});
afterAll(async () => {
  await provider.close();
  await runtime.close();
  await emu.close();
});

const model = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const ok = { model, messages: [{ role: 'user', content: 'hi' }] };

// Each bad request: the field the error must name. Nothing may reach the emulator.
const bad: [string, Record<string, unknown>, RegExp][] = [
  ['no messages', { ...ok, messages: [] }, /request\.messages: at least one message/],
  ['messages not an array', { ...ok, messages: 'hi' }, /request\.messages: expected an array of messages, got "hi"/],
  ['unknown role', { ...ok, messages: [{ role: 'robot', content: 'hi' }] }, /request\.messages\[0\]\.role: expected 'system', 'user', 'assistant' or 'tool', got "robot"/],
  ['content a number', { ...ok, messages: [{ role: 'user', content: 5 }] }, /request\.messages\[0\]\.content: expected a string or an array/],
  ['unknown part type', { ...ok, messages: [{ role: 'user', content: [{ type: 'sticker' }] }] }, /request\.messages\[0\]\.content\[0\]\.type/],
  ['image without data', { ...ok, messages: [{ role: 'user', content: [{ type: 'image', mediaType: 'image/png' }] }] }, /content\[0\]\.data: expected base64 text, a Uint8Array or \{ uri \} \(S3\)/],
  ['tool call without arguments', { ...ok, messages: [{ role: 'assistant', content: [{ type: 'tool-call', id: 'a', name: 'f' }] }] }, /content\[0\]\.arguments: expected an object/],
  ['temperature a string', { ...ok, temperature: 'hot' }, /request\.temperature: expected a number from 0 to 2, got "hot"/],
  ['negative maxTokens', { ...ok, maxTokens: -5 }, /request\.maxTokens: expected an integer from 1 up/],
  ['fractional topK', { ...ok, topK: 2.5 }, /request\.topK: expected an integer/],
  ['topP above 1', { ...ok, topP: 1.5 }, /request\.topP: expected a number from 0 to 1/],
  ['stop sequences not strings', { ...ok, stopSequences: [1] }, /request\.stopSequences: expected an array of strings/],
  ['tool without schema', { ...ok, tools: [{ name: 'f' }] }, /request\.tools\[0\]\.inputSchema: expected a JSON schema object/],
  ['bad tool choice', { ...ok, tools: [{ name: 'f', inputSchema: {} }], toolChoice: 'always' }, /request\.toolChoice/],
  ['reasoning effort unknown', { ...ok, reasoning: { effort: 'max' } }, /request\.reasoning\.effort: expected 'low', 'medium' or 'high'/],
  ['unknown family', { ...ok, family: 'acme' }, /request\.family: expected one of anthropic/],
  ['model a number', { ...ok, model: 7 }, /request\.model: expected a string, got number/],
];

describe('bad requests: a ValidationError naming the field, before anything is sent', () => {
  it.each(bad)('%s', async (_name, request, message) => {
    const before = emu.requests.length;
    await expect(provider.generate(request as unknown as LLMRequest)).rejects.toThrow(message);
    await expect(provider.generate(request as unknown as LLMRequest)).rejects.toBeInstanceOf(ValidationError);
    const stream = provider.generateStream(request as unknown as LLMRequest);
    await expect(stream.next()).rejects.toThrow(message);
    expect(emu.requests.length).toBe(before);
  });

  it('a request that is not an object', async () => {
    await expect(provider.generate(undefined as unknown as LLMRequest)).rejects.toThrow(/request: expected an object, got undefined/);
  });

  it('the wire client: an empty model id or a body that is not bytes, text or an object', async () => {
    const before = emu.requests.length;
    await expect(runtime.invokeModel({ modelId: '', body: {} })).rejects.toThrow(/modelId: expected a model id.*an empty string/);
    await expect(runtime.invokeModel({ modelId: model, body: 42 as unknown as object })).rejects.toThrow(/body: expected bytes, a string or an object.*number/);
    await expect(runtime.converse({ modelId: undefined as unknown as string })).rejects.toBeInstanceOf(ValidationError);
    expect(emu.requests.length).toBe(before);
  });
});
