import { randomUUID } from 'node:crypto';
import { authKind, precheckAuth, verifyAuth, type AuthConfig } from './auth.js';
import { bodyLimit, boundedWords, checkEmulatorOptions, logRequest, warnIfExposed, TooLarge } from './limits.js';
import { bidiModelId, DEFAULT_MAX_SESSION_MS, handleBidi, type BidiHost } from './bidi.js';
import { converseBody, converseEcho, converseEvents } from './converse.js';
import { errorResponse, serviceError, type ServiceError } from './errors.js';
import { toExchange, type Exchange } from './exchange.js';
import { readers } from './families/registry.js';
import { readConverseLike } from './families/nova.js';
import { FaultQueue, applies, parseFaultHeader } from './faults.js';
import { listen } from './listen.js';
import { chunkFrame, converseFrame, splitFrames } from './frames.js';
import { resolveModel, type ModelRef } from './model.js';
import { judge } from './validate/index.js';
import { PromptCache, cacheUsage } from './cache.js';
import { guardrailTrace } from './guardrail.js';
import { countWords, isRecord, type Prompt } from './prompt.js';
import { planReply, replyText, type Reply } from './reply.js';
import { guardrailFromHeaders, refuseVocabulary } from './vocabulary.js';
import { parseRoute } from './route.js';
import { answerOps, opsRoute } from './ops/index.js';
import type { Emulator, EmulatorOptions, EmulatorRequest, Fault, Operation } from './types.js';
import { beforeHead, sendBody, sendFrames } from './writer.js';

const DEFAULT_CREDENTIALS = {
  accessKeyId: 'AKIDEMULATOR0000000',
  secretAccessKey: 'emulator/secret/KEY0000000000000000000000',
};
const DEFAULT_API_KEY = 'bedrock-api-key-emulator';
const enc = new TextEncoder();

