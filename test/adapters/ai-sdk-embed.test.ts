// The AI SDK's embed / embedMany over bedrock-wire/ai-sdk's embedding model (bedrock-wire/embeddings
// underneath), against the emulator; the same vectors as embed() called directly and as
// @ai-sdk/amazon-bedrock's embedding model.
import { createAmazonBedrock } from '@ai-sdk/amazon-bedrock';
import { APICallError } from '@ai-sdk/provider';
import { embed, embedMany } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBedrockWire } from '../../src/adapters/ai-sdk/index.js';
import type { BedrockWireProvider } from '../../src/adapters/ai-sdk/index.js';
import { embed as bwEmbed } from '../../src/embeddings/index.js';
import type { Emulator } from '../../src/emulator/index.js';
import { ThrottlingError, ValidationError } from '../../src/errors.js';
import { startTestEmulator } from '../provider/harness.js';

const TITAN = 'amazon.titan-embed-text-v2:0';
const COHERE = 'cohere.embed-english-v3';
let emu: Emulator;
let bedrock: BedrockWireProvider;

beforeAll(async () => {
  emu = await startTestEmulator();
  bedrock = createBedrockWire({ region: emu.region, endpoint: emu.url, credentials: { ...emu.credentials }, clientOptions: { env: {} } });
});
afterAll(async () => {
  await bedrock.close();
  await emu.close();
});

describe('embeddings through the AI SDK', () => {
  it('embed: one vector, usage, the same as bedrock-wire/embeddings', async () => {
    const r = await embed({ model: bedrock.embeddingModel(TITAN), value: 'the cat sat on the mat' });
    expect(r.embedding).toHaveLength(1024);
    expect(r.usage.tokens).toBeGreaterThan(0);
    const direct = await bwEmbed(bedrock.bedrock, { model: TITAN, input: 'the cat sat on the mat' });
    expect(r.embedding).toEqual(direct.embeddings[0]);
  });

  it('embedMany over Cohere: input order kept across the model per-call batches, provider options passed', async () => {
    const values = Array.from({ length: 130 }, (_, i) => `sentence number ${i}`); // Cohere takes 96 a call
    const before = emu.requests.length;
    const r = await embedMany({ model: bedrock.textEmbeddingModel(COHERE), values, providerOptions: { bedrock: { inputType: 'search_query' } } });
    expect(r.embeddings).toHaveLength(130);
    expect(emu.requests.length - before).toBe(2);
    const body = JSON.parse(new TextDecoder().decode(emu.requests.at(-1)!.body));
    expect(body.input_type).toBe('search_query');
    const one = await embed({ model: bedrock.embeddingModel(COHERE), value: values[117], providerOptions: { bedrock: { inputType: 'search_query' } } });
    expect(r.embeddings[117]).toEqual(one.embedding);
  });

  it('dimensions through providerOptions', async () => {
    const r = await embed({ model: bedrock.embeddingModel(TITAN), value: 'x', providerOptions: { bedrock: { dimensions: 256 } } });
    expect(r.embedding).toHaveLength(256);
  });

  it('the same vector as @ai-sdk/amazon-bedrock against the same emulator', async () => {
    const peer = createAmazonBedrock({ region: emu.region, baseURL: emu.url, accessKeyId: emu.credentials.accessKeyId, secretAccessKey: emu.credentials.secretAccessKey });
    const a = await embed({ model: peer.embedding(TITAN), value: 'the same input' });
    const b = await embed({ model: bedrock.embeddingModel(TITAN), value: 'the same input' });
    expect(b.embedding).toEqual(a.embedding);
    expect(b.usage.tokens).toBe(a.usage.tokens);
  });

  it('errors: a throttle is a retryable APICallError with the typed error as cause; bad input a ValidationError', async () => {
    emu.inject({ kind: 'status', status: 429, errorType: 'ThrottlingException' }, { times: 10 });
    const e = await embed({ model: bedrock.embeddingModel(TITAN), value: 'x', maxRetries: 0 }).catch((x: unknown) => x);
    emu.clearFaults();
    expect(APICallError.isInstance(e)).toBe(true);
    expect((e as APICallError).isRetryable).toBe(true);
    expect((e as APICallError).cause).toBeInstanceOf(ThrottlingError);
    const v = await embed({ model: bedrock.embeddingModel(TITAN), value: 'x', maxRetries: 0, providerOptions: { bedrock: { dimensions: 300 } } }).catch((x: unknown) => x);
    expect(v).toBeInstanceOf(ValidationError);
  });
});
