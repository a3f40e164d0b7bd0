// embed() against the emulator: every model, the right length and type, unit-length and
// deterministic vectors, batching over the per-call limit with bounded concurrency, and a
// ValidationError before anything is sent for input a model cannot take.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embed, toTypedArrays } from '../../src/embeddings/index.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { ValidationError } from '../../src/errors.js';
import { BedrockProvider } from '../../src/provider/index.js';
import { BedrockRuntime } from '../../src/runtime/index.js';

let emu: Emulator;
let rt: BedrockRuntime;
beforeAll(async () => {
  emu = await startEmulator({ seed: 3 });
  rt = new BedrockRuntime({ region: emu.region, endpoint: emu.url, credentials: emu.credentials, env: {}, retry: { baseDelayMs: 1, maxDelayMs: 2 } });
});
afterAll(async () => {
  await rt.close();
  await emu.close();
});

const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
const PNG_1PX = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('embed() through the emulator', () => {
  const models: Array<[string, number]> = [
    ['amazon.titan-embed-text-v1', 1536],
    ['amazon.titan-embed-text-v2:0', 1024],
    ['amazon.titan-embed-image-v1', 1024],
    ['cohere.embed-english-v3', 1024],
    ['cohere.embed-multilingual-v3', 1024],
    ['us.cohere.embed-v4:0', 1536],
    ['amazon.nova-2-multimodal-embeddings-v1:0', 3072],
  ];
  for (const [model, dims] of models) {
    it(`${model}: ${dims} dimensions by default, unit length, same input same vector`, async () => {
      const a = await embed(rt, { model, input: ['the cat sat', 'on the mat'] });
      expect(a.embeddings).toHaveLength(2);
      for (const v of a.embeddings) {
        expect(v).toHaveLength(dims);
        expect(norm(v)).toBeCloseTo(1, 9);
      }
      expect(a.embeddings[0]).not.toEqual(a.embeddings[1]);
      const b = await embed(rt, { model, input: 'on the mat' });
      expect(b.embeddings[0]).toEqual(a.embeddings[1]);
      expect(a.usage.inputTokens).toBeGreaterThan(0);
      expect(a.requestIds.every((id) => id.length > 0)).toBe(true);
    });
  }

  it('dimensions: each model gives the length asked for', async () => {
    for (const [model, dimensions] of [['amazon.titan-embed-text-v2:0', 256], ['cohere.embed-v4:0', 512], ['amazon.nova-2-multimodal-embeddings-v1:0', 384], ['amazon.titan-embed-image-v1', 384]] as const) {
      const r = await embed(rt, { model, input: 'x y z', dimensions });
      expect(r.embeddings[0], model).toHaveLength(dimensions);
    }
  });

  it('embeddingTypes: Cohere int8 / uint8 / binary / ubinary, Titan v2 binary', async () => {
    const r = await embed(rt, { model: 'cohere.embed-english-v3', input: ['a b', 'c d'], embeddingTypes: ['int8', 'float', 'ubinary', 'binary', 'uint8'] });
    expect(r.embeddings).toBe(r.embeddingsByType.int8);
    expect(r.embeddingsByType.int8![0]).toHaveLength(1024);
    expect(r.embeddingsByType.int8!.flat().every((x) => Number.isInteger(x) && x >= -128 && x <= 127)).toBe(true);
    expect(r.embeddingsByType.uint8!.flat().every((x) => Number.isInteger(x) && x >= 0 && x <= 255)).toBe(true);
    expect(r.embeddingsByType.ubinary![0]).toHaveLength(128);
    expect(r.embeddingsByType.binary![0]).toEqual(r.embeddingsByType.ubinary![0].map((x) => x - 128));
    expect(norm(r.embeddingsByType.float![1])).toBeCloseTo(1, 9);
    const t = await embed(rt, { model: 'amazon.titan-embed-text-v2:0', input: 'a', embeddingTypes: ['binary', 'float'], dimensions: 256 });
    expect(t.embeddings[0]).toHaveLength(256);
    expect(t.embeddings[0].every((x) => x === 0 || x === 1)).toBe(true);
    expect(t.embeddingsByType.float![0].map((x) => (x > 0 ? 1 : 0))).toEqual(t.embeddings[0]);
  });

  it('typed arrays: Float32Array / Int8Array / Uint8Array per type, same values', async () => {
    const r = await embed(rt, { model: 'cohere.embed-english-v3', input: ['a b'], embeddingTypes: ['float', 'int8', 'uint8', 'binary', 'ubinary'] });
    const t = toTypedArrays(r.embeddingsByType);
    expect(t.float![0]).toBeInstanceOf(Float32Array);
    expect(Array.from(t.float![0])).toEqual(r.embeddingsByType.float![0].map(Math.fround));
    expect(t.int8![0]).toBeInstanceOf(Int8Array);
    expect(Array.from(t.int8![0])).toEqual(r.embeddingsByType.int8![0]);
    expect(Array.from(t.binary![0])).toEqual(r.embeddingsByType.binary![0]);
    expect(t.uint8![0]).toBeInstanceOf(Uint8Array);
    expect(Array.from(t.ubinary![0])).toEqual(r.embeddingsByType.ubinary![0]);
  });

  it('images: Titan Multimodal (text + image in one vector), Cohere (one image a call), Nova', async () => {
    const image = { data: PNG_1PX, mediaType: 'image/png' as const };
    const tm = await embed(rt, { model: 'amazon.titan-embed-image-v1', input: [{ text: 'a red square', image }, { image }] });
    expect(tm.embeddings).toHaveLength(2);
    expect(tm.embeddings[0]).not.toEqual(tm.embeddings[1]);
    const from = emu.requests.length;
    const c = await embed(rt, { model: 'cohere.embed-v4:0', input: ['one', { image }, 'two'] });
    expect(c.embeddings).toHaveLength(3);
    const sent = emu.requests.slice(from).map((r) => JSON.parse(Buffer.from(r.body).toString()));
    expect(sent.map((b) => (b.images ? 'image' : b.texts.length)).sort()).toEqual([2, 'image']);
    const n = await embed(rt, { model: 'amazon.nova-2-multimodal-embeddings-v1:0', input: { image }, dimensions: 256 });
    expect(n.embeddings[0]).toHaveLength(256);
  });

  it('normalize on a model without the option scales here (Titan v1); Titan v2 sends it', async () => {
    const from = emu.requests.length;
    const v1 = await embed(rt, { model: 'amazon.titan-embed-text-v1', input: 'abc', normalize: true });
    expect(norm(v1.embeddings[0])).toBeCloseTo(1, 12);
    expect(JSON.parse(Buffer.from(emu.requests[from].body).toString())).toEqual({ inputText: 'abc' });
  });

  it('Cohere batches up to 96 texts a call; order is kept across calls', async () => {
    const texts = Array.from({ length: 200 }, (_, i) => `text number ${i}`);
    const from = emu.requests.length;
    const all = await embed(rt, { model: 'cohere.embed-english-v3', input: texts });
    const calls = emu.requests.slice(from).map((r) => JSON.parse(Buffer.from(r.body).toString()).texts.length);
    expect(calls.sort((a, b) => b - a)).toEqual([96, 96, 8]);
    const one = await embed(rt, { model: 'cohere.embed-english-v3', input: texts[150] });
    expect(all.embeddings[150]).toEqual(one.embeddings[0]);
  });

  it('Titan takes one text a call: N calls, at most `concurrency` in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const counting = (async (url: string | URL, init?: RequestInit) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      try {
        return await fetch(url, init);
      } finally {
        inFlight--;
      }
    }) as typeof fetch;
    const c = new BedrockRuntime({ region: emu.region, endpoint: emu.url, credentials: emu.credentials, env: {}, fetch: counting });
    const from = emu.requests.length;
    const r = await embed(c, { model: 'amazon.titan-embed-text-v2:0', input: Array.from({ length: 9 }, (_, i) => `t${i}`) }, { concurrency: 2 });
    await c.close();
    expect(r.embeddings).toHaveLength(9);
    expect(emu.requests.length - from).toBe(9);
    expect(peak).toBeLessThanOrEqual(2);
    expect(peak).toBeGreaterThanOrEqual(1);
  });

  it('from a BedrockProvider or from runtime options: no second config', async () => {
    const provider = new BedrockProvider({ region: emu.region, endpoint: emu.url, credentials: emu.credentials }, { env: {} });
    const a = await embed(provider, { model: 'amazon.titan-embed-text-v2:0', input: 'same' });
    const b = await embed({ region: emu.region, endpoint: emu.url, credentials: emu.credentials, env: {} }, { model: 'amazon.titan-embed-text-v2:0', input: 'same' });
    expect(a.embeddings).toEqual(b.embeddings);
    await provider.close();
  });

  it('a service error is the typed error, after retries (throttled twice, then answered)', async () => {
    emu.inject({ kind: 'status', status: 429, errorType: 'ThrottlingException' }, { times: 2, modelId: 'amazon.titan-embed-text-v1' });
    const r = await embed(rt, { model: 'amazon.titan-embed-text-v1', input: 'retry me' });
    expect(r.embeddings[0]).toHaveLength(1536);
    emu.inject({ kind: 'status', status: 400, errorType: 'ValidationException', message: 'Too many input tokens' }, { modelId: 'amazon.titan-embed-text-v1' });
    await expect(embed(rt, { model: 'amazon.titan-embed-text-v1', input: 'x' })).rejects.toMatchObject({ name: 'ValidationError', serviceMessage: 'Too many input tokens', httpStatus: 400 });
  });
});

