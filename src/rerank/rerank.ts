// rerank(): documents ordered by relevance to a query. Cohere models go through InvokeModel on
// bedrock-runtime by default; Amazon Rerank (and Cohere with `api: 'agent'`) through
// bedrock-agent-runtime's `POST /rerank` — another host, the same signature (signing name
// `bedrock`), sent with the same runtime: transport, retries, timeouts and typed errors.
import { ValidationError } from '../errors.js';
import type { BedrockRuntime } from '../runtime/client.js';
import { withRuntime, type RuntimeSource } from '../runtime/source.js';
import { checkRerank, decodeRerank, encodeAgentRerank, encodeCohereRerank, rerankModelArn } from './codec.js';
import type { RerankBodyInput, RerankItem } from './codec.js';

export interface RerankRequest extends RerankBodyInput {
  /** `cohere.rerank-v3-5:0`, `amazon.rerank-v1:0`, or a model ARN. */
  model: string;
  /** `invoke` (InvokeModel; Cohere only) or `agent` (bedrock-agent-runtime Rerank). Default: invoke for Cohere, agent otherwise. */
  api?: 'invoke' | 'agent';
}

export interface RerankOptions {
  signal?: AbortSignal;
  /**
   * bedrock-agent-runtime's origin. Default: `https://bedrock-agent-runtime.{region}.amazonaws.com`
   * when the runtime uses the regional bedrock-runtime endpoint, else the runtime's own endpoint
   * (a proxy, or the emulator, which answers both).
   */
  agentEndpoint?: string;
  /** Copy each document into its result. Default false. */
  returnDocuments?: boolean;
}

export interface RerankResult {
  /** Best first. */
  results: RerankItem[];
  model: string;
  requestId: string;
}

/** The agent-runtime origin for a runtime (see `RerankOptions.agentEndpoint`). */
export function agentRuntimeEndpoint(rt: BedrockRuntime, override?: string): URL {
  if (override) {
    const url = new URL(override);
    if (url.pathname !== '/' || url.search) throw new ValidationError('agentEndpoint: expected an origin (scheme, host, port)');
    return url;
  }
  const e = rt.endpoint;
  const regional = new RegExp(`^bedrock-runtime\\.${rt.region}\\.amazonaws\\.com(\\.cn)?$`).exec(e.hostname);
  return regional ? new URL(`https://bedrock-agent-runtime.${e.hostname.slice('bedrock-runtime.'.length)}`) : e;
}

const utf8 = new TextDecoder();

/**
 * ```ts
 * const { results } = await rerank(bedrock, { model: 'cohere.rerank-v3-5:0', query, documents, topN: 3 });
 * ```
 */
export async function rerank(client: RuntimeSource, request: RerankRequest, options: RerankOptions = {}): Promise<RerankResult> {
  const { model } = request;
  if (typeof model !== 'string' || !model) throw new ValidationError('model: expected a rerank model id or ARN');
  checkRerank(request);
  const cohere = /cohere\.rerank/.test(model);
  const api = request.api ?? (cohere ? 'invoke' : 'agent');
  if (api === 'invoke' && !cohere) throw new ValidationError(`api: ${model} is served through bedrock-agent-runtime Rerank only (api: 'agent')`);
  const count = request.documents.length;
  return withRuntime(client, async (rt) => {
    let results: RerankItem[];
    let requestId: string;
    if (api === 'invoke') {
      const out = await rt.invokeModel({ modelId: model, body: encodeCohereRerank(request) }, { signal: options.signal });
      let json: unknown;
      try {
        json = JSON.parse(utf8.decode(out.body));
      } catch {
        json = undefined;
      }
      results = decodeRerank(json, count, 'relevance_score');
      requestId = out.requestId;
    } else {
      const url = new URL('/rerank', agentRuntimeEndpoint(rt, options.agentEndpoint));
      const r = await rt.request('POST', url, encodeAgentRerank(request, rerankModelArn(model, rt.region)), { signal: options.signal });
      results = decodeRerank(r, count, 'relevanceScore');
      requestId = r.requestId;
    }
    if (options.returnDocuments) for (const item of results) item.document = request.documents[item.index];
    return { results, model, requestId };
  });
}
