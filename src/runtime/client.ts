// BedrockRuntime: the five operations, each attempt signed afresh and sent through the transport,
// retried with backoff while nothing has reached the caller yet.
import { assertSafeTransport, createSigner, operationPath, parseServiceError, resolveAuth, resolveEndpoint, resolveRegion } from '../aws/index.js';
import type { Operation, Signer } from '../aws/index.js';
import { platform } from '#runtime/platform';
import { ConfigurationError, UnknownServiceError } from '../errors.js';
import type { EventStreamMessage } from '../eventstream/index.js';
import { abortReason, sleep } from './abort.js';
import { toBase64 } from '../base64.js';
import { readAll, toBytes } from './body.js';
import { chunkEvent, converseEvent, eventType } from './events.js';
import { createFetchTransport } from './fetch.js';
import { invokeHeaders, invokeMetadata, jsonHeaders, REQUEST_ID } from './headers.js';
import { backoffMs, DEFAULT_RETRY, isRetryable } from './retry.js';
import { eventStream } from './stream.js';
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
  readonly #policy: RetryPolicy;
  readonly #timeouts: Timeouts;
  readonly #options: BedrockRuntimeOptions;
  #transport: Promise<Transport> | undefined;
  #closed = false;

  /** Resolves region, endpoint and auth now (a `ConfigurationError` if one is missing or unsafe); loads nothing. */
  constructor(options: BedrockRuntimeOptions = {}) {
    this.#options = options;
    const region = resolveRegion(options);
    this.region = region;
    // The auth and endpoint options have the same names as ours.
    this.endpoint = resolveEndpoint({ ...options, region });
    const auth = resolveAuth({ ...options, region });
    assertSafeTransport(this.endpoint, auth);
    this.#signer = createSigner(auth, { region });
    this.#policy = withDefaults(DEFAULT_RETRY, { ...options.retry, maxAttempts: options.maxAttempts });
    const { maxAttempts } = this.#policy;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new TypeError('maxAttempts must be an integer >= 1');
    this.#timeouts = withDefaults(DEFAULT_TIMEOUTS, options.timeouts);
  }

  async invokeModel(input: InvokeModelInput, opts?: CallOptions): Promise<InvokeModelOutput> {
    const r = await this.#unary(input.modelId, 'invoke', invokeHeaders(input, false), toBytes(input.body), opts?.signal);
    return { body: r.body, ...invokeMetadata(r.headers), attempts: r.attempts };
  }

  invokeModelWithResponseStream(input: InvokeModelInput, opts?: CallOptions): RuntimeStream<RuntimeStreamEvent> {
    return this.#stream(input.modelId, 'invoke-with-response-stream', invokeHeaders(input, true), toBytes(input.body), opts?.signal, toChunk);
  }

  converse(input: ConverseInput, opts?: CallOptions): Promise<ConverseOutput> {
    return this.#json<ConverseOutput>(input.modelId, 'converse', converseBody(input), opts?.signal);
  }

  converseStream(input: ConverseInput, opts?: CallOptions): RuntimeStream<ConverseStreamEvent> {
    return this.#stream(input.modelId, 'converse-stream', jsonHeaders(true), converseBody(input), opts?.signal, toConverseEvent);
  }

  async countTokens(input: CountTokensInput, opts?: CallOptions): Promise<CountTokensOutput> {
    const source = input.input;
    // The InvokeModel body is a blob in the service's JSON: base64.
    const payload =
      'invokeModel' in source
        ? { invokeModel: { body: toBase64(toBytes(source.invokeModel.body)) } }
        : { converse: source.converse };
    const r = await this.#json<{ inputTokens?: unknown }>(input.modelId, 'count-tokens', toBytes({ input: payload }), opts?.signal);
    // Never a silent NaN: an answer without a count is the service's error, typed.
    if (typeof r.inputTokens !== 'number') throw new UnknownServiceError(`CountTokens: the response has no inputTokens (request id ${r.requestId})`, { requestId: r.requestId });
    return { inputTokens: r.inputTokens, requestId: r.requestId };
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
    this.#transport = undefined;
    if (t) await (await t).close();
  }

  // ---- internals

  #getTransport(): Promise<Transport> {
    if (this.#closed) return Promise.reject(new TypeError('BedrockRuntime is closed'));
    return (this.#transport ??= loadTransport(this.#options, this.#timeouts.connectMs));
  }

  /** One signed attempt. A non-2xx status becomes its typed error (the body is read for the message). */
  async #attempt(url: URL, headers: Headers, body: Uint8Array, signal: AbortSignal | undefined): Promise<TransportResponse> {
    // Both load lazily on the first request: started together, their imports overlap.
    const transportP = this.#getTransport();
    transportP.catch(() => {}); // awaited below; a signing failure must not leave it unhandled
    const signed = await this.#signer.sign({ method: 'POST', url, headers, body });
    const transport = await transportP;
    const res = await transport.send({ url, method: 'POST', headers: signed, body, signal, ...this.#timeouts });
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

  async #unary(modelId: string, op: Operation, headers: Headers, body: Uint8Array, signal: AbortSignal | undefined) {
    const url = new URL(operationPath(modelId, op), this.endpoint);
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw abortReason(signal);
      try {
        const res = await this.#attempt(url, headers, body, signal);
        return { headers: res.headers, body: await readAll(res.body), attempts: attempt };
      } catch (err) {
        await this.#wait(attempt, err, signal);
      }
    }
  }

  /** A JSON operation (Converse, CountTokens): the response JSON plus its request id. */
  async #json<T extends object>(modelId: string, op: Operation, body: Uint8Array, signal: AbortSignal | undefined): Promise<T & { requestId: string }> {
    const r = await this.#unary(modelId, op, jsonHeaders(false), body, signal);
    const requestId = r.headers[REQUEST_ID] ?? '';
    let parsed: unknown;
    try {
      parsed = JSON.parse(utf8.decode(r.body));
    } catch {
      throw new UnknownServiceError('the response body is not JSON', { requestId, httpStatus: 200 });
    }
    return { ...(parsed as T), requestId };
  }

  #stream<E>(
    modelId: string,
    op: Operation,
    headers: Headers,
    body: Uint8Array,
    signal: AbortSignal | undefined,
    toEvent: (m: EventStreamMessage, requestId: string | undefined) => E | undefined,
  ): RuntimeStream<E> {
    const url = new URL(operationPath(modelId, op), this.endpoint);
    return eventStream<E>({
      send: () => this.#attempt(url, headers, body, signal),
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

function converseBody(input: ConverseInput): Uint8Array {
  const { modelId: _, ...rest } = input;
  return toBytes(rest);
}
