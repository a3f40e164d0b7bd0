// BedrockRuntime: the five operations, each attempt signed afresh and sent through the transport,
// retried with backoff while nothing has reached the caller yet.
import { assertSafeTransport, createSigner, operationPath, parseServiceError, resolveAuth, resolveEndpoint, resolveRegion } from '../aws/index.js';
import type { Auth, Operation, Signer } from '../aws/index.js';
import { platform } from '#runtime/platform';
import { ClientClosedError, ConfigurationError, MalformedResponseError, ResponseTooLargeError, ValidationError } from '../errors.js';
import { Secrets } from '../redact.js';
import type { EventStreamMessage } from '../eventstream/index.js';
import { abortReason, sleep } from './abort.js';
import { readEnv } from '../aws/env.js';
import { BedrockError } from '../errors.js';
import { observeCall, sinksFrom } from './observe.js';
import type { CallObserver, Sinks } from './observe.js';
import { applyGuardrail, type ApplyGuardrailInput, type ApplyGuardrailOutput } from './guardrail.js';
import { getAsyncInvoke, listAllAsyncInvokes, listAsyncInvokes, startAsyncInvoke } from './async-invoke.js';
import type { AsyncInvoke, ListAsyncInvokesInput, ListAsyncInvokesOutput, StartAsyncInvokeInput } from './async-invoke.js';
import { toBase64 } from '../base64.js';
import { readAll, toBytes } from './body.js';
import { checkOptions, deadline, DEFAULT_MAX_RESPONSE_BYTES } from './limits.js';
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

