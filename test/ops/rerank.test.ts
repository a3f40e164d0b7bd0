// rerank(): the recorded Cohere InvokeModel call (request equal, response decoded exactly), the
// agent-runtime /rerank request equal to the official @aws-sdk/client-bedrock-agent-runtime's
// (same path, body and Authorization with a fixed clock), and both through the emulator.
import { Readable } from 'node:stream';
import { BedrockAgentRuntimeClient, RerankCommand } from '@aws-sdk/client-bedrock-agent-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSigner, resolveAuth } from '../../src/aws/index.js';
import type { Emulator } from '../../src/emulator/index.js';
import { ValidationError } from '../../src/errors.js';
import { agentRuntimeEndpoint, rerank } from '../../src/rerank/index.js';
import { BedrockRuntime } from '../../src/runtime/index.js';
import { recording, replayFetch } from '../embeddings/recorded.js';
import { sdkConfig, setup } from './harness.js';

let emu: Emulator;
let rt: BedrockRuntime;
beforeAll(async () => ({ emu, rt } = await setup()));
afterAll(async () => {
  await rt.close();
  await emu.close();
});

const DOCS = ['Paris is the capital of France.', 'Bananas are yellow.', 'The capital of Spain is Madrid.', 'France borders Spain.'];

describe('Cohere Rerank through InvokeModel: the recording', () => {
  it('our request equals the recorded one; the answer decodes to its numbers exactly', async () => {
    const rec = recording('cohere-rerank/ddpy__cohere_rerank_invoke__0__2ff064.json');
    const recorded = JSON.parse(rec.request.body_text);
    const { fetchFn, sent } = replayFetch(rec);
    const client = new BedrockRuntime({ region: 'us-east-1', env: {}, apiKey: 'k', fetch: fetchFn });
    const r = await rerank(client, { model: 'cohere.rerank-v3-5:0', query: recorded.query, documents: recorded.documents, topN: 3 });
    expect(new URL(sent[0].url).pathname).toBe(new URL(rec.request.uri).pathname);
    expect(JSON.parse(sent[0].body)).toEqual(recorded);
    expect(r.results).toEqual([
      { index: 2, score: Number('0.8742601') },
      { index: 0, score: Number('0.1728413') },
      { index: 4, score: Number('0.10793502') },
    ]);
    expect(r.requestId).toBe('de4d85e7-fe35-4809-bda9-7675d0eb091f');
  });
});

describe('bedrock-agent-runtime /rerank: the official client as oracle', () => {
  it('same host, path, JSON body and Authorization (fixed clock)', async () => {
    const creds = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
    const captured: any[] = [];
    const client = new BedrockAgentRuntimeClient({
      region: 'eu-central-1',
      credentials: creds,
      maxAttempts: 1,
      requestHandler: { handle: async (req: unknown) => (captured.push(req), { response: { statusCode: 200, headers: {}, body: Readable.from([Buffer.from('{"results":[]}')]) } }) } as never,
    });
    await client.send(
      new RerankCommand({
        queries: [{ type: 'TEXT', textQuery: { text: 'capital of France' } }],
        sources: [
          ...DOCS.slice(0, 2).map((text) => ({ type: 'INLINE' as const, inlineDocumentSource: { type: 'TEXT' as const, textDocument: { text } } })),
          { type: 'INLINE' as const, inlineDocumentSource: { type: 'JSON' as const, jsonDocument: { title: 'x' } } },
        ],
        rerankingConfiguration: { type: 'BEDROCK_RERANKING_MODEL', bedrockRerankingConfiguration: { numberOfResults: 2, modelConfiguration: { modelArn: 'arn:aws:bedrock:eu-central-1::foundation-model/amazon.rerank-v1:0' } } },
      }),
    );
    client.destroy();
    const theirs = captured[0];
    const sent: Array<{ url: string; body: string }> = [];
    const fetchFn = (async (url: string | URL, init: RequestInit) => {
      sent.push({ url: String(url), body: new TextDecoder().decode(init.body as Uint8Array) });
      return new Response('{"results":[{"index":1,"relevanceScore":0.5},{"index":0,"relevanceScore":0.25}]}', { status: 200 });
    }) as typeof fetch;
    const ours = new BedrockRuntime({ region: 'eu-central-1', credentials: creds, env: {}, fetch: fetchFn });
    const r = await rerank(ours, { model: 'amazon.rerank-v1:0', query: 'capital of France', documents: [...DOCS.slice(0, 2), { title: 'x' }], topN: 2 });
    expect(r.results).toEqual([{ index: 1, score: 0.5 }, { index: 0, score: 0.25 }]);
    const url = new URL(sent[0].url);
    expect(url.hostname).toBe(theirs.hostname);
    expect(url.hostname).toBe('bedrock-agent-runtime.eu-central-1.amazonaws.com');
    expect(url.pathname).toBe(theirs.path);
    expect(JSON.parse(sent[0].body)).toEqual(JSON.parse(theirs.body));
    const h = (n: string) => theirs.headers[Object.keys(theirs.headers).find((k: string) => k.toLowerCase() === n)!];
    const names = /SignedHeaders=([^,]+)/.exec(h('authorization'))![1].split(';').filter((n) => !['host', 'x-amz-date'].includes(n));
    const signer = createSigner(resolveAuth({ credentials: creds, env: {} }), { region: 'eu-central-1' });
    const date = new Date(h('x-amz-date').replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));
    const signed = await signer.sign({ method: 'POST', url, headers: Object.fromEntries(names.map((n) => [n, h(n)])), body: theirs.body }, { signingDate: date });
    expect(signed.authorization).toBe(h('authorization'));
  });

  it('the agent endpoint: regional host derived, a custom endpoint kept, an override honoured', () => {
    expect(agentRuntimeEndpoint(new BedrockRuntime({ region: 'cn-north-1', apiKey: 'k', env: {} })).host).toBe('bedrock-agent-runtime.cn-north-1.amazonaws.com.cn');
    expect(agentRuntimeEndpoint(rt).origin).toBe(emu.url);
    expect(agentRuntimeEndpoint(rt, 'https://vpce-1.bedrock-agent-runtime.example').host).toBe('vpce-1.bedrock-agent-runtime.example');
  });
});

