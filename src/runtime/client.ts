// BedrockRuntime: the five operations, each attempt signed afresh and sent through the transport,
// retried with backoff while nothing has reached the caller yet.
import { assertSafeTransport, createSigner, operationPath, parseServiceError, resolveAuth, resolveEndpoint, resolveRegion } from '../aws/index.js';
import type { Auth, Operation, Signer } from '../aws/index.js';
import { platform } from '#runtime/platform';
import { ConfigurationError, UnknownServiceError } from '../errors.js';
import type { EventStreamMessage } from '../eventstream/index.js';
import { abortReason, sleep } from './abort.js';
import { applyGuardrail, type ApplyGuardrailInput, type ApplyGuardrailOutput } from './guardrail.js';
import { getAsyncInvoke, listAllAsyncInvokes, listAsyncInvokes, startAsyncInvoke } from './async-invoke.js';
import type { AsyncInvoke, ListAsyncInvokesInput, ListAsyncInvokesOutput, StartAsyncInvokeInput } from './async-invoke.js';
import { toBase64 } from '../base64.js';
import { readAll, toBytes } from './body.js';
import { chunkEvent, converseEvent, eventType } from './events.js';
import { createFetchTransport } from './fetch.js';
import { invokeHeaders, invokeMetadata, jsonHeaders, REQUEST_ID } from './headers.js';
import { backoffMs, DEFAULT_RETRY, isRetryable } from './retry.js';
import { eventStream } from './stream.js';
import type { BidirectionalStream, BidirectionalStreamInput, BidirectionalStreamOptions } from './bidi.js';
import { lazyBidirectionalStream } from './bidi-lazy.js';
import type { DuplexTransport } from './http2.js';
import type { RetryPolicy } from './retry.js';
import type { Transport, TransportResponse } from './transport.js';
import type {
  BedrockRuntimeOptions,
  CallOptions,
  ConverseInput,
  ConverseOutput,
  ConverseStreamEvent,
  CountTokensInput,
  CountTokensOutput,
  InvokeModelInput,
  InvokeModelOutput,
  RuntimeStream,
  RuntimeStreamEvent,
} from './types.js';

/** Bytes of an error body worth reading: the service's are tiny; a proxy's HTML page is not. */
const ERROR_BODY_LIMIT = 64 * 1024;
const utf8 = new TextDecoder();

const DEFAULT_TIMEOUTS = { connectMs: 10_000, firstByteMs: 300_000, idleMs: 60_000 };
type Timeouts = typeof DEFAULT_TIMEOUTS;

type Headers = Record<string, string>;

export class BedrockRuntime {
  // `declare`: assigned once in the constructor, so no field initializers are emitted.
  declare readonly region: string;
  declare readonly endpoint: URL;
  readonly #signer: Signer;
  readonly #auth: Auth;
  readonly #policy: RetryPolicy;
  readonly #timeouts: Timeouts;
  readonly #options: BedrockRuntimeOptions;
  #transport: Promise<Transport> | undefined;
  #h2: Promise<DuplexTransport> | undefined;
  #closed = false;