describe('input a model cannot take: ValidationError naming the field, nothing sent', () => {
  const image = { data: PNG_1PX, mediaType: 'image/png' as const };
  const cases: Array<[string, Parameters<typeof embed>[1], RegExp]> = [
    ['image to a text model', { model: 'amazon.titan-embed-text-v2:0', input: { image } }, /input\[0\]\.image/],
    ['a length the model does not offer', { model: 'amazon.titan-embed-text-v2:0', input: 'a', dimensions: 300 }, /dimensions: .*256, 512, 1024/],
    ['a fixed-length model', { model: 'cohere.embed-english-v3', input: 'a', dimensions: 512 }, /dimensions: .*fixed length of 1024/],
    ['an empty text', { model: 'cohere.embed-v4:0', input: ['a', ''] }, /input\[1\]/],
    ['no input', { model: 'cohere.embed-v4:0', input: [] }, /^input:/],
    ['an unknown model', { model: 'amazon.titan-text-express-v1', input: 'a' }, /^model: .*not an embedding model/],
    ['a type the model does not answer', { model: 'amazon.titan-embed-text-v2:0', input: 'a', embeddingTypes: ['int8'] }, /embeddingTypes/],
    ['truncate on Titan', { model: 'amazon.titan-embed-text-v1', input: 'a', truncate: 'END' }, /truncate/],
    ['text and image in one Cohere vector', { model: 'cohere.embed-v4:0', input: { text: 'a', image } }, /not both/],
    ['a bad media type', { model: 'amazon.nova-2-multimodal-embeddings-v1:0', input: { image: { data: 'AA==', mediaType: 'image/tiff' as never } } }, /mediaType/],
  ];
  for (const [name, request, message] of cases) {
    it(name, async () => {
      const from = emu.requests.length;
      const err = await embed(rt, request).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as Error).message).toMatch(message);
      expect(emu.requests.length).toBe(from);
    });
  }

  it('more inputs than maxInputs', async () => {
    await expect(embed(rt, { model: 'cohere.embed-v4:0', input: ['a', 'b', 'c'] }, { maxInputs: 2 })).rejects.toThrow(/maxInputs \(2\)/);
  });
});
