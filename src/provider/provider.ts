// BedrockProvider: the seed's Provider interface in TypeScript idiom. One request shape for every
// model family; the runtime does the wire (signing, retries, framing, typed errors) and the codecs
// do the bodies. Streams are async generators: deltas as they arrive, then exactly one `finish`
// chunk carrying the whole LLMResponse; `break` cancels the request and frees the socket.
import {
  createConverseStreamDecoder,
  decodeConverseResponse,
  validateRequest,
  encodeConverseRequest,
  getCodec,
  forInvoke,
  invokeCarriesDocuments,
  invokeOptions,
} from '../codecs/index.js';
import type { LLMRequest, LLMResponse, ResponseMeta, StreamChunk, ToolCall } from '../codecs/index.js';
import { BedrockError, ConfigurationError, MalformedResponseError } from '../errors.js';
import { BedrockRuntime } from '../runtime/index.js';
import { POLL } from '../runtime/stream.js';
import type { BedrockHooks, BedrockRuntimeOptions, ConverseInput, ConverseStreamEvent, DispatcherLike, RuntimeStream, RuntimeStreamEvent } from '../runtime/index.js';
import { normalizeConfig } from './config.js';
import type { BedrockConfigInput, BedrockProviderConfig } from './config.js';
import { providerErrorKind } from './error-kind.js';
import type { ProviderHealth } from './health.js';
import { capabilitiesOf, findModel, modelInfo, MODELS } from './models.js';
import type { ModelCapability, ModelInfo } from './models.js';
import { checkConverseCapabilities, checkDocuments, checkStreamingTools, hasImage } from './capabilities.js';
import { attachPartial } from './partial.js';
import type { PartialResponse } from './partial.js';
import { resolveRoute } from './route.js';
import type { Route } from './route.js';

/** Runtime options that are not config data. The hooks (`BedrockHooks`) go to the client it builds. */
export interface BedrockProviderOptions extends BedrockHooks {
  /** Environment to merge and to read endpoint overrides from. Default: `process.env`. */
  env?: Record<string, string | undefined>;
  /** Your own undici dispatcher (never closed by the provider). */
  dispatcher?: DispatcherLike;
  /** Use the fetch transport. */
  fetch?: typeof fetch;
  retry?: BedrockRuntimeOptions['retry'];
  /** Share an existing client; the provider then never closes it. */
  runtime?: BedrockRuntime;
}

export interface GenerateOptions {
  signal?: AbortSignal;
  /**
   * Override the configured API for this call: `invoke` (family bodies) or `converse`. A model with
   * no family codec (qwen, kimi, an application-profile ARN without `family`) always uses Converse.
   */
  api?: 'invoke' | 'converse';
}

const utf8 = new TextDecoder();

function parseJson(bytes: Uint8Array, what: string): unknown {
  try {
    return JSON.parse(utf8.decode(bytes));
  } catch {
    throw new MalformedResponseError(`${what}: the model's JSON did not parse (${bytes.length} bytes)`);
  }
}

/** A started runtime stream, and its decoder (made once the response headers are in). */
interface Opened {
  stream: RuntimeStream<unknown>;
  modelId: string;
  decoder(): Promise<Decoder>;
}

interface Decoder {
  push(event: unknown): StreamChunk[];
  finish(): StreamChunk[];
  partial(): { content: string; reasoning: string; toolCalls: ToolCall[] };
}

export class BedrockProvider {
  readonly config: BedrockProviderConfig;
  readonly runtime: BedrockRuntime;
  #ownsRuntime: boolean;
  #health: ProviderHealth | undefined;
  #failures = 0;

  /**
   * @param config camelCase fields of `BedrockProviderConfig` (or a whole resolved one), merged
   *   with the environment by `normalizeConfig`. A seed config document (YAML/JSON, snake_case):
   *   `new BedrockProvider(resolveConfig(doc))` or `await loadConfigFile(path)`, both from
   *   `bedrock-wire/config`.
   */
  constructor(config: BedrockConfigInput = {}, options: BedrockProviderOptions = {}) {
    const c = (this.config = normalizeConfig(config, { env: options.env }));
    this.#ownsRuntime = !options.runtime;
    // The config already settled which auth applies (its own, else the environment's). Keep the
    // runtime from preferring an env bearer key over the config's own keys.
    const authMode = c.authMode === 'auto' && !c.apiKey && (c.credentials || c.profile || c.assumeRole) ? 'sigv4' : c.authMode;
    // The runtime reads every option with `??`: an undefined one means its default.
    const { region, endpoint, credentials, apiKey, profile, assumeRole, timeouts, maxAttempts } = c;
    const { env, dispatcher, fetch, retry, onRequest, onResponse, onRetry, onError } = options;
    this.runtime =
      options.runtime ??
      new BedrockRuntime({
        region, endpoint, credentials, apiKey, profile, assumeRole, authMode, timeouts, maxAttempts, env, dispatcher, fetch, retry,
        onRequest, onResponse, onRetry, onError,
      });
  }

