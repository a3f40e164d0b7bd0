// What each embedding model takes and answers. Sources: AWS "Amazon Titan Embeddings Text",
// "Amazon Titan Multimodal Embeddings G1", "Cohere Embed v3 / v4" and "Amazon Nova multimodal
// embeddings" request-parameter pages; checked against the recordings in
// test/fixtures/recorded-http (titan-embed, cohere-embed, nova).
import { ValidationError } from '../errors.js';

/** The body shape a model speaks. */
export type EmbeddingFormat = 'titan-text-v1' | 'titan-text-v2' | 'titan-multimodal' | 'cohere-v3' | 'cohere-v4' | 'nova';

/** Vector encodings: `float`, signed/unsigned 8-bit, and packed bits (signed/unsigned bytes of 8 bits). */
export type EmbeddingType = 'float' | 'int8' | 'uint8' | 'binary' | 'ubinary';

export interface EmbeddingSpec {
  format: EmbeddingFormat;
  /** Default vector length. */
  dimensions: number;
  /** Lengths the model can be asked for; absent = fixed. */
  sizes?: readonly number[];
  /** Texts per call (the model's limit); more are split into several calls. */
  maxTexts: number;
  images: boolean;
  types: readonly EmbeddingType[];
}

const SPECS: Record<EmbeddingFormat, EmbeddingSpec> = {
  'titan-text-v1': { format: 'titan-text-v1', dimensions: 1536, maxTexts: 1, images: false, types: ['float'] },
  'titan-text-v2': { format: 'titan-text-v2', dimensions: 1024, sizes: [256, 512, 1024], maxTexts: 1, images: false, types: ['float', 'binary'] },
  'titan-multimodal': { format: 'titan-multimodal', dimensions: 1024, sizes: [256, 384, 1024], maxTexts: 1, images: true, types: ['float'] },
  'cohere-v3': { format: 'cohere-v3', dimensions: 1024, maxTexts: 96, images: true, types: ['float', 'int8', 'uint8', 'binary', 'ubinary'] },
  'cohere-v4': { format: 'cohere-v4', dimensions: 1536, sizes: [256, 512, 1024, 1536], maxTexts: 96, images: true, types: ['float', 'int8', 'uint8', 'binary', 'ubinary'] },
  nova: { format: 'nova', dimensions: 3072, sizes: [256, 384, 1024, 3072], maxTexts: 1, images: true, types: ['float'] },
};

/** Model id (foundation id, geo-prefixed profile or ARN naming one) → format. Longest prefix first. */
const PREFIXES: Array<[string, EmbeddingFormat]> = [
  ['amazon.titan-embed-text-v2', 'titan-text-v2'],
  ['amazon.titan-embed-text-v1', 'titan-text-v1'],
  ['amazon.titan-embed-g1-text', 'titan-text-v1'],
  ['amazon.titan-embed-image-v1', 'titan-multimodal'],
  ['cohere.embed-english-v3', 'cohere-v3'],
  ['cohere.embed-multilingual-v3', 'cohere-v3'],
  ['cohere.embed-v4', 'cohere-v4'],
  ['amazon.nova-2-multimodal-embeddings', 'nova'],
];

/** The bare foundation-model name inside an id, geo-prefixed id or ARN ('' for an application profile). */
export function baseModelId(id: string): string {
  const arn = /^arn:[^:]+:bedrock:[^:]*:[^:]*:(foundation-model|inference-profile|application-inference-profile|provisioned-model|custom-model)\/(.+)$/.exec(id);
  const name = arn ? (arn[1] === 'foundation-model' || arn[1] === 'inference-profile' ? arn[2] : '') : id;
  return name.replace(/^(us-gov|us|eu|apac|jp|au|ca|global)\./, '');
}

/** The spec for a model; `format` names it where the id cannot (application inference profiles). */
export function embeddingSpec(model: string, format?: EmbeddingFormat): EmbeddingSpec {
  if (format !== undefined) {
    const spec = SPECS[format];
    if (!spec) throw new ValidationError(`format: expected one of ${Object.keys(SPECS).join(', ')}, got ${JSON.stringify(format)}`);
    return spec;
  }
  const base = baseModelId(model);
  for (const [prefix, f] of PREFIXES) if (base.startsWith(prefix)) return SPECS[f];
  throw new ValidationError(
    `model: ${JSON.stringify(model)} is not an embedding model this library knows (Titan Text Embeddings v1/v2, Titan Multimodal, Cohere Embed v3/v4, Nova multimodal embeddings); name its body shape with format`,
  );
}