  /** Resolves region, endpoint and auth now (a `ConfigurationError` if one is missing or unsafe); loads nothing. */
  constructor(options: BedrockRuntimeOptions = {}) {
    this.#options = options;
    const region = resolveRegion(options);
    this.region = region;
    // The auth and endpoint options have the same names as ours.
    this.endpoint = resolveEndpoint({ ...options, region });
    const auth = (this.#auth = resolveAuth({ ...options, region }));
    assertSafeTransport(this.endpoint, auth);
    this.#signer = createSigner(auth, { region });
    this.#policy = withDefaults(DEFAULT_RETRY, { ...options.retry, maxAttempts: options.maxAttempts });
    const { maxAttempts } = this.#policy;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new TypeError('maxAttempts must be an integer >= 1');
    this.#timeouts = withDefaults(DEFAULT_TIMEOUTS, options.timeouts);
  }

  async invokeModel(input: InvokeModelInput, opts?: CallOptions): Promise<InvokeModelOutput> {
    const r = await this.#unary('POST', this.#url(input.modelId, 'invoke'), invokeHeaders(input, false), toBytes(input.body), opts?.signal);
    return { body: r.body, ...invokeMetadata(r.headers), attempts: r.attempts };
  }

  invokeModelWithResponseStream(input: InvokeModelInput, opts?: CallOptions): RuntimeStream<RuntimeStreamEvent> {
    return this.#stream(input.modelId, 'invoke-with-response-stream', invokeHeaders(input, true), toBytes(input.body), opts?.signal, toChunk);
  }

  converse(input: ConverseInput, opts?: CallOptions): Promise<ConverseOutput> {
    const { modelId, ...body } = input;
    return this.#json<ConverseOutput>(modelId, 'converse', body, opts?.signal);
  }

  converseStream(input: ConverseInput, opts?: CallOptions): RuntimeStream<ConverseStreamEvent> {
    const { modelId, ...body } = input;
    return this.#stream(modelId, 'converse-stream', jsonHeaders(true), toBytes(body), opts?.signal, toConverseEvent);
  }

  async countTokens(input: CountTokensInput, opts?: CallOptions): Promise<CountTokensOutput> {
    const source = input.input;
    // The InvokeModel body is a blob in the service's JSON: base64.
    const payload =
      'invokeModel' in source
        ? { invokeModel: { body: toBase64(toBytes(source.invokeModel.body)) } }
        : { converse: source.converse };
    const r = await this.#json<{ inputTokens?: unknown }>(input.modelId, 'count-tokens', { input: payload }, opts?.signal);
    // Never a silent NaN: an answer without a count is the service's error, typed.
    if (typeof r.inputTokens !== 'number') throw new UnknownServiceError(`CountTokens: the response has no inputTokens (request id ${r.requestId})`, { requestId: r.requestId });
    return { inputTokens: r.inputTokens, requestId: r.requestId };
  }

  /** ApplyGuardrail: `POST /guardrail/{id}/version/{version}/apply`; HTTP 200 also when the guardrail intervenes (`action`). */
  applyGuardrail(input: ApplyGuardrailInput, opts?: CallOptions): Promise<ApplyGuardrailOutput> {
    return applyGuardrail(this, input, opts);
  }

  /** StartAsyncInvoke: `POST /async-invoke`; the job's `invocationArn`. */
  startAsyncInvoke(input: StartAsyncInvokeInput, opts?: CallOptions): Promise<{ invocationArn: string; requestId: string }> {
    return startAsyncInvoke(this, input, opts);
  }

  /** GetAsyncInvoke: `GET /async-invoke/{invocationArn}`. */
  getAsyncInvoke(invocationArn: string, opts?: CallOptions): Promise<AsyncInvoke & { requestId: string }> {
    return getAsyncInvoke(this, invocationArn, opts);
  }

  /** ListAsyncInvokes: one page (`GET /async-invoke?…`, `nextToken` for the next). */
  listAsyncInvokes(input?: ListAsyncInvokesInput, opts?: CallOptions): Promise<ListAsyncInvokesOutput> {
    return listAsyncInvokes(this, input, opts);
  }

  /** Every job of every page, fetching the next page when this one is used up. */
  listAllAsyncInvokes(input?: Omit<ListAsyncInvokesInput, 'nextToken'>, opts?: CallOptions): AsyncGenerator<AsyncInvoke> {
    return listAllAsyncInvokes(this, input, opts);
  }

  /**
   * One JSON call, signed, retried and typed like the operations: `target` is a path on this
   * client's endpoint, or an absolute URL of another service that takes the same signature
   * (signing name `bedrock`: bedrock-agent-runtime's `/rerank`). Plain http only to loopback.
   */
  async request<T extends object>(method: 'GET' | 'POST', target: string | URL, body?: object, opts?: CallOptions): Promise<T & { requestId: string }> {
    const url = new URL(target, this.endpoint);
    if (url.origin !== this.endpoint.origin) assertSafeTransport(url, this.#auth);
    const r = await this.#unary(method, url, jsonHeaders(false, method), body && toBytes(body), opts?.signal);
    const requestId = r.headers[REQUEST_ID] ?? '';
    let parsed: unknown;
    try {
      parsed = JSON.parse(utf8.decode(r.body));
    } catch {
      throw new UnknownServiceError('the response body is not JSON', { requestId, httpStatus: 200 });
    }
    return { ...(parsed as T), requestId };
  }

  /**
   * InvokeModelWithBidirectionalStream over HTTP/2 (Node): `send()` events, `end()`, and iterate the
   * answers. SigV4 only: a Bedrock API key is a `ConfigurationError` here, before connecting.
   */
  invokeModelWithBidirectionalStream(input: BidirectionalStreamInput, opts?: BidirectionalStreamOptions): BidirectionalStream {
    const url = new URL(operationPath(input.modelId, 'invoke-with-bidirectional-stream'), this.endpoint);
    const transport = () => {
      if (this.#closed) return Promise.reject(new TypeError('BedrockRuntime is closed'));
      return (this.#h2 ??= import('./bidi.js').then((m) => m.loadHttp2Transport(this.#timeouts.connectMs)));
    };
    return lazyBidirectionalStream({ signer: this.#signer, transport, url, ...this.#timeouts }, input, opts);
  }

  /**
   * Does ahead of time what the first request would: loads the transport and the signing code,
   * resolves the credentials, and (`connect`, default true; the undici transport) opens a pooled
   * connection to the endpoint with a bodiless `GET /` whose answer is discarded. A server calls
   * it at start so its first user request pays none of it. Never throws for the `GET`'s status.
   */
  async warmup(options: { connect?: boolean; signal?: AbortSignal } = {}): Promise<void> {
    const transport = this.#getTransport();
    await Promise.all([this.#signer.warmup?.(), transport]);
    const t = await transport;
    if (options.connect !== false && t.preconnect) await t.preconnect(this.endpoint, options.signal);
  }

  /** Cancels requests in flight and closes the connection pool this client created. */
  async close(): Promise<void> {
    this.#closed = true;
    const t = this.#transport;
    const h2 = this.#h2;
    this.#transport = this.#h2 = undefined;
    if (t) await (await t).close();
    if (h2) await (await h2.catch(() => undefined))?.close();
  }

  // ---- internals

  #getTransport(): Promise<Transport> {
    if (this.#closed) return Promise.reject(new TypeError('BedrockRuntime is closed'));
    return (this.#transport ??= loadTransport(this.#options, this.#timeouts.connectMs));
  }

  /** One signed attempt. A non-2xx status becomes its typed error (the body is read for the message). */
  async #attempt(method: 'GET' | 'POST', url: URL, headers: Headers, body: Uint8Array | undefined, signal: AbortSignal | undefined): Promise<TransportResponse> {
    // Both load lazily on the first request: started together, their imports overlap.
    const transportP = this.#getTransport();
    transportP.catch(() => {}); // awaited below; a signing failure must not leave it unhandled
    const signed = await this.#signer.sign({ method, url, headers, body });
    const transport = await transportP;
    const res = await transport.send({ url, method, headers: signed, body, signal, ...this.#timeouts });
    if (res.status >= 200 && res.status < 300) return res;
    let text = '';
    try {
      text = utf8.decode(await readAll(res.body, ERROR_BODY_LIMIT));
    } catch {
      // the status and headers still say what went wrong
    }
    throw parseServiceError(res.status, res.headers, text);
  }

  async #wait(attempt: number, err: unknown, signal: AbortSignal | undefined): Promise<void> {
    if (attempt >= this.#policy.maxAttempts || !isRetryable(err) || signal?.aborted) throw err;
    await sleep(backoffMs(this.#policy, attempt + 1, err), signal);
  }

  #url(modelId: string, op: Operation): URL {
    return new URL(operationPath(modelId, op), this.endpoint);
  }

  async #unary(method: 'GET' | 'POST', url: URL, headers: Headers, body: Uint8Array | undefined, signal: AbortSignal | undefined) {
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw abortReason(signal);
      try {
        const res = await this.#attempt(method, url, headers, body, signal);
        return { headers: res.headers, body: await readAll(res.body), attempts: attempt };
      } catch (err) {
        await this.#wait(attempt, err, signal);
      }
    }
  }

  /** A JSON model operation (Converse, CountTokens): the response JSON plus its request id. */
  // async: a bad model id rejects the call's promise, it does not throw synchronously.
  async #json<T extends object>(modelId: string, op: Operation, body: object, signal: AbortSignal | undefined): Promise<T & { requestId: string }> {
    return this.request<T>('POST', this.#url(modelId, op), body, { signal });
  }

  #stream<E>(
    modelId: string,
    op: Operation,
    headers: Headers,
    body: Uint8Array,
    signal: AbortSignal | undefined,
    toEvent: (m: EventStreamMessage, requestId: string | undefined) => E | undefined,
  ): RuntimeStream<E> {
    const url = this.#url(modelId, op);
    return eventStream<E>({
      send: () => this.#attempt('POST', url, headers, body, signal),
      wait: (attempt, err) => this.#wait(attempt, err, signal),
      toEvent,
      signal,
    });
  }
}

async function loadTransport({ fetch: fetchFn, dispatcher, optimizeHttpParser }: BedrockRuntimeOptions, connectMs: number): Promise<Transport> {
  if (fetchFn) return createFetchTransport(fetchFn);
  const isNode = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';
  if (isNode || dispatcher) {
    // Loaded on the first request, not at import. The browser/edge build has no undici at all
    // (package.json `#runtime/platform`): there it is fetch, even inside Node.
    const load = platform.undiciTransport;
    if (load) return (await load())({ dispatcher, connectMs, optimizeHttpParser });
    if (dispatcher) throw new ConfigurationError('The dispatcher option needs the undici transport, which the browser/edge build of bedrock-wire leaves out');
  }
  if (typeof globalThis.fetch !== 'function') throw new ConfigurationError('No transport: pass the fetch option');
  return createFetchTransport(globalThis.fetch.bind(globalThis));
}

/** `defaults`, each overridden by the value in `given` that is not undefined. */
function withDefaults<T extends object>(defaults: T, given: Partial<T> = {}): T {
  const out = { ...defaults };
  for (const k in out) out[k] = given[k] ?? defaults[k];
  return out;
}

function toChunk(m: EventStreamMessage, requestId: string | undefined): RuntimeStreamEvent | undefined {
  return eventType(m) === 'chunk' ? chunkEvent(m.payload, requestId) : undefined;
}

function toConverseEvent(m: EventStreamMessage, requestId: string | undefined): ConverseStreamEvent | undefined {
  const type = eventType(m);
  return type === undefined ? undefined : converseEvent(type, m.payload, requestId);
}
