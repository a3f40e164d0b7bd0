// The README's examples for embeddings, images, rerank, guardrails and async invoke, run against
// the emulator (test/readme.test.ts does the others).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embed } from '../src/embeddings/index.js';
import { startEmulator, type Emulator } from '../src/emulator/index.js';
import { BedrockProvider } from '../src/index.js';

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

describe('README examples: model kinds', () => {
  it('embeddings', async () => {
    const { embeddings, usage } = await embed(bedrock, { model: 'amazon.titan-embed-text-v2:0', input: ['first text', 'second text'], dimensions: 256 });
    expect(embeddings.map((v) => v.length)).toEqual([256, 256]);
    expect(usage.inputTokens).toBeGreaterThan(0);
  });
});
