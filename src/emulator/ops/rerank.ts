// Rerank scores: words shared with the query, plus a small seeded jitter so ties break the same
// way every time; in (0, 1). Two wire shapes: bedrock-agent-runtime `POST /rerank`
// (`relevanceScore`) and Cohere Rerank through InvokeModel (`api_version: 2`, `relevance_score`).
import { createRng, hashSeed } from '../rng.js';

const words = (t: string) => new Set(t.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);

export function scores(seed: number, query: string, docs: string[]): number[] {
  const q = words(query);
  return docs.map((d) => {
    const w = words(d);
    let shared = 0;
    for (const x of q) if (w.has(x)) shared++;
    const jitter = createRng(hashSeed(seed, `${query}\u0000${d}`))() * 0.05;
    return Number((0.02 + 0.9 * (q.size ? shared / q.size : 0) + jitter).toFixed(7));
  });
}

function ranked(s: number[], n: number) {
  return s.map((score, index) => ({ index, score })).sort((a, b) => b.score - a.score || a.index - b.index).slice(0, n);
}

export type RerankAnswer = { json: unknown; docs: number } | { error: string };

/** Cohere Rerank 3.5 through InvokeModel (shape of test/fixtures/recorded-http/cohere-rerank). */
export function answerCohereRerank(body: Record<string, any>, seed: number): RerankAnswer {
  if (body.api_version !== 2) return { error: 'Malformed input request: #: required key [api_version] not found, please reformat your input and try again.' };
  if (typeof body.query !== 'string') return { error: 'Malformed input request: #: required key [query] not found, please reformat your input and try again.' };
  if (!Array.isArray(body.documents) || body.documents.length === 0 || body.documents.length > 1000) return { error: 'Malformed input request: #/documents: expected 1-1000 documents, please reformat your input and try again.' };
  const docs = body.documents.map((d: unknown) => (typeof d === 'string' ? d : JSON.stringify(d)));
  const n = body.top_n ?? docs.length;
  if (!Number.isInteger(n) || n < 1) return { error: 'Malformed input request: #/top_n: must be a positive integer, please reformat your input and try again.' };
  return { json: { results: ranked(scores(seed, body.query, docs), n).map((r) => ({ index: r.index, relevance_score: r.score })) }, docs: docs.length };
}

/** bedrock-agent-runtime Rerank. */
export function answerAgentRerank(body: Record<string, any>, seed: number, known: (modelArn: string) => boolean): RerankAnswer {
  const q = body.queries;
  if (!Array.isArray(q) || q.length !== 1 || q[0]?.type !== 'TEXT' || typeof q[0]?.textQuery?.text !== 'string') {
    return { error: "1 validation error detected: Value at 'queries' failed to satisfy constraint: Member must have length 1 and type TEXT" };
  }
  const cfg = body.rerankingConfiguration;
  const arn = cfg?.bedrockRerankingConfiguration?.modelConfiguration?.modelArn;
  if (cfg?.type !== 'BEDROCK_RERANKING_MODEL' || typeof arn !== 'string') return { error: "1 validation error detected: Value at 'rerankingConfiguration' failed to satisfy constraint: Member must not be null" };
  if (!known(arn)) return { error: `The provided model ARN ${arn} is not a reranking model.` };
  const sources = body.sources;
  if (!Array.isArray(sources) || sources.length === 0 || sources.length > 1000) return { error: "1 validation error detected: Value at 'sources' failed to satisfy constraint: Member must have length between 1 and 1000" };
  const docs: string[] = [];
  for (const s of sources) {
    const d = s?.inlineDocumentSource;
    if (s?.type !== 'INLINE' || !d) return { error: 'Each source must be INLINE.' };
    if (d.type === 'TEXT' && typeof d.textDocument?.text === 'string') docs.push(d.textDocument.text);
    else if (d.type === 'JSON' && d.jsonDocument !== undefined) docs.push(JSON.stringify(d.jsonDocument));
    else return { error: 'Each inline document must be TEXT with textDocument or JSON with jsonDocument.' };
  }
  const n = cfg.bedrockRerankingConfiguration.numberOfResults ?? docs.length;
  if (!Number.isInteger(n) || n < 1 || n > 1000) return { error: "1 validation error detected: Value at 'numberOfResults' failed to satisfy constraint: Member must have value between 1 and 1000" };
  return { json: { results: ranked(scores(seed, q[0].textQuery.text, docs), n).map((r) => ({ index: r.index, relevanceScore: r.score })) }, docs: docs.length };
}