  getType(): 'bedrock' {
    return 'bedrock';
  }

  getName(): string {
    return this.config.name;
  }

  /**
   * The models this provider serves: the configured allow-list (catalog facts where known; ids not
   * in the catalog get generic entries with 0 = unknown limits), else the whole catalog.
   */
  getModels(): ModelInfo[] {
    if (!this.config.models) return MODELS.map((m) => ({ ...m, capabilities: [...m.capabilities] }));
    return this.config.models.map((id) => {
      const known = findModel(id);
      if (known) return { ...known, id, capabilities: [...known.capabilities] };
      const family = resolveRoute({ model: id }, this.config, { skipAllowList: true }).family;
      return modelInfo(id, id, family, 0, 0, '', family ? 'not in the catalog' : 'not in the catalog; served through Converse');
    });
  }

  /** The union of the served models' capabilities. */
  getCapabilities(): ModelCapability[] {
    return capabilitiesOf(this.getModels());
  }

  /** Where a request would go (model id on the wire, family), without sending it. */
  route(request: Pick<LLMRequest, 'model' | 'family'>): Route {
    return resolveRoute(request, this.config);
  }

  async generate(request: LLMRequest, options: GenerateOptions = {}): Promise<LLMResponse> {
    this.#assertEnabled();
    validateRequest(request, this.config.contentLimits);
    return this.#generateVia(this.route(request), request, options);
  }

