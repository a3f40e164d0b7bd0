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
import { answerEmbedding, type Answer } from './embeddings.js';
import { opsKind, type OpsKind } from './models.js';

/** The emulator state ops need (server.ts's own, passed as is). */
export interface OpsState {
  options: EmulatorOptions;
  auth: AuthConfig;
  seed: number;
  faults: FaultQueue;
}

export type OpsRoute = { operation: 'invoke'; modelId: string; kind: OpsKind };

const enc = new TextEncoder();

/** Claims `POST /model/{id}/invoke` for an embedding model; undefined for anything else. */
export function opsRoute(method: string, target: string): OpsRoute | undefined {
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  const m = /^\/model\/([^/]+)\/invoke$/.exec(path);
  if (method !== 'POST' || !m) return undefined;
  let modelId: string;
  try {
    modelId = decodeURIComponent(m[1]);
  } catch {
    return undefined;
  }
  const kind = opsKind(modelId);
  return kind && EMBEDDINGS.has(kind) ? { operation: 'invoke', modelId, kind } : undefined;
}

const EMBEDDINGS = new Set<OpsKind>(['titan-embed-v1', 'titan-embed-v2', 'titan-embed-image', 'cohere-embed-v3', 'cohere-embed-v4', 'nova-embed']);

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
  let body: Record<string, any>;
  try {
    body = JSON.parse(Buffer.from(raw).toString('utf8'));
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not an object');
  } catch {
    return fail(serviceError('ValidationException', 'Malformed input request, please reformat your input and try again.'), faults);
  }
  const answer: Answer = answerEmbedding(route.kind, route.modelId, body, state.seed);
  if ('error' in answer) return fail(serviceError('ValidationException', answer.error), faults);
  if (!(await beforeHead(ex, faults))) return;
  record.status = 200;
  const headers = {
    'content-type': 'application/json',
    'x-amzn-requestid': requestId,
    'x-amzn-bedrock-invocation-latency': '42',
    'x-amzn-bedrock-input-token-count': String(answer.inputTokens),
  };
  await sendBody(ex, 200, headers, enc.encode(JSON.stringify(answer.json)), faults);
}
