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

describe('README examples: images, rerank, guardrails, async invoke', () => {
  it('as written', async () => {
    const { generateImage, ContentFilteredError } = await import('../src/images/index.js');
    const { rerank } = await import('../src/rerank/index.js');
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const { images } = await generateImage(bedrock, { model: 'amazon.nova-canvas-v1:0', prompt: 'a lighthouse at dusk', size: '1024x1024', count: 2, seed: 7 });
    expect(images).toHaveLength(2);
    await generateImage(bedrock, { model: 'amazon.titan-image-generator-v2:0', task: 'inpaint', image: png, mask: { prompt: 'the sky' }, prompt: 'a starry sky', size: '320x320' });
    await expect(generateImage(bedrock, { model: 'amazon.nova-canvas-v1:0', prompt: 'forbidden' })).rejects.toBeInstanceOf(ContentFilteredError);
    const { results } = await rerank(bedrock, { model: 'cohere.rerank-v3-5:0', query: 'capital of France?', documents: ['Paris is the capital of France.', 'Bananas are yellow.'], topN: 1 });
    expect(results).toEqual([{ index: 0, score: expect.any(Number) }]);
    const rt = bedrock.runtime;
    const verdict = await rt.applyGuardrail({ guardrailIdentifier: 'gr-id', guardrailVersion: 'DRAFT', source: 'INPUT', content: 'text to check' });
    expect(verdict.action).toBe('NONE');
    const modelInput = { taskType: 'TEXT_VIDEO', textToVideoParams: { text: 'waves' } };
    const { invocationArn } = await rt.startAsyncInvoke({ modelId: 'amazon.nova-reel-v1:1', modelInput, outputDataConfig: { s3OutputDataConfig: { s3Uri: 's3://bucket/out/' } } });
    const job = await rt.getAsyncInvoke(invocationArn);
    expect(job.status).toBe('InProgress');
    const done: string[] = [];
    for await (const j of rt.listAllAsyncInvokes({ status: 'Completed' })) done.push(j.invocationArn);
    expect(done).toEqual([invocationArn]);
  });
});
