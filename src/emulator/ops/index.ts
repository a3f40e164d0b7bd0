// The emulator's answers beyond chat: embeddings, images and rerank through InvokeModel,
// ApplyGuardrail, async invoke and bedrock-agent-runtime's /rerank. server.ts hands a request
// here when `opsRoute` claims it; auth and faults are checked the same way as for chat.
import { verifyAuth, type AuthConfig } from '../auth.js';
import { errorResponse, serviceError, type ServiceError } from '../errors.js';
import type { Exchange } from '../exchange.js';
import type { FaultQueue } from '../faults.js';
import { parseFaultHeader } from '../faults.js';
import type { EmulatorOptions, EmulatorRequest, Fault, Operation } from '../types.js';
import { beforeHead, sendBody } from '../writer.js';
import { answerEmbedding } from './embeddings.js';
import { answerGuardrail, DEFAULT_BLOCKED_WORDS } from './guardrail.js';
import { getJob, listJobs, startJob, type JobStore } from './async-invoke.js';
import { answerImage } from './images.js';
import { answerAgentRerank, answerCohereRerank } from './rerank.js';
import { opsKind, type OpsKind } from './models.js';

/** The emulator state ops need (server.ts's own, passed as is). */
export interface OpsState {
  options: EmulatorOptions;
  auth: AuthConfig;
  seed: number;
  faults: FaultQueue;
}

export type OpsRoute =
  | { operation: 'invoke'; modelId: string; kind: OpsKind }
  | { operation: 'apply-guardrail'; modelId: ''; guardrail: string; version: string }
  | { operation: 'start-async-invoke' | 'rerank'; modelId: '' }
  | { operation: 'get-async-invoke'; modelId: ''; arn: string }
  | { operation: 'list-async-invokes'; modelId: ''; query: URLSearchParams };

const enc = new TextEncoder();

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
};

/**
 * Claims the requests ops answer: InvokeModel for embedding, image and rerank models,
 * ApplyGuardrail, the async-invoke operations and bedrock-agent-runtime's /rerank (the emulator
 * serves both hosts' paths). Undefined for anything else (server.ts goes on as before).
 */
export function opsRoute(method: string, target: string): OpsRoute | undefined {
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  let m: RegExpExecArray | null;
  if (method === 'POST' && (m = /^\/model\/([^/]+)\/invoke$/.exec(path))) {
    const modelId = decode(m[1]);
    const kind = modelId === undefined ? undefined : opsKind(modelId);
    return kind && modelId ? { operation: 'invoke', modelId, kind } : undefined;
  }
  if (method === 'POST' && (m = /^\/guardrail\/([^/]+)\/version\/([^/]+)\/apply$/.exec(path))) {
    const guardrail = decode(m[1]);
    const version = decode(m[2]);
    return guardrail && version ? { operation: 'apply-guardrail', modelId: '', guardrail, version } : undefined;
  }
  if (method === 'POST' && path === '/async-invoke') return { operation: 'start-async-invoke', modelId: '' };
  if (method === 'POST' && path === '/rerank') return { operation: 'rerank', modelId: '' };
  if (method === 'GET' && path === '/async-invoke') return { operation: 'list-async-invokes', modelId: '', query: new URLSearchParams(q < 0 ? '' : target.slice(q + 1)) };
  if (method === 'GET' && (m = /^\/async-invoke\/([^/]+)$/.exec(path))) {
    const arn = decode(m[1]);
    return arn ? { operation: 'get-async-invoke', modelId: '', arn } : undefined;
  }
  return undefined;
}

const EMBEDDINGS = new Set<OpsKind>(['titan-embed-v1', 'titan-embed-v2', 'titan-embed-image', 'cohere-embed-v3', 'cohere-embed-v4', 'nova-embed']);
const stores = new WeakMap<OpsState, JobStore>();

export async function answerOps(state: OpsState, route: OpsRoute, ex: Exchange, raw: Uint8Array, record: EmulatorRequest, requestId: string): Promise<void> {
  record.operation = route.operation;
  record.modelId = route.modelId;
  const fail = async (e: ServiceError, faults: Fault[] = []) => {
    if (!(await beforeHead(ex, faults))) return;
    record.status = e.status;
    const { headers, body } = errorResponse(e, requestId);
    await sendBody(ex, e.status, headers, enc.encode(body), faults);
  };
  if (state.options.verifyAuth !== false) {
    const result = await verifyAuth({ method: ex.method, target: ex.target, headers: ex.headers, body: raw }, state.auth);
    if (result.error) return fail(result.error);
  }
  let faults: Fault[];
  try {
    const header = ex.headers['x-emulator-fault'];
    const perCall = typeof header === 'string' ? parseFaultHeader(header) : [];
    faults = [...perCall, ...state.faults.take(route.operation as Operation, route.modelId)];
  } catch (e) {
    return fail(serviceError('ValidationException', e instanceof Error ? e.message : 'bad x-emulator-fault'));
  }
  const status = faults.find((f) => f.kind === 'status');
  if (status?.kind === 'status') {
    const e: ServiceError = { status: status.status, type: status.errorType, message: status.message ?? `The emulator injected a ${status.errorType}.` };
    if (status.retryAfterSeconds !== undefined) e.retryAfterSeconds = status.retryAfterSeconds;
    return fail(e, faults);
  }
  let body: Record<string, any> = {};
  if (ex.method === 'POST') {
    try {
      body = JSON.parse(Buffer.from(raw).toString('utf8'));
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not an object');
    } catch {
      return fail(serviceError('ValidationException', 'Malformed input request, please reformat your input and try again.'), faults);
    }
  }
  const words = state.options.blockedWords ?? DEFAULT_BLOCKED_WORDS;
  let store = stores.get(state);
  if (!store) stores.set(state, (store = { jobs: [], next: 1 }));
  let answer: { json: unknown; inputTokens?: number } | { error: string; type?: string; status?: number };
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-amzn-requestid': requestId };
  switch (route.operation) {
    case 'invoke': {
      const { kind, modelId } = route;
      answer = EMBEDDINGS.has(kind)
        ? answerEmbedding(kind, modelId, body, state.seed)
        : kind === 'cohere-rerank'
          ? answerCohereRerank(body, state.seed)
          : kind === 'amazon-rerank'
            ? { error: 'amazon.rerank-v1:0 is served through bedrock-agent-runtime Rerank, not InvokeModel.' }
            : answerImage(kind, modelId, body, state.seed, words);
      headers['x-amzn-bedrock-invocation-latency'] = '42';
      if ('json' in answer && answer.inputTokens !== undefined) headers['x-amzn-bedrock-input-token-count'] = String(answer.inputTokens);
      break;
    }
    case 'apply-guardrail':
      answer = answerGuardrail(body, route.version, words);
      break;
    case 'rerank':
      answer = answerAgentRerank(body, state.seed, (arn) => /foundation-model\/(cohere\.rerank|amazon\.rerank)/.test(arn));
      break;
    case 'start-async-invoke':
      answer = startJob(store, body, state.auth.region, state.options.asyncInvokePolls ?? 1);
      break;
    case 'get-async-invoke':
      answer = getJob(store, route.arn);
      break;
    case 'list-async-invokes':
      answer = listJobs(store, route.query);
      break;
  }
  if ('error' in answer) return fail(serviceError(answer.type ?? 'ValidationException', answer.error, answer.status), faults);
  if (!(await beforeHead(ex, faults))) return;
  record.status = 200;
  await sendBody(ex, 200, headers, enc.encode(JSON.stringify(answer.json)), faults);
}