describe('rerank() through the emulator', () => {
  for (const [model, api] of [['cohere.rerank-v3-5:0', undefined], ['cohere.rerank-v3-5:0', 'agent'], ['amazon.rerank-v1:0', undefined]] as const) {
    it(`${model} (${api ?? 'default'} API): the relevant documents first, topN kept, deterministic`, async () => {
      const from = emu.requests.length;
      const r = await rerank(rt, { model, api, query: 'What is the capital of France?', documents: DOCS, topN: 3 }, { returnDocuments: true });
      expect(emu.requests[from].operation).toBe(model.startsWith('amazon') || api === 'agent' ? 'rerank' : 'invoke');
      expect(r.results).toHaveLength(3);
      expect(r.results[0].index).toBe(0);
      expect(r.results[0].document).toBe(DOCS[0]);
      for (let i = 1; i < r.results.length; i++) expect(r.results[i - 1].score).toBeGreaterThanOrEqual(r.results[i].score);
      expect(r.results.every((x) => x.score > 0 && x.score < 1)).toBe(true);
      const again = await rerank(rt, { model, api, query: 'What is the capital of France?', documents: DOCS, topN: 3 });
      expect(again.results.map((x) => x.score)).toEqual(r.results.map((x) => x.score));
    });
  }

  it('the official agent-runtime client reads the emulator answer', async () => {
    const client = new BedrockAgentRuntimeClient(sdkConfig(emu));
    const res = await client.send(
      new RerankCommand({
        queries: [{ type: 'TEXT', textQuery: { text: 'capital of France' } }],
        sources: DOCS.map((text) => ({ type: 'INLINE' as const, inlineDocumentSource: { type: 'TEXT' as const, textDocument: { text } } })),
        rerankingConfiguration: { type: 'BEDROCK_RERANKING_MODEL', bedrockRerankingConfiguration: { numberOfResults: 2, modelConfiguration: { modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.rerank-v1:0' } } },
      }),
    );
    client.destroy();
    const ours = await rerank(rt, { model: 'amazon.rerank-v1:0', query: 'capital of France', documents: DOCS, topN: 2 });
    expect(res.results?.map((x) => [x.index, x.relevanceScore])).toEqual(ours.results.map((x) => [x.index, x.score]));
  });

  it('bad input: ValidationError naming the field, nothing sent', async () => {
    const from = emu.requests.length;
    for (const [req, msg] of [
      [{ model: 'cohere.rerank-v3-5:0', query: '', documents: DOCS }, /query/],
      [{ model: 'cohere.rerank-v3-5:0', query: 'q', documents: [] }, /documents/],
      [{ model: 'cohere.rerank-v3-5:0', query: 'q', documents: DOCS, topN: 9 }, /topN/],
      [{ model: 'cohere.rerank-v3-5:0', query: 'q', documents: [1 as never] }, /documents\[0\]/],
      [{ model: 'amazon.rerank-v1:0', api: 'invoke' as const, query: 'q', documents: DOCS }, /api/],
    ] as const) {
      const err = await rerank(rt, req as never).catch((e) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect(err.message).toMatch(msg);
    }
    expect(emu.requests.length).toBe(from);
  });
});
