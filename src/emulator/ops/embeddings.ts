// InvokeModel bodies of the embedding models, answered in their recorded shapes (see
// test/fixtures/recorded-http): Titan v2 sends the float vector twice (`embedding` and
// `embeddingsByType.float`); Cohere v3 a flat list (`embeddings_floats`) unless types are asked
// for, v4 always by type; Nova `{"embeddings":[{"embeddingType":"TEXT","embedding":[…]}]}`.
import { countWords } from '../prompt.js';
import { randomUuid, createRng, hashSeed } from '../rng.js';
import type { OpsKind } from './models.js';
import { quantize, unitVector } from './vectors.js';

export type Answer = { json: unknown; inputTokens: number } | { error: string };

const bad = (message: string): Answer => ({ error: `Malformed input request: ${message}, please reformat your input and try again.` });
const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);
const tokens = (texts: string[]) => Math.max(1, texts.reduce((n, t) => n + countWords(t), 0));

const DIMS: Partial<Record<OpsKind, { def: number; sizes: number[] }>> = {
  'titan-embed-v1': { def: 1536, sizes: [1536] },
  'titan-embed-v2': { def: 1024, sizes: [256, 512, 1024] },
  'titan-embed-image': { def: 1024, sizes: [256, 384, 1024] },
  'cohere-embed-v3': { def: 1024, sizes: [1024] },
  'cohere-embed-v4': { def: 1536, sizes: [256, 512, 1024, 1536] },
  'nova-embed': { def: 3072, sizes: [256, 384, 1024, 3072] },
};

const COHERE_TYPES = ['float', 'int8', 'uint8', 'binary', 'ubinary'];
const INPUT_TYPES = ['search_document', 'search_query', 'classification', 'clustering', 'image'];