  /** What both calls share: the response meta, the request with the routed family, the API. */
  #prepare(route: Route, request: LLMRequest, options: GenerateOptions) {
    const meta: ResponseMeta = { modelId: route.modelId };
    if (request.id !== undefined) meta.requestId = request.id;
    let req = route.family === request.family ? request : { ...request, family: route.family };
    const family = route.family;
    // The catalog says Llama 3.1+ and Jamba take tools, and Llama 3.2 11B/90B images: Bedrock serves
    // them through Converse (those InvokeModel bodies have no field for either), so such a request
    // goes there, where the capability check below refuses a model that lacks them.
    const toolsViaConverse = (family === 'llama' || family === 'jamba') && !!request.tools?.length;
    const imagesViaConverse = family === 'llama' && hasImage(request);
    // Documents likewise: Claude's body takes PDFs and plain text, Nova's every format; anything else
    // (a CSV or DOCX to Claude, an S3 document to Claude, any document to another family) goes through
    // Converse's document blocks.
    const documentsViaConverse = family !== undefined && !invokeCarriesDocuments(request, family, route.modelId);
    const converse = family === undefined || toolsViaConverse || imagesViaConverse || documentsViaConverse || (options.api ?? this.config.api) === 'converse';
    let headers: Record<string, string> = {};
    if (converse) {
      // Converse takes anything: what the catalog knows a model cannot take is refused here, unsent.
      checkConverseCapabilities(request, route.modelId);
      if (request.responseFormat) meta.json = true;
    } else {
      // Nova's body carries documents: the catalog's document chat still decides (Nova Micro has none).
      checkDocuments(request, route.modelId);
      const prepared = forInvoke(req, family, route.modelId);
      req = prepared.request;
      if (prepared.json) meta.json = prepared.json;
      headers = invokeOptions(req);
    }
    return { meta, req, converse, family, headers };
  }

  async #generateVia(route: Route, request: LLMRequest, options: GenerateOptions): Promise<LLMResponse> {
    const { modelId } = route;
    const { meta, req, converse, family, headers } = this.#prepare(route, request, options);
    if (converse || family === undefined) {
      const out = await this.runtime.converse({ ...encodeConverseRequest(req, { modelId }), modelId } as ConverseInput, options);
      meta.requestIdHint = out.requestId;
      const decoded = decodeConverseResponse(out, meta);
      decoded.attempts = out.attempts;
      return decoded;
    }
    const codec = getCodec(family);
    const out = await this.runtime.invokeModel({ modelId, body: codec.encodeRequest(req, { modelId, stream: false }), ...headers }, options);
    meta.requestIdHint = out.requestId;
    // Counts the body lacks come from the headers (Titan and Llama bodies; Nova with a guardrail has no outputTokens).
    meta.usage = { input: out.inputTokenCount, output: out.outputTokenCount };
    const response = codec.decodeResponse(parseJson(out.body, 'InvokeModel response'), meta);
    response.attempts = out.attempts;
    return response;
  }

  /**
   * Streams deltas, then exactly one `{ type: 'finish', response }`. A failure mid-stream throws the
   * typed error after every chunk before it was delivered; `partialResponse(error)` gives what had
   * arrived. Nothing is sent before the first `next()`; `break` (or `return()`) cancels the request
   * and frees its connection.
   */
  generateStream(request: LLMRequest, options: GenerateOptions = {}): AsyncGenerator<StreamChunk, void, undefined> {
    return new ChunkStream(() => this.#openStream(request, options));
  }

  /** The runtime stream and its decoder for one request (called at the stream's first `next()`). */
  #openStream(request: LLMRequest, options: GenerateOptions): Opened {
    this.#assertEnabled();
    validateRequest(request, this.config.contentLimits);
    const route = this.route(request);
    const { modelId } = route;
    const { meta, req, converse, family, headers } = this.#prepare(route, request, options);
    checkStreamingTools(request, modelId);
    if (converse || family === undefined) {
      const stream = this.runtime.converseStream({ ...encodeConverseRequest(req, { modelId, stream: true }), modelId } as ConverseInput, options);
      return {
        stream,
        modelId,
        decoder: async () => {
          const d = createConverseStreamDecoder({ ...meta, requestIdHint: (await stream.response).requestId });
          return { push: (e) => d.push((e as ConverseStreamEvent).type, (e as ConverseStreamEvent).data), finish: () => d.finish(), partial: () => d.partial() };
        },
      };
    }
    const codec = getCodec(family);
    const stream = this.runtime.invokeModelWithResponseStream({ modelId, body: codec.encodeRequest(req, { modelId, stream: true }), ...headers }, options);
    return {
      stream,
      modelId,
      decoder: async () => {
        const d = codec.createStreamDecoder({ ...meta, requestIdHint: (await stream.response).requestId });
        return { push: (e) => d.push(parseJson((e as RuntimeStreamEvent).bytes, 'stream chunk')), finish: () => d.finish(), partial: () => d.partial() };
      },
    };
  }

  /** Enabled and the health check passes. A check younger than `maxAgeMs` (default 30 s) is reused. */
  async isAvailable(options: { signal?: AbortSignal; maxAgeMs?: number } = {}): Promise<boolean> {
    if (!this.config.enabled) return false;
    const last = this.#health;
    if (last && Date.now() - last.lastCheck.getTime() < (options.maxAgeMs ?? 30_000)) return last.status === 'healthy';
    return (await this.getHealth(options)).status === 'healthy';
  }

  /**
   * A minimal generate (`healthCheckMaxTokens`, default 5) against `healthCheckModel`. Resolves
   * with `unhealthy` and the error rather than rejecting; rejects only when `signal` aborts.
   */
  async getHealth(options: { signal?: AbortSignal } = {}): Promise<ProviderHealth> {
    const model = this.config.healthCheckModel;
    const started = performance.now();
    const base = { lastCheck: new Date(), model, modelCount: this.getModels().length };
    let health: ProviderHealth;
    try {
      this.#assertEnabled();
      const request: LLMRequest = { model, messages: [{ role: 'user', content: 'Hi' }], maxTokens: this.config.healthCheckMaxTokens, temperature: 0 };
      // The health model may sit outside the allow-list: it is the operator's own choice.
      await this.#generateVia(resolveRoute(request, this.config, { skipAllowList: true }), request, { signal: options.signal });
      this.#failures = 0;
      health = { ...base, status: 'healthy', latencyMs: performance.now() - started, errorCount: 0 };
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const e = error as { name?: string; code?: string; message?: string };
      health = {
        ...base,
        status: 'unhealthy',
        latencyMs: performance.now() - started,
        errorCount: ++this.#failures,
        lastError: { name: e?.name ?? 'Error', code: e?.code ?? 'unknown', kind: providerErrorKind(error), message: e?.message ?? String(error) },
      };
    }
    return (this.#health = health);
  }

  /** The result of the last `getHealth()`, if any. */
  get lastHealth(): ProviderHealth | undefined {
    return this.#health;
  }

  /** Closes the client's connections (not a shared `runtime` or your own dispatcher). */
  async close(): Promise<void> {
    if (this.#ownsRuntime) await this.runtime.close();
  }

  #assertEnabled(): void {
    if (!this.config.enabled) throw new ConfigurationError(`provider ${this.config.name} is disabled (enabled: false)`);
  }
}