const DEFAULT_TIMEOUTS = { connectMs: 10_000, firstByteMs: 300_000, idleMs: 60_000, totalMs: 600_000, streamMs: 0 };
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
  readonly #sinks: Sinks;
  /** Every secret this client holds and every signature it computed: masked in every error. */
  readonly #secrets = new Secrets();
  #transport: Promise<Transport> | undefined;
  #h2: Promise<DuplexTransport> | undefined;
  #closed = false;

  /** Resolves region, endpoint and auth now (a `ConfigurationError` if one is missing or unsafe); loads nothing. */
  constructor(options: BedrockRuntimeOptions = {}) {
    checkOptions(options);
    this.#options = options;
    const region = resolveRegion(options);
    this.region = region;
    // The auth and endpoint options have the same names as ours.
    this.endpoint = resolveEndpoint({ ...options, region });
    const auth = (this.#auth = resolveAuth({ ...options, region }));
    assertSafeTransport(this.endpoint, auth);
    const c = options.credentials;
    // readEnv: a denied env read (Deno without --allow-env) is unset, never a throw.
    const env = options.env;
    this.#secrets.add(
      options.apiKey,
      typeof c === 'object' && c ? c.secretAccessKey : undefined,
      typeof c === 'object' && c ? c.sessionToken : undefined,
      readEnv(env, 'AWS_SECRET_ACCESS_KEY'),
      readEnv(env, 'AWS_SESSION_TOKEN'),
      readEnv(env, 'AWS_BEARER_TOKEN_BEDROCK'),
    );
    this.#signer = createSigner(auth, { region, secrets: this.#secrets });
    this.#policy = withDefaults(DEFAULT_RETRY, { ...options.retry, maxAttempts: options.maxAttempts });
    this.#timeouts = withDefaults(DEFAULT_TIMEOUTS, options.timeouts);
    this.#sinks = sinksFrom(options, readEnv(options.env, 'BEDROCK_WIRE_DEBUG'));
  }

  async invokeModel(input: InvokeModelInput, opts?: CallOptions): Promise<InvokeModelOutput> {
    const r = await this.#unary('POST', this.#url(input.modelId, 'invoke'), invokeHeaders(input, false), toBytes(input.body), opts?.signal, 'invoke', input.modelId);
    return { body: r.body, ...invokeMetadata(r.headers), attempts: r.attempts };
  }

  invokeModelWithResponseStream(input: InvokeModelInput, opts?: CallOptions): RuntimeStream<RuntimeStreamEvent> {
    return this.#stream(input.modelId, 'invoke-with-response-stream', invokeHeaders(input, true), toBytes(input.body), opts?.signal, toChunk);
  }

  async converse(input: ConverseInput, opts?: CallOptions): Promise<ConverseOutput> {
    const { modelId, ...body } = input;
    return this.#json<ConverseOutput>(modelId, 'converse', body, opts?.signal);
  }

  converseStream(input: ConverseInput, opts?: CallOptions): RuntimeStream<ConverseStreamEvent> {
    const { modelId, ...body } = input;
    return this.#stream(modelId, 'converse-stream', jsonHeaders(true), toBytes(body), opts?.signal, toConverseEvent);
  }

  async countTokens(input: CountTokensInput, opts?: CallOptions): Promise<CountTokensOutput> {
    const source = input.input;
    if (typeof source !== 'object' || source === null) throw new ValidationError('input: expected { invokeModel: { body } } or { converse: { messages } }');
    // The InvokeModel body is a blob in the service's JSON: base64.
    const payload =
      'invokeModel' in source
        ? { invokeModel: { body: toBase64(toBytes(source.invokeModel.body)) } }
        : { converse: source.converse };
    const r = await this.#json<{ inputTokens?: unknown }>(input.modelId, 'count-tokens', { input: payload }, opts?.signal);
    // Never a silent NaN: an answer without a count is the service's error, typed.
    if (typeof r.inputTokens !== 'number') throw new MalformedResponseError(`CountTokens: the response has no inputTokens (request id ${r.requestId})`, { requestId: r.requestId, attempts: r.attempts });
    return { inputTokens: r.inputTokens, requestId: r.requestId, attempts: r.attempts };
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
    return this.#request<T>(method, url, body, opts?.signal);
  }

  /** `request` with the operation and model id the observers report (else the path's last segment). */
  async #request<T extends object>(method: 'GET' | 'POST', url: URL, body: object | undefined, signal: AbortSignal | undefined, op?: string, modelId?: string): Promise<T & { requestId: string; attempts: number }> {
    const r = await this.#unary(method, url, jsonHeaders(false, method), body && toBytes(body, 'request'), signal, op, modelId);
    const requestId = r.headers[REQUEST_ID] ?? '';
    let parsed: unknown;
    try {
      parsed = JSON.parse(utf8.decode(r.body));
    } catch {
      throw new MalformedResponseError('the response body is not JSON', { requestId, httpStatus: 200, attempts: r.attempts });
    }
    return { ...(parsed as T), requestId, attempts: r.attempts };
  }

  /**
   * `text` with every secret this client holds (secret key, session token, API key) and every
   * signature it computed replaced by `***`. Errors from this client are already masked; use it
   * for your own log lines.
   */
  redact(text: string): string {
    return this.#secrets.redact(text);
  }

  /**
   * InvokeModelWithBidirectionalStream over HTTP/2 (Node): `send()` events, `end()`, and iterate the
   * answers. SigV4 only: a Bedrock API key is a `ConfigurationError` here, before connecting.
   */
  invokeModelWithBidirectionalStream(input: BidirectionalStreamInput, opts?: BidirectionalStreamOptions): BidirectionalStream {
    const url = new URL(operationPath(input.modelId, 'invoke-with-bidirectional-stream'), this.endpoint);
    const transport = () => {
      if (this.#closed) return Promise.reject(new ClientClosedError('BedrockRuntime is closed'));
      return (this.#h2 ??= import('./bidi.js').then((m) => m.loadHttp2Transport(this.#timeouts.connectMs)));
    };
    return lazyBidirectionalStream({ signer: this.#signer, transport, url, ...this.#timeouts, scrub: (err) => this.#secrets.scrub(err) }, input, opts);
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
    // A transport that failed to load (its error went to the request that loaded it) has nothing to close.
    if (t) await (await t.catch(() => undefined))?.close();
    if (h2) await (await h2.catch(() => undefined))?.close();
  }

  // ---- internals

  #getTransport(): Promise<Transport> {
    if (this.#closed) return Promise.reject(new ClientClosedError('BedrockRuntime is closed'));
    return (this.#transport ??= loadTransport(this.#options, this.#timeouts.connectMs));
  }

  /** One signed attempt. A non-2xx status becomes its typed error (the body is read for the message). */
  async #attempt(method: 'GET' | 'POST', url: URL, headers: Headers, body: Uint8Array | undefined, signal: AbortSignal | undefined, obs: CallObserver | undefined, attempt: number): Promise<TransportResponse> {
    obs?.start(attempt);
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
    // Masked before the error is built: its message keeps only an excerpt, which may cut a secret.
    const s = this.#secrets;
    const h: Headers = {};
    for (const name in res.headers) h[name] = s.redact(res.headers[name]);
    throw parseServiceError(res.status, h, s.redact(text));
  }

  /** Waits before attempt `attempt + 1`, or throws `err` as the call's final error. */
  async #wait(attempt: number, err: unknown, signal: AbortSignal | undefined, obs: CallObserver | undefined): Promise<void> {
    if (attempt >= this.#policy.maxAttempts || !isRetryable(err) || signal?.aborted) throw final(this.#secrets.scrub(err), attempt, obs);
    const delay = backoffMs(this.#policy, attempt + 1, err);
    obs?.done('retry', { error: err, delayMs: delay });
    try {
      await sleep(delay, signal);
    } catch (aborted) {
      throw final(aborted, attempt, obs);
    }
  }

  /** Request URLs by operation and model, parsed once each (a URL parse is ~1 µs); never mutated. */
  #urls = new Map<string, URL>();

  #url(modelId: string, op: Operation): URL {
    const key = `${op} ${modelId}`;
    let url = this.#urls.get(key);
    if (!url) {
      url = new URL(operationPath(modelId, op), this.endpoint);
      if (this.#urls.size >= 256) this.#urls.clear(); // a bound for callers cycling through many ids
      this.#urls.set(key, url);
    }
    return url;
  }

  async #unary(method: 'GET' | 'POST', url: URL, headers: Headers, body: Uint8Array | undefined, callerSignal: AbortSignal | undefined, op?: string, modelId?: string) {
    const obs = observeCall(this.#sinks, method, url, op, modelId);
    // timeouts.totalMs bounds the attempts and the backoff between them together.
    const limit = deadline(callerSignal, this.#timeouts.totalMs, 'total');
    const { signal } = limit;
    try {
      for (let attempt = 1; ; attempt++) {
        if (signal?.aborted) throw final(abortReason(signal), attempt - 1, obs);
        try {
          const res = await this.#attempt(method, url, headers, body, signal, obs, attempt);
          const max = this.#options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
          const bytes = await readAll(res.body, max + 1);
          if (bytes.length > max) {
            throw new ResponseTooLargeError(`the response body passed maxResponseBytes (${max} bytes); the connection was dropped`, {
              httpStatus: res.status,
              requestId: res.headers[REQUEST_ID],
            });
          }
          obs?.done('end', { status: res.status, requestId: res.headers[REQUEST_ID] ?? '' });
          return { headers: res.headers, body: bytes, attempts: attempt };
        } catch (err) {
          await this.#wait(attempt, err, signal, obs);
        }
      }
    } finally {
      limit.clear();
    }
  }

  /** A JSON model operation (Converse, CountTokens): the response JSON plus its request id. */
  // async: a bad model id rejects the call's promise, it does not throw synchronously.
  async #json<T extends object>(modelId: string, op: Operation, body: object, signal: AbortSignal | undefined): Promise<T & { requestId: string; attempts: number }> {
    return this.#request<T>('POST', this.#url(modelId, op), body, signal, op, modelId);
  }

  #stream<E>(
    modelId: string,
    op: Operation,
    headers: Headers,
    body: Uint8Array,
    callerSignal: AbortSignal | undefined,
    toEvent: (m: EventStreamMessage, requestId: string | undefined) => E | undefined,
  ): RuntimeStream<E> {
    const url = this.#url(modelId, op);
    const obs = observeCall(this.#sinks, 'POST', url, op, modelId);
    // timeouts.streamMs: a ceiling on the whole stream, retries included (default none).
    let limit: ReturnType<typeof deadline> | undefined;
    const open = () => (limit ??= deadline(callerSignal, this.#timeouts.streamMs, 'stream')).signal;
    return eventStream<E>({
      send: (attempt) => this.#attempt('POST', url, headers, body, open(), obs, attempt),
      wait: (attempt, err) => this.#wait(attempt, err, open(), obs),
      fail: (attempt, err) => final(err, attempt, obs),
      done: obs && ((r, cancelled) => obs.done('end', { status: r.status, requestId: r.requestId, cancelled })),
      toEvent,
      signal: callerSignal,
      end: () => limit?.clear(),
      scrub: (err) => this.#secrets.scrub(err),
    });
  }
}

async function loadTransport({ fetch: fetchFn, dispatcher, optimizeHttpParser, env }: BedrockRuntimeOptions, connectMs: number): Promise<Transport> {
  if (fetchFn) return createFetchTransport(fetchFn);
  const isNode = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';
  if (isNode || dispatcher) {
    // Loaded on the first request, not at import. The browser/edge build has no undici at all
    // (package.json `#runtime/platform`): there it is fetch, even inside Node.
    const load = platform.undiciTransport;
    if (load) return (await load(!dispatcher, env))({ dispatcher, connectMs, optimizeHttpParser, env });
    if (dispatcher) throw new ConfigurationError('The dispatcher option needs the undici transport, which the browser/edge build of bedrock-wire leaves out');
  }
  if (typeof globalThis.fetch !== 'function') throw new ConfigurationError('No transport: pass the fetch option');
  return createFetchTransport(globalThis.fetch.bind(globalThis));
}

/** `err` as the call's final error: its `attempts` set, the observer told. */
function final(err: unknown, attempts: number, obs: CallObserver | undefined): unknown {
  if (err instanceof BedrockError && err.attempts === undefined) err.attempts = attempts;
  obs?.done('error', { error: err });
  return err;
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