/** Starts a Bedrock Runtime emulator on loopback. See DESIGN.md §4. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  checkEmulatorOptions(options as Record<string, unknown>);
  const host = options.host ?? '127.0.0.1';
  const auth: AuthConfig = {
    region: options.region ?? 'us-east-1',
    credentials: { ...(options.credentials ?? DEFAULT_CREDENTIALS) },
    apiKey: options.apiKey ?? DEFAULT_API_KEY,
    now: options.clock,
    checkDate: options.checkSignatureDate,
  };
  warnIfExposed(host);
  const state: State = {
    options,
    auth,
    seed: options.seed ?? 1,
    faults: new FaultQueue(),
    requests: [],
    cache: new PromptCache(),
  };
  const bidi: BidiHost = {
    auth,
    verifyAuth: options.verifyAuth !== false,
    seed: state.seed,
    maxSessionMs: options.maxSessionMs ?? DEFAULT_MAX_SESSION_MS,
    faults: (modelId, header) => [
      ...(header ? parseFaultHeader(header).filter((f) => applies(f, 'invoke-with-bidirectional-stream')) : []),
      ...state.faults.take('invoke-with-bidirectional-stream', modelId),
    ],
    record: (r) => logRequest(state.requests, r, options.maxLoggedRequests),
  };
  const listener = await listen((req, res) => {
    const bidiModel = bidiModelId(req.method, req.url);
    if (bidiModel !== undefined) return void handleBidi(bidi, req, res, bidiModel);
    void handle(state, toExchange(req, res));
  }, options.port ?? 0, host, options.headersTimeoutMs);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${listener.port}`,
    region: auth.region,
    credentials: auth.credentials,
    apiKey: auth.apiKey,
    requests: state.requests,
    inject: (fault, o) => state.faults.add(fault, o),
    clearFaults: () => state.faults.clear(),
    openConnections: () => listener.sockets.size,
    close: () => listener.close(),
  };
}

interface State {
  options: EmulatorOptions;
  auth: AuthConfig;
  seed: number;
  faults: FaultQueue;
  requests: EmulatorRequest[];
  cache: PromptCache;
}

async function handle(state: State, ex: Exchange): Promise<void> {
  const requestId = randomUUID();
  const record: EmulatorRequest = {
    operation: 'unknown',
    modelId: '',
    method: ex.method,
    path: ex.target,
    headers: ex.headers,
    body: new Uint8Array(0),
    auth: authKind(ex.headers),
    status: 0,
  };
  logRequest(state.requests, record, state.options.maxLoggedRequests);
  try {
    // Auth and size are checked before the body is read: a refused body is never read nor kept,
    // and the connection is closed after the answer.
    const max = bodyLimit(state.options.maxBodyBytes);
    const early =
      (state.options.verifyAuth !== false && parseRoute(ex.method, ex.target) ? precheckAuth(ex.headers, state.auth) : undefined) ??
      (Number(ex.headers['content-length']) > max ? new TooLarge(max) : undefined);
    if (early) return await fail(ex, record, early, requestId, [], true);
    let body: Uint8Array;
    try {
      body = await ex.readBody(max);
    } catch (e) {
      if (e instanceof TooLarge) return await fail(ex, record, e, requestId, [], true);
      body = new Uint8Array(0);
    }
    record.body = body;
    await answer(state, ex, body, record, requestId);
  } catch (e) {
    // A bug in the emulator must still end the exchange, as a 500 the client can see.
    if (!ex.gone && record.status === 0) {
      const message = e instanceof Error ? e.message : String(e);
      await fail(ex, record, serviceError('InternalServerException', `emulator: ${message}`), requestId);
    } else ex.reset();
  }
}

async function answer(state: State, ex: Exchange, raw: Uint8Array, record: EmulatorRequest, requestId: string): Promise<void> {
  const ops = opsRoute(ex.method, ex.target); // embeddings, images, rerank, guardrails, async invoke
  if (ops) return answerOps(state, ops, ex, raw, record, requestId);
  const route = parseRoute(ex.method, ex.target);
  if (!route) return fail(ex, record, serviceError('UnknownOperationException', 'Unknown operation', 404), requestId);
  record.operation = route.operation;
  record.modelId = route.modelId;

  if (state.options.verifyAuth !== false) {
    const result = await verifyAuth({ method: ex.method, target: ex.target, headers: ex.headers, body: raw }, state.auth);
    if (result.error) return fail(ex, record, result.error, requestId);
  }

  let body: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw).toString('utf8'));
    if (!isRecord(parsed)) throw new Error('not an object');
    body = parsed;
  } catch {
    return fail(ex, record, serviceError('ValidationException', 'Malformed input request, please reformat your input and try again.'), requestId);
  }

  let faults: Fault[];
  try {
    const header = ex.headers['x-emulator-fault'];
    const perCall = typeof header === 'string' ? parseFaultHeader(header).filter((f) => applies(f, route.operation)) : [];
    faults = [...perCall, ...state.faults.take(route.operation, route.modelId)];
  } catch (e) {
    return fail(ex, record, serviceError('ValidationException', e instanceof Error ? e.message : 'bad x-emulator-fault'), requestId);
  }

  const verdict = judge(route.operation, route.modelId, body, { lenient: state.options.lenient, profiles: state.options.profiles });
  if ('error' in verdict) return fail(ex, record, verdict.error, requestId);
  const model = verdict.model;
  const kind = verdict.catalog?.kind;
  if (kind === 'embedding' || kind === 'rerank' || kind === 'image' || kind === 'jurassic') {
    return fail(ex, record, serviceError('ValidationException', `emulator: ${route.modelId} is a known ${kind} model, but the emulator does not answer it.`), requestId);
  }

  // A thinking block sent back with a signature that is not its own: refused, like the service.
  const refusal = refuseVocabulary(route.operation, body, model.family);
  if (refusal) return fail(ex, record, serviceError('ValidationException', refusal), requestId);

  const status = faults.find((f) => f.kind === 'status');
  if (status?.kind === 'status') {
    const e: ServiceError = { status: status.status, type: status.errorType, message: status.message ?? defaultMessage(status.errorType) };
    if (status.retryAfterSeconds !== undefined) e.retryAfterSeconds = status.retryAfterSeconds;
    return fail(ex, record, e, requestId, faults);
  }
  if (!(await beforeHead(ex, faults))) return;

  const words = boundedWords(ex.headers['x-emulator-output-words'] ?? state.options.outputWords, state.options.maxOutputWords);
  if (words instanceof Error) return fail(ex, record, serviceError('ValidationException', words.message), requestId);
  const plan = (prompt: Prompt): Reply => {
    const reply = planReply(prompt, {
      seed: state.seed,
      outputWords: words,
      guardrail: guardrailFromHeaders(ex.headers),
    });
    reply.cache = cacheUsage(state.cache, verdict.catalog, route.operation, body);
    if (route.operation === 'converse' || route.operation === 'converse-stream') {
      reply.echo = { ...converseEcho(body), ...guardrailTrace(body, prompt.allText.length, replyText(reply).length, state.auth.region, reply.guardrail?.intervened) };
    }
    return reply;
  };
  const replay = faults.find((f) => f.kind === 'replay');
  const coalesce = state.options.coalesce === true;

  switch (route.operation) {
    case 'invoke': {
      const shaper = readers[model.family](body, model);
      const reply = plan(shaper.prompt);
      record.status = 200;
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'x-amzn-requestid': requestId,
        'x-amzn-bedrock-invocation-latency': String(reply.invocationLatency),
        'x-amzn-bedrock-input-token-count': String(reply.inputTokens),
        'x-amzn-bedrock-output-token-count': String(reply.outputTokens),
      };
      if (reply.cache) {
        headers['x-amzn-bedrock-cache-read-input-token-count'] = String(reply.cache.read);
        headers['x-amzn-bedrock-cache-write-input-token-count'] = String(reply.cache.write);
      }
      const latency = ex.headers['x-amzn-bedrock-performanceconfig-latency'];
      if (typeof latency === 'string') headers['x-amzn-bedrock-performanceconfig-latency'] = latency;
      return sendBody(ex, 200, headers, enc.encode(JSON.stringify(shaper.body(reply))), faults);
    }
    case 'invoke-with-response-stream': {
      record.status = 200;
      const headers = streamHeaders(requestId, true);
      if (replay?.kind === 'replay') return sendFrames(ex, headers, replayPieces(replay.body, faults, coalesce), faults, coalesce);
      const shaper = readers[model.family](body, model);
      const reply = plan(shaper.prompt);
      return sendFrames(ex, headers, mapIter(shaper.chunks(reply), (c) => chunkFrame(c, reply.rng)), faults, coalesce);
    }
    case 'converse': {
      const reply = plan(readConverseLike(body));
      record.status = 200;
      const headers = { 'content-type': 'application/json', 'x-amzn-requestid': requestId };
      return sendBody(ex, 200, headers, enc.encode(JSON.stringify(converseBody(reply))), faults);
    }
    case 'converse-stream': {
      record.status = 200;
      const headers = streamHeaders(requestId, false);
      if (replay?.kind === 'replay') return sendFrames(ex, headers, replayPieces(replay.body, faults, coalesce), faults, coalesce);
      const reply = plan(readConverseLike(body));
      return sendFrames(ex, headers, mapIter(converseEvents(reply), (e) => converseFrame(e, reply.rng)), faults, coalesce);
    }
    case 'count-tokens': {
      const n = countTokens(body, model);
      if (n === undefined) {
        return fail(ex, record, serviceError('ValidationException', 'input must hold invokeModel.body or converse.'), requestId, faults);
      }
      record.status = 200;
      const headers = { 'content-type': 'application/json', 'x-amzn-requestid': requestId };
      return sendBody(ex, 200, headers, enc.encode(JSON.stringify({ inputTokens: n })), faults);
    }
  }
}

function streamHeaders(requestId: string, invoke: boolean): Record<string, string> {
  const h: Record<string, string> = { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': requestId };
  if (invoke) h['x-amzn-bedrock-content-type'] = 'application/json';
  return h;
}

/** CountTokens: `{input: {invokeModel: {body}}}` or `{input: {converse: {...}}}`, counted like invoke counts input. */
function countTokens(body: Record<string, unknown>, model: ModelRef): number | undefined {
  const input = isRecord(body.input) ? body.input : undefined;
  if (!input) return undefined;
  if (isRecord(input.converse)) return Math.max(1, countWords(readConverseLike(input.converse).allText));
  if (isRecord(input.invokeModel) && typeof input.invokeModel.body === 'string') {
    // The body is a blob: base64 in the JSON document. Raw JSON text is accepted too.
    const text = input.invokeModel.body.trimStart().startsWith('{')
      ? input.invokeModel.body
      : Buffer.from(input.invokeModel.body, 'base64').toString('utf8');
    let inner: unknown;
    try {
      inner = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (!isRecord(inner)) return undefined;
    const ref = model.fromBody ? (resolveModel(model.id, inner) ?? model) : model;
    return Math.max(1, countWords(readers[ref.family](inner, ref).prompt.allText));
  }
  return undefined;
}

async function fail(ex: Exchange, record: EmulatorRequest, e: ServiceError, requestId: string, faults: Fault[] = [], close = false): Promise<void> {
  if (!(await beforeHead(ex, faults))) return;
  record.status = e.status;
  const { headers, body } = errorResponse(e, requestId);
  // The body was not read: close the connection rather than read it to reuse the socket (HTTP/1.1).
  if (close && ex.headers[':method'] === undefined) headers.connection = 'close';
  await sendBody(ex, e.status, headers, enc.encode(body), faults);
}

function defaultMessage(type: string): string {
  if (type === 'ThrottlingException') return 'Too many requests, please wait before trying again.';
  if (type === 'ServiceUnavailableException') return 'Bedrock is unable to process your request.';
  if (type === 'ModelNotReadyException') return 'Model is not ready for inference. Wait and try your request again.';
  return `The emulator injected a ${type}.`;
}

/**
 * A replay in bulk with no frame-indexed fault is cut in 16 KiB slices (no per-frame work at all);
 * otherwise frame by frame, so faults land on frame N and each frame gets its own write.
 */
function replayPieces(body: Uint8Array, faults: Fault[], coalesce: boolean): Iterable<Uint8Array> {
  const framed = faults.some((f) => f.kind !== 'status' && f.kind !== 'reset' && f.kind !== 'replay');
  if (!coalesce || framed) return splitFrames(body);
  const out: Uint8Array[] = [];
  for (let at = 0; at < body.length; at += 16384) out.push(body.subarray(at, at + 16384));
  return out;
}

function* mapIter<T, U>(it: Iterable<T>, f: (t: T) => U): Generator<U> {
  for (const x of it) yield f(x);
}