/**
 * `generateStream`'s iterator, written by hand rather than as an async generator: a chunk already
 * decoded is handed out with no generator resumption, and the text is kept once (in the decoder's
 * builder; a failure's partial response is read from it). Not for concurrent `next()` calls (a
 * `for await` never makes them).
 */
class ChunkStream implements AsyncGenerator<StreamChunk, void, undefined> {
  #open: (() => Opened) | undefined;
  #opened: Opened | undefined;
  #events: AsyncIterator<unknown> | undefined;
  #decoder: Decoder | undefined;
  /** The runtime stream's synchronous take of an event already decoded; set once the decoder is. */
  #poll: (() => unknown) | undefined;
  /** Chunks decoded from the last event; `#at` is the next to hand out. */
  #buffer: StreamChunk[] = [];
  #at = 0;
  #delivered = 0;
  #ended = false;

  constructor(open: () => Opened) {
    this.#open = open;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<StreamChunk, void>> {
    const buffer = this.#buffer;
    if (this.#at < buffer.length) {
      this.#delivered++;
      return Promise.resolve({ value: buffer[this.#at++], done: false });
    }
    // Events of the last network chunk already decoded by the runtime: decoded here with no
    // promise or async frame per event (most of a fast stream's events arrive this way).
    const poll = this.#poll;
    if (poll && !this.#ended) {
      try {
        for (let e = poll(); e !== undefined; e = poll()) {
          const chunks = this.#decoder!.push(e);
          if (chunks.length) return Promise.resolve(this.#first(chunks));
        }
      } catch (error) {
        return Promise.reject(this.#failed(error));
      }
    }
    return this.#pull();
  }

  async #pull(): Promise<IteratorResult<StreamChunk, void>> {
    try {
      for (;;) {
        if (this.#ended) return { value: undefined, done: true };
        if (!this.#opened) {
          const open = this.#open!;
          this.#open = undefined;
          this.#opened = open();
          this.#events = this.#opened.stream[Symbol.asyncIterator]();
        }
        const r = await this.#events!.next();
        let d = this.#decoder;
        if (!d) {
          d = this.#decoder = await this.#opened.decoder();
          this.#poll = (this.#events as { [POLL]?: () => unknown })[POLL];
        }
        let chunks: StreamChunk[];
        if (r.done) {
          this.#ended = true;
          chunks = d.finish();
          // The last chunk is the finish; the response settled with the stream's first event.
          (chunks[chunks.length - 1] as Extract<StreamChunk, { type: 'finish' }>).response.attempts = (await this.#opened.stream.response).attempts;
        } else chunks = d.push(r.value);
        if (chunks.length) return this.#first(chunks);
      }
    } catch (error) {
      throw this.#failed(error);
    }
  }

  /** Hands out the first of `chunks` (non-empty) and keeps the rest for the next calls. */
  #first(chunks: StreamChunk[]): IteratorResult<StreamChunk, void> {
    this.#buffer = chunks;
    this.#at = 1;
    this.#delivered++;
    return { value: chunks[0], done: false };
  }

  /** Ends the stream on `error`, with what was already delivered attached to it. */
  #failed(error: unknown): unknown {
    this.#ended = true;
    this.#buffer = [];
    if (this.#delivered > 0 && this.#opened) {
      const p = this.#decoder?.partial() ?? { content: '', reasoning: '', toolCalls: [] };
      attachPartial(error, { ...p, chunks: this.#delivered, modelId: this.#opened.modelId });
    }
    return error;
  }

  /** Stops: cancels the request if it started (its connection is freed). */
  async return(): Promise<IteratorResult<StreamChunk, void>> {
    const wasOpen = !this.#ended;
    this.#ended = true;
    this.#open = undefined;
    this.#buffer = [];
    if (wasOpen) await this.#events?.return?.();
    return { value: undefined, done: true };
  }

  async throw(error: unknown): Promise<IteratorResult<StreamChunk, void>> {
    await this.return();
    throw error;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }
}
