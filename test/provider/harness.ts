// Shared set-up for the provider tests: one emulator per file, providers pointed at it with short
// timeouts and near-zero backoff, and a collector for streams.
import type { LLMRequest, LLMResponse, ModelFamily, StreamChunk } from '../../src/codecs/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import type { Emulator } from '../../src/emulator/index.js';
import { BedrockProvider } from '../../src/provider/index.js';
import type { BedrockProviderOptions } from '../../src/provider/index.js';

export function startTestEmulator(): Promise<Emulator> {
  return startEmulator({ seed: 11, outputWords: 30 });
}

export function makeProvider(emu: Emulator, config: Record<string, unknown> = {}, options: BedrockProviderOptions = {}): BedrockProvider {
  return new BedrockProvider(
    {
      region: emu.region,
      endpoint: emu.url,
      credentials: { accessKeyId: emu.credentials.accessKeyId, secretAccessKey: emu.credentials.secretAccessKey },
      timeouts: { idleMs: 2_000, firstByteMs: 5_000, connectMs: 2_000 },
      ...config,
    },
    { env: {}, retry: { baseDelayMs: 1, maxDelayMs: 5 }, ...options },
  );
}

/** One model per family (two for Mistral: the prompt models and Large's chat shape). */
export const FAMILY_MODELS: Array<[ModelFamily, string]> = [
  ['anthropic', 'anthropic.claude-3-5-haiku-20241022-v1:0'],
  ['titan', 'amazon.titan-text-express-v1'],
  ['nova', 'amazon.nova-lite-v1:0'],
  ['llama', 'meta.llama3-1-8b-instruct-v1:0'],
  ['cohere', 'cohere.command-r-plus-v1:0'],
  ['jamba', 'ai21.jamba-1-5-large-v1:0'],
  ['mistral', 'mistral.mistral-7b-instruct-v0:2'],
  ['mistral', 'mistral.mistral-large-2407-v1:0'],
  ['deepseek', 'deepseek.r1-v1:0'],
  ['gpt-oss', 'openai.gpt-oss-120b-1:0'],
];

export function ask(model: string, extra: Partial<LLMRequest> = {}): LLMRequest {
  return { id: 'req-1', model, messages: [{ role: 'user', content: 'What is the capital of France?' }], maxTokens: 200, ...extra };
}

export interface Collected {
  chunks: StreamChunk[];
  text: string;
  finish?: LLMResponse;
  error?: unknown;
}

/** Drains a stream, keeping every chunk and the error it ended with (if any). */
export async function collect(stream: AsyncIterable<StreamChunk>): Promise<Collected> {
  const out: Collected = { chunks: [], text: '' };
  try {
    for await (const c of stream) {
      out.chunks.push(c);
      if (c.type === 'text') out.text += c.text;
      if (c.type === 'finish') out.finish = c.response;
    }
  } catch (e) {
    out.error = e;
  }
  return out;
}

/** The JSON body of the emulator's last request. */
export function lastBody(emu: Emulator): Record<string, unknown> {
  const r = emu.requests[emu.requests.length - 1];
  return JSON.parse(new TextDecoder().decode(r.body)) as Record<string, unknown>;
}

export function lastPath(emu: Emulator): string {
  return emu.requests[emu.requests.length - 1].path;
}
