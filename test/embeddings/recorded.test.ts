// Every recorded embedding interaction: the request our encoder sends for the equivalent call
// equals the recorded one (path, JSON body, content-type/accept), and the recorded response
// decodes to exactly the numbers written in it (Java-style exponents included).
import { describe, expect, it } from 'vitest';
import { embed, type EmbedRequest } from '../../src/embeddings/index.js';
import { BedrockRuntime } from '../../src/runtime/index.js';
import { literalArrays, recording, replayFetch } from './recorded.js';

const T1 = 'amazon.titan-embed-text-v1';
const T2 = 'amazon.titan-embed-text-v2:0';
const C3 = 'cohere.embed-english-v3';
const C4 = 'cohere.embed-v4:0';
const NOVA = 'amazon.nova-2-multimodal-embeddings-v1:0';
const q = { inputType: 'search_query' } as const;

/** file → the embed() call that is equivalent to what the recorder's library sent. */
const CASES: Array<[string, EmbedRequest]> = [
  ['titan-embed/ddpy__amazon_embedding__0__349b77.json', { model: T1, input: 'Hello World!' }],
  ['titan-embed/pyai__TestBedrock__0__4fda5f.json', { model: T1, input: 'Hello, world!' }],
  ['titan-embed/pyai__TestBedrock__0__22644c.json', { model: T2, input: 'Hello, world!', normalize: true }],
  ['titan-embed/pyai__TestBedrock__0__2c4a6c.json', { model: T2, input: 'Hello, world!', dimensions: 256, normalize: true }],
  ['titan-embed/pyai__TestBedrock__0__4bcbc3.json', { model: T2, input: 'hello', normalize: true }],
  ['titan-embed/pyai__TestBedrock__0__705e8c.json', { model: T2, input: 'Test embedding dimensions', dimensions: 256, normalize: true }],
  ['titan-embed/pyai__TestBedrock__0__91eef6.json', { model: T2, input: 'Test explicit normalization', normalize: true }],
  ['titan-embed/pyai__TestBedrock__0__c3a8db.json', { model: T2, input: 'Test normalization disabled', normalize: false }],
  ['titan-embed/pyai__TestBedrock__1__9c9637.json', { model: T2, input: 'world', normalize: true }],
  [
    'other/pyai__TestBedrock__0__c9f46d.json',
    { model: 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/otnfa2ysixqd', format: 'titan-text-v2', input: 'Hello, world!', normalize: true },
  ],
  ['cohere-embed/ddpy__cohere_embedding__0__7edf3d.json', { model: C3, input: ['Hello World!', 'Goodbye cruel world!'] }],
  ['cohere-embed/pyai__TestBedrock__0__266c7c.json', { model: C3, input: 'Test truncation setting', ...q, truncate: 'END' }],
  ['cohere-embed/pyai__TestBedrock__0__60af05.json', { model: C3, input: 'Hello, world!', ...q, truncate: 'NONE' }],
  ['cohere-embed/pyai__TestBedrock__0__e1f48b.json', { model: C3, input: 'Test input type setting', inputType: 'classification', truncate: 'NONE' }],
  ['cohere-embed/pyai__TestBedrock__0__7c8e20.json', { model: 'cohere.embed-multilingual-v3', input: 'Test base truncate setting', ...q, truncate: 'END' }],
  ['cohere-embed/pyai__TestBedrock__0__15633b.json', { model: C4, input: 'Test max tokens setting', ...q, truncate: 'NONE', extra: { max_tokens: 256 } }],
  ['cohere-embed/pyai__TestBedrock__0__248729.json', { model: 'us.cohere.embed-v4:0', input: 'Hello from regional endpoint!', ...q, truncate: 'NONE' }],
  ['cohere-embed/pyai__TestBedrock__0__309a76.json', { model: C4, input: 'Hello, world!', ...q, truncate: 'NONE' }],
  ['cohere-embed/pyai__TestBedrock__0__559f47.json', { model: C4, input: 'Test dimensions setting', ...q, dimensions: 512, truncate: 'NONE' }],
  ['cohere-embed/pyai__TestBedrock__0__6dc2b6.json', { model: C4, input: 'Test input type setting', inputType: 'clustering', truncate: 'NONE' }],
  ['cohere-embed/pyai__TestBedrock__0__aab111.json', { model: C4, input: 'Test truncation start setting', ...q, truncate: 'START' }],
  ['cohere-embed/pyai__TestBedrock__0__c60038.json', { model: C4, input: 'Test truncation setting', ...q, truncate: 'END' }],
  ['cohere-embed/pyai__TestBedrock__0__f1e588.json', { model: C4, input: ['hello', 'world'], inputType: 'search_document', truncate: 'NONE' }],
  ['cohere-embed/pyai__TestBedrock__0__f3f63a.json', { model: C4, input: 'Test truncate priority', ...q, truncate: 'START' }],
  ['nova/pyai__TestBedrock__0__ad5124.json', { model: NOVA, input: 'Test Nova truncate start', ...q, truncate: 'START' }],
  ['nova/pyai__TestBedrock__0__4d26a6.json', { model: NOVA, input: 'Test Nova dimensions', ...q, truncate: 'NONE', dimensions: 256 }],
  ['nova/pyai__TestBedrock__0__b2544e.json', { model: NOVA, input: 'Hello, world!', ...q, truncate: 'NONE' }],
  ['nova/pyai__TestBedrock__0__273c30.json', { model: NOVA, input: 'Test Nova truncate', ...q, truncate: 'END' }],
  ['nova/pyai__TestBedrock__0__b7052e.json', { model: NOVA, input: 'Test Nova settings', inputType: 'TEXT_RETRIEVAL', truncate: 'NONE' }],
  ['nova/pyai__TestBedrock__0__f13a37.json', { model: NOVA, input: 'hello', truncate: 'NONE' }],
  ['nova/pyai__TestBedrock__0__c7a1d4.json', { model: NOVA, input: 'Test base truncate', ...q }],
  ['nova/pyai__TestBedrock__1__382491.json', { model: NOVA, input: 'world', truncate: 'NONE' }],
];

/** The vectors the body holds, as the numbers its literals denote (one array per input). */
function recordedVectors(text: string, file: string): number[][] {
  const json = JSON.parse(text);
  // Titan: `embedding` (v2 repeats it under embeddingsByType.float; checked equal below).
  if ('embedding' in json) return literalArrays(text, 'embedding').map((a) => a.map(Number));
  if (file.startsWith('nova/')) return literalArrays(text, 'embedding').map((a) => a.map(Number));
  return literalArrays(text, 'embeddings').map((a) => a.map(Number));
}

describe('recorded embedding interactions', () => {
  it('covers every recording in the folders', () => {
    expect(CASES).toHaveLength(32);
  });

  for (const [file, request] of CASES) {
    it(file, async () => {
      const rec = recording(file);
      const { fetchFn, sent } = replayFetch(rec);
      const rt = new BedrockRuntime({ region: 'us-east-1', env: {}, apiKey: 'test-key', fetch: fetchFn });
      const res = await embed(rt, request);

      // What we sent = what was recorded (path; body as JSON; the content headers both carry).
      expect(sent).toHaveLength(1);
      expect(new URL(sent[0].url).pathname).toBe(new URL(rec.request.uri).pathname);
      expect(sent[0].method).toBe('POST');
      expect(JSON.parse(sent[0].body)).toEqual(JSON.parse(rec.request.body_text));
      for (const h of ['content-type', 'accept']) if (rec.request.headers[h]) expect(sent[0].headers[h]).toBe(rec.request.headers[h]);

      // What we decoded = the numbers written in the body, exactly.
      const want = recordedVectors(rec.response.body_text, file);
      expect(want.length).toBe(Array.isArray(request.input) ? request.input.length : 1);
      expect(res.embeddings).toHaveLength(want.length);
      for (let i = 0; i < want.length; i++) {
        expect(res.embeddings[i]).toHaveLength(want[i].length);
        for (let j = 0; j < want[i].length; j++) if (!Object.is(res.embeddings[i][j], want[i][j])) expect.fail(`vector ${i}[${j}]: ${res.embeddings[i][j]} != ${want[i][j]}`);
      }
      // Titan v2's second copy (embeddingsByType.float) is the same vector.
      const json = JSON.parse(rec.response.body_text);
      if (json.embeddingsByType) expect(literalArrays(rec.response.body_text, 'embeddingsByType')[0].map(Number)).toEqual(want[0]);
      const tokens = Number(rec.response.headers['x-amzn-bedrock-input-token-count']);
      expect(res.usage.inputTokens).toBe(tokens);
      expect(res.model).toBe(request.model);
    });
  }

  it('Java-style exponents (1.22E-4) decode exactly: the dd-trace recordings carry them', () => {
    let seen = 0;
    for (const file of ['titan-embed/ddpy__amazon_embedding__0__349b77.json', 'cohere-embed/ddpy__cohere_embedding__0__7edf3d.json']) {
      const text = recording(file).response.body_text;
      for (const list of literalArrays(text, file.startsWith('titan') ? 'embedding' : 'embeddings')) {
        for (const lit of list) {
          if (!/E-/.test(lit)) continue;
          seen++;
          // The exponent is applied (a reader stopping at 'E' would give the mantissa, ~1-9).
          const [m, e] = lit.split('E');
          expect(Math.abs(Number(lit))).toBeCloseTo(Math.abs(Number(m)) * 10 ** Number(e), 15);
          expect(Math.abs(Number(lit))).toBeLessThan(1e-3);
        }
      }
    }
    expect(seen).toBeGreaterThan(40);
  });
});
