// bedrock-wire/rerank: documents ordered by relevance (Cohere Rerank 3.5, Amazon Rerank).
export { rerank, agentRuntimeEndpoint, type RerankOptions, type RerankRequest, type RerankResult } from './rerank.js';
export { checkRerank, decodeRerank, encodeAgentRerank, encodeCohereRerank, rerankModelArn, MAX_DOCUMENTS } from './codec.js';
export type { RerankBodyInput, RerankDocument, RerankItem } from './codec.js';
export type { RuntimeSource } from '../runtime/source.js';