export function answerEmbedding(kind: OpsKind, model: string, body: Record<string, any>, seed: number): Answer {
  const dims = DIMS[kind]!;
  switch (kind) {
    case 'titan-embed-v1':
    case 'titan-embed-v2': {
      if (typeof body.inputText !== 'string' || !body.inputText) return bad('#: required key [inputText] not found');
      const n = body.dimensions ?? dims.def;
      if (!dims.sizes.includes(n)) return bad(`#/dimensions: ${n} is not a valid enum value`);
      if (kind === 'titan-embed-v1' && ('dimensions' in body || 'normalize' in body)) return bad('extraneous key [dimensions] is not permitted');
      const v = unitVector(seed, model, body.inputText, n);
      const json: Record<string, unknown> = { embedding: v };
      if (kind === 'titan-embed-v2') {
        const types: unknown = body.embeddingTypes ?? ['float'];
        if (!Array.isArray(types) || !types.every((t) => t === 'float' || t === 'binary')) return bad('#/embeddingTypes: expected float or binary');
        const byType: Record<string, number[]> = {};
        for (const t of types) byType[t] = t === 'binary' ? v.map((x) => (x > 0 ? 1 : 0)) : v;
        json.embeddingsByType = byType;
      }
      const inputTokens = tokens([body.inputText]);
      json.inputTextTokenCount = inputTokens;
      return { json, inputTokens };
    }
    case 'titan-embed-image': {
      if (typeof body.inputText !== 'string' && typeof body.inputImage !== 'string') return bad('#: inputText or inputImage is required');
      const n = body.embeddingConfig?.outputEmbeddingLength ?? dims.def;
      if (!dims.sizes.includes(n)) return bad(`#/embeddingConfig/outputEmbeddingLength: ${n} is not a valid enum value`);
      const key = `${body.inputText ?? ''}\u0000${body.inputImage ?? ''}`;
      const inputTokens = typeof body.inputText === 'string' ? tokens([body.inputText]) : 0;
      return { json: { embedding: unitVector(seed, model, key, n), inputTextTokenCount: inputTokens }, inputTokens };
    }
    case 'cohere-embed-v3':
    case 'cohere-embed-v4': {
      if (typeof body.input_type !== 'string') return bad('#: required key [input_type] not found');
      if (!INPUT_TYPES.includes(body.input_type)) return bad(`#/input_type: ${body.input_type} is not a valid enum value`);
      const texts: unknown = body.texts;
      const images: unknown = body.images;
      let inputs: string[];
      if (Array.isArray(texts)) {
        if (texts.length === 0 || texts.length > 96 || !texts.every((t) => typeof t === 'string')) return bad('#/texts: expected 1-96 strings');
        inputs = texts;
      } else if (Array.isArray(images)) {
        if (images.length !== 1 || typeof images[0] !== 'string' || !images[0].startsWith('data:image/')) return bad('#/images: expected one data URI');
        inputs = images;
      } else return bad('#: texts or images is required');
      const n = kind === 'cohere-embed-v4' ? (body.output_dimension ?? dims.def) : dims.def;
      if (!dims.sizes.includes(n)) return bad(`#/output_dimension: ${n} is not a valid enum value`);
      if (kind === 'cohere-embed-v3' && 'output_dimension' in body) return bad('extraneous key [output_dimension] is not permitted');
      const types: unknown = body.embedding_types;
      if (types !== undefined && (!Array.isArray(types) || !types.every((t) => COHERE_TYPES.includes(t)))) return bad('#/embedding_types: not a valid enum value');
      const vs = inputs.map((t) => unitVector(seed, model, t, n));
      const rng = createRng(hashSeed(seed, inputs.join('\u0000')));
      // v3 echoes texts lower-cased, v4 as sent (recordings).
      const echo = Array.isArray(texts) ? (kind === 'cohere-embed-v3' ? inputs.map((t) => t.toLowerCase()) : inputs) : [];
      const byType = types !== undefined || kind === 'cohere-embed-v4';
      const embeddings = byType
        ? Object.fromEntries(((types as string[] | undefined) ?? ['float']).map((t) => [t, vs.map((v) => quantize(v, t))]))
        : vs;
      const json: Record<string, unknown> = { embeddings, id: randomUuid(rng), response_type: byType ? 'embeddings_by_type' : 'embeddings_floats', texts: echo };
      if (Array.isArray(images)) json.images = [{ width: 512, height: 512, format: 'png', bit_depth: 24 }];
      return { json, inputTokens: Array.isArray(texts) ? tokens(inputs) : 1 };
    }
    case 'nova-embed': {
      if (body.taskType !== 'SINGLE_EMBEDDING') return bad('#/taskType: expected SINGLE_EMBEDDING');
      const p = body.singleEmbeddingParams;
      if (!isObj(p) || typeof p.embeddingPurpose !== 'string') return bad('#/singleEmbeddingParams: required key [embeddingPurpose] not found');
      const n = p.embeddingDimension ?? dims.def;
      if (!dims.sizes.includes(n)) return bad(`#/singleEmbeddingParams/embeddingDimension: ${n} is not a valid enum value`);
      let key: string;
      let type: string;
      let inputTokens: number;
      if (isObj(p.text)) {
        if (typeof p.text.value !== 'string') return bad('#/singleEmbeddingParams/text: required key [value] not found');
        if (!['START', 'END', 'NONE'].includes(p.text.truncationMode)) return bad('#/singleEmbeddingParams/text: required key [truncationMode] not found');
        key = p.text.value;
        type = 'TEXT';
        inputTokens = tokens([key]) + 16; // the recordings count ~16 tokens of overhead
      } else if (isObj(p.image) && typeof p.image.source?.bytes === 'string') {
        key = p.image.source.bytes;
        type = 'IMAGE';
        inputTokens = 258;
      } else return bad('#/singleEmbeddingParams: text or image is required');
      return { json: { embeddings: [{ embeddingType: type, embedding: unitVector(seed, model, key, n) }] }, inputTokens };
    }
    default:
      return bad('not an embedding model');
  }
}
