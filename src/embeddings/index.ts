// bedrock-wire/embeddings: typed embeddings for every Bedrock embedding model.
export { embed, type EmbedOptions, type EmbedRequest, type EmbedResult } from './embed.js';
export { encodeEmbedBody, decodeEmbedBody, batches, unitLength, toTypedArrays } from './codec.js';
export type { EmbedBodyOptions, EmbedImage, EmbedInput, ImageMediaType, InputType, DecodedEmbeddings, TypedEmbeddings } from './codec.js';
export { embeddingSpec, baseModelId, type EmbeddingFormat, type EmbeddingSpec, type EmbeddingType } from './models.js';
export type { RuntimeSource } from '../runtime/source.js';
