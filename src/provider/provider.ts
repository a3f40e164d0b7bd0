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
  detectFamily,
} from '../codecs/index.js';
import type { LLMRequest, LLMResponse, ResponseMeta, StreamChunk } from '../codecs/index.js';
import { BedrockError, ConfigurationError } from '../errors.js';
import { BedrockRuntime } from '../runtime/index.js';
import type { BedrockRuntimeOptions, DispatcherLike } from '../runtime/index.js';
import { normalizeConfig } from './config.js';
import type { BedrockConfigInput, BedrockProviderConfig } from './config.js';
import { providerErrorKind } from './error-kind.js';
import type { ProviderHealth } from './health.js';
import { capabilitiesOf, findModel, modelInfo, MODELS } from './models.js';
import type { ModelCapability, ModelInfo } from './models.js';
import { attachPartial } from './partial.js';
import type { PartialResponse } from './partial.js';
import { resolveRoute } from './route.js';
import type { Route } from './route.js';

export interface BedrockProviderOptions {
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
  /** Override the configured API for this call: `invoke` (family bodies) or `converse`. */
  api?: 'invoke' | 'converse';
}

const utf8 = new TextDecoder();

function parseJson(bytes: Uint8Array, what: string): unknown {
  try {
    return JSON.parse(utf8.decode(bytes));
  } catch {
    throw new BedrockError(`${what}: the model's JSON did not parse (${bytes.length} bytes)`);
  }
}

export class BedrockProvider {
  readonly config: BedrockProviderConfig;
  readonly runtime: BedrockRuntime;
  private readonly ownsRuntime: boolean;
  private health: ProviderHealth | undefined;
  private failures = 0;

  /**
   * @param config camelCase fields of `BedrockProviderConfig` (or a whole resolved one), merged
   *   with the environment by `normalizeConfig`. A seed config document (YAML/JSON, snake_case):
   *   `new BedrockProvider(resolveConfig(doc))` or `await loadConfigFile(path)`, both from
   *   `bedrock-wire/config`.
   */
  constructor(config: BedrockConfigInput = {}, options: BedrockProviderOptions = {}) {
    this.config = normalizeConfig(config, { env: options.env });
    const c = this.config;
    if (options.runtime) {
      this.runtime = options.runtime;
      this.ownsRuntime = false;
    } else {
      // The config already settled which auth applies (its own, else the environment's). Keep the
      // runtime from preferring an env bearer key over the config's own keys.
      const authMode = c.authMode === 'auto' && !c.apiKey && (c.credentials || c.profile || c.assumeRole) ? 'sigv4' : c.authMode;
      const o: BedrockRuntimeOptions = { region: c.region, authMode };
      if (c.endpoint) o.endpoint = c.endpoint;
      if (c.credentials) o.credentials = c.credentials;
      if (c.apiKey) o.apiKey = c.apiKey;
      if (c.profile) o.profile = c.profile;
      if (c.assumeRole) o.assumeRole = c.assumeRole;
      if (c.timeouts) o.timeouts = c.timeouts;
      if (c.maxAttempts !== undefined) o.maxAttempts = c.maxAttempts;
      if (options.env) o.env = options.env;
      if (options.dispatcher) o.dispatcher = options.dispatcher;
      if (options.fetch) o.fetch = options.fetch;
      if (options.retry) o.retry = options.retry;
      this.runtime = new BedrockRuntime(o);
      this.ownsRuntime = true;
    }
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
      return modelInfo(id, id, detectFamily(id, this.config.families[id]), 0, 0, '', 'not in the catalog');
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
    this.assertEnabled();
    validateRequest(request);
    return this.generateVia(this.route(request), request, options);
  }

  private async generateVia(route: Route, request: LLMRequest, options: GenerateOptions): Promise<LLMResponse> {
    const call = options.signal ? { signal: options.signal } : {};
    const meta: ResponseMeta = { modelId: route.modelId };
    if (request.id !== undefined) meta.requestId = request.id;
    const req = route.family === request.family ? request : { ...request, family: route.family };
    if ((options.api ?? this.config.api) === 'converse') {
      const body = encodeConverseRequest(req, { modelId: route.modelId });
      const out = await this.runtime.converse({ ...body, modelId: route.modelId }, call);
      meta.requestIdHint = out.requestId;
      return decodeConverseResponse(out, meta);
    }
    const codec = getCodec(route.family);
    const body = codec.encodeRequest(req, { modelId: route.modelId, stream: false });
    const out = await this.runtime.invokeModel({ modelId: route.modelId, body }, call);
    meta.requestIdHint = out.requestId;
    const response = codec.decodeResponse(parseJson(out.body, 'InvokeModel response'), meta);
    // Some bodies (Titan, Llama) count tokens only in the response headers.
    if (response.usage.totalTokens === 0 && (out.inputTokenCount ?? out.outputTokenCount) !== undefined) {
      const input = out.inputTokenCount ?? 0;
      const output = out.outputTokenCount ?? 0;
      response.usage = { ...response.usage, inputTokens: input, outputTokens: output, totalTokens: input + output };
    }
    return response;
  }

