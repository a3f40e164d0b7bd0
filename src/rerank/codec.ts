// Rerank bodies, pure. Two wire shapes (checked against AWS's Rerank API reference, the AI SDK's
// Bedrock reranking model, and the recorded Cohere call in test/fixtures/recorded-http):
//   bedrock-agent-runtime `POST /rerank`: queries / sources / rerankingConfiguration → results[].relevanceScore
//   Cohere Rerank through InvokeModel: { query, documents, top_n, api_version: 2 } → results[].relevance_score
import { MalformedResponseError, ValidationError } from '../errors.js';

export type RerankDocument = string | Record<string, unknown>;

export interface RerankBodyInput {
  query: string;
  documents: RerankDocument[];
  /** Results to return, best first. Default: all. */
  topN?: number;
  /** Merged into the body (InvokeModel) or sent as `additionalModelRequestFields` (agent runtime). */
  extra?: Record<string, unknown>;
}

export interface RerankItem {
  /** Position of the document in the request. */
  index: number;
  /** Relevance in [0, 1], higher is more relevant. */
  score: number;
  /** The document itself (`returnDocuments`). */
  document?: RerankDocument;
}

/** At most this many documents per request (both APIs). */
export const MAX_DOCUMENTS = 1000;

export function checkRerank(input: RerankBodyInput): void {
  if (typeof input.query !== 'string' || input.query === '') throw new ValidationError('query: expected a non-empty string');
  const { documents, topN } = input;
  if (!Array.isArray(documents) || documents.length === 0) throw new ValidationError('documents: expected a non-empty array of strings or objects');
  if (documents.length > MAX_DOCUMENTS) throw new ValidationError(`documents: ${documents.length} is over the service's ${MAX_DOCUMENTS}`);
  documents.forEach((d, i) => {
    if (typeof d !== 'string' && (typeof d !== 'object' || d === null || Array.isArray(d))) throw new ValidationError(`documents[${i}]: expected a string or an object`);
  });
  if (topN !== undefined && (!Number.isInteger(topN) || topN < 1 || topN > documents.length)) {
    throw new ValidationError(`topN: expected an integer 1-${documents.length} (the number of documents), got ${topN}`);
  }
}

/** The foundation-model ARN bedrock-agent-runtime wants (an ARN is kept as is). */
export function rerankModelArn(model: string, region: string): string {
  if (model.startsWith('arn:')) return model;
  const partition = region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  return `arn:${partition}:bedrock:${region}::foundation-model/${model}`;
}

export function encodeAgentRerank(input: RerankBodyInput, modelArn: string): Record<string, unknown> {
  const modelConfiguration: Record<string, unknown> = { modelArn };
  if (input.extra) modelConfiguration.additionalModelRequestFields = input.extra;
  const bedrockRerankingConfiguration: Record<string, unknown> = { modelConfiguration };
  if (input.topN !== undefined) bedrockRerankingConfiguration.numberOfResults = input.topN;
  return {
    queries: [{ type: 'TEXT', textQuery: { text: input.query } }],
    sources: input.documents.map((d) => ({
      type: 'INLINE',
      inlineDocumentSource: typeof d === 'string' ? { type: 'TEXT', textDocument: { text: d } } : { type: 'JSON', jsonDocument: d },
    })),
    rerankingConfiguration: { type: 'BEDROCK_RERANKING_MODEL', bedrockRerankingConfiguration },
  };
}

export function encodeCohereRerank(input: RerankBodyInput): Record<string, unknown> {
  const body: Record<string, unknown> = { query: input.query, documents: input.documents, api_version: 2 };
  if (input.topN !== undefined) body.top_n = input.topN;
  return input.extra ? { ...body, ...input.extra } : body;
}

/** Either API's answer → items, best first. `field` is `relevanceScore` (agent runtime) or `relevance_score` (Cohere). */
export function decodeRerank(json: unknown, count: number, field: 'relevanceScore' | 'relevance_score'): RerankItem[] {
  const results = (json as { results?: unknown } | null)?.results;
  if (!Array.isArray(results)) throw new MalformedResponseError('rerank response: expected results[]');
  return results.map((r: any, i) => {
    if (!Number.isInteger(r?.index) || r.index < 0 || r.index >= count || typeof r[field] !== 'number') {
      throw new MalformedResponseError(`rerank response: results[${i}] needs an index below ${count} and a numeric ${field}`);
    }
    return { index: r.index, score: r[field] };
  });
}