  /**
   * Streams deltas, then exactly one `{ type: 'finish', response }`. A failure mid-stream throws the
   * typed error after every chunk before it was delivered; `partialResponse(error)` gives what had
   * arrived.
   */
  async *generateStream(request: LLMRequest, options: GenerateOptions = {}): AsyncGenerator<StreamChunk, void, undefined> {
    this.assertEnabled();
    validateRequest(request);
    const route = this.route(request);
    const call = options.signal ? { signal: options.signal } : {};
    const meta: ResponseMeta = { modelId: route.modelId };
    if (request.id !== undefined) meta.requestId = request.id;
    const req = route.family === request.family ? request : { ...request, family: route.family };
    const partial: PartialResponse = { content: '', reasoning: '', toolCalls: [], chunks: 0, modelId: route.modelId };
    const track = (c: StreamChunk): StreamChunk => {
      partial.chunks++;
      if (c.type === 'text') partial.content += c.text;
      else if (c.type === 'reasoning') partial.reasoning += c.text;
      else if (c.type === 'tool-call-end') partial.toolCalls.push(c.toolCall);
      return c;
    };
    try {
      if ((options.api ?? this.config.api) === 'converse') {
        const body = encodeConverseRequest(req, { modelId: route.modelId });
        const stream = this.runtime.converseStream({ ...body, modelId: route.modelId }, call);
        let decoder: ReturnType<typeof createConverseStreamDecoder> | undefined;
        for await (const event of stream) {
          // The first event means the headers arrived: the service request id is known now.
          decoder ??= createConverseStreamDecoder({ ...meta, requestIdHint: (await stream.response).requestId });
          for (const c of decoder.push(event.type, event.data)) yield track(c);
        }
        decoder ??= createConverseStreamDecoder({ ...meta, requestIdHint: (await stream.response).requestId });
        for (const c of decoder.finish()) yield track(c);
        return;
      }
      const codec = getCodec(route.family);
      const body = codec.encodeRequest(req, { modelId: route.modelId, stream: true });
      const stream = this.runtime.invokeModelWithResponseStream({ modelId: route.modelId, body }, call);
      let decoder: ReturnType<typeof codec.createStreamDecoder> | undefined;
      for await (const event of stream) {
        decoder ??= codec.createStreamDecoder({ ...meta, requestIdHint: (await stream.response).requestId });
        const chunks = decoder.push(parseJson(event.bytes, 'stream chunk'));
        for (let i = 0; i < chunks.length; i++) yield track(chunks[i]);
      }
      decoder ??= codec.createStreamDecoder({ ...meta, requestIdHint: (await stream.response).requestId });
      for (const c of decoder.finish()) yield track(c);
    } catch (error) {
      if (partial.chunks > 0) attachPartial(error, partial);
      throw error;
    }
  }

  /** Enabled and the health check passes. A check younger than `maxAgeMs` (default 30 s) is reused. */
  async isAvailable(options: { signal?: AbortSignal; maxAgeMs?: number } = {}): Promise<boolean> {
    if (!this.config.enabled) return false;
    const maxAge = options.maxAgeMs ?? 30_000;
    const last = this.health;
    if (last && Date.now() - last.lastCheck.getTime() < maxAge) return last.status === 'healthy';
    return (await this.getHealth(options)).status === 'healthy';
  }

  /**
   * A minimal generate (`healthCheckMaxTokens`, default 5) against `healthCheckModel`. Resolves
   * with `unhealthy` and the error rather than rejecting; rejects only when `signal` aborts.
   */
  async getHealth(options: { signal?: AbortSignal } = {}): Promise<ProviderHealth> {
    const model = this.config.healthCheckModel;
    const started = performance.now();
    const lastCheck = new Date();
    const base = { lastCheck, model, modelCount: this.getModels().length };
    let health: ProviderHealth;
    try {
      this.assertEnabled();
      const request: LLMRequest = { model, messages: [{ role: 'user', content: 'Hi' }], maxTokens: this.config.healthCheckMaxTokens, temperature: 0 };
      // The health model may sit outside the allow-list: it is the operator's own choice.
      const route = resolveRoute(request, this.config, { skipAllowList: true });
      await this.generateVia(route, request, options.signal ? { signal: options.signal } : {});
      this.failures = 0;
      health = { ...base, status: 'healthy', latencyMs: performance.now() - started, errorCount: 0 };
    } catch (error) {
      if (options.signal?.aborted) throw error;
      this.failures++;
      const e = error as { name?: string; code?: string; message?: string };
      health = {
        ...base,
        status: 'unhealthy',
        latencyMs: performance.now() - started,
        errorCount: this.failures,
        lastError: { name: e?.name ?? 'Error', code: e?.code ?? 'unknown', kind: providerErrorKind(error), message: e?.message ?? String(error) },
      };
    }
    this.health = health;
    return health;
  }

  /** The result of the last `getHealth()`, if any. */
  get lastHealth(): ProviderHealth | undefined {
    return this.health;
  }

  /** Closes the client's connections (not a shared `runtime` or your own dispatcher). */
  async close(): Promise<void> {
    if (this.ownsRuntime) await this.runtime.close();
  }

  private assertEnabled(): void {
    if (!this.config.enabled) throw new ConfigurationError(`provider ${this.config.name} is disabled (enabled: false)`);
  }
}
