// instrumentBedrock(): OpenTelemetry spans and metrics for a BedrockProvider's calls, following the
// GenAI semantic conventions. Nothing is on by default: a provider emits only after this is
// called on it, and `uninstrument()` puts it back. Everything that calls the provider is covered
// (your code, bedrock-wire/ai-sdk, bedrock-wire/langchain).
import { context, metrics, SpanKind, SpanStatusCode, trace, ValueType } from '@opentelemetry/api';
import type { Attributes, Histogram, MeterProvider, Span, Tracer, TracerProvider } from '@opentelemetry/api';
import type { LLMRequest, LLMResponse, StreamChunk } from '../../codecs/index.js';
import type { BedrockProvider, GenerateOptions } from '../../provider/index.js';
import * as A from './attributes.js';

export interface BedrockTelemetryOptions {
  /** Default: the global one (`trace.getTracerProvider()`). */
  tracerProvider?: TracerProvider;
  /** Default: the global one (`metrics.getMeterProvider()`). */
  meterProvider?: MeterProvider;
  /** Spans. Default true. */
  traces?: boolean;
  /** `gen_ai.client.*` histograms. Default true. */
  metrics?: boolean;
  /** Also set the deprecated `gen_ai.system` (for backends that predate `gen_ai.provider.name`). Default false. */
  legacySystemAttribute?: boolean;
}

const SCOPE = 'bedrock-wire';
const kInstrumented = Symbol.for('bedrock-wire.otel.instrumented');

interface Instruments {
  tracer: Tracer | undefined;
  duration: Histogram | undefined;
  tokens: Histogram | undefined;
  firstChunk: Histogram | undefined;
  base: Attributes;
}

function instruments(provider: BedrockProvider, o: BedrockTelemetryOptions): Instruments {
  const url = provider.runtime.endpoint;
  const base: Attributes = { [A.OPERATION_NAME]: A.CHAT, [A.PROVIDER_NAME]: A.AWS_BEDROCK, [A.SERVER_ADDRESS]: url.hostname };
  base[A.SERVER_PORT] = url.port ? Number(url.port) : url.protocol === 'http:' ? 80 : 443;
  if (o.legacySystemAttribute) base[A.SYSTEM] = A.AWS_BEDROCK;
  const meter = o.metrics === false ? undefined : (o.meterProvider ?? metrics.getMeterProvider()).getMeter(SCOPE);
  const seconds = { unit: 's', advice: { explicitBucketBoundaries: A.DURATION_BUCKETS } };
  return {
    tracer: o.traces === false ? undefined : (o.tracerProvider ?? trace.getTracerProvider()).getTracer(SCOPE),
    duration: meter?.createHistogram(A.METRIC_DURATION, { description: 'GenAI operation duration.', ...seconds }),
    tokens: meter?.createHistogram(A.METRIC_TOKEN_USAGE, {
      description: 'Number of input and output tokens used.',
      unit: '{token}',
      valueType: ValueType.INT,
      advice: { explicitBucketBoundaries: A.TOKEN_BUCKETS },
    }),
    firstChunk: meter?.createHistogram(A.METRIC_TIME_TO_FIRST_CHUNK, { description: 'Time to receive the first chunk of a streamed answer.', ...seconds }),
    base,
  };
}

/** The model a call is made for, as the caller named it (no secret: a model id, ARN or profile id). */
function requestAttributes(i: Instruments, request: LLMRequest, stream: boolean): Attributes {
  const a: Attributes = { ...i.base, [A.REQUEST_MODEL]: request.model, [A.REQUEST_STREAM]: stream };
  if (request.maxTokens !== undefined) a[A.REQUEST_MAX_TOKENS] = request.maxTokens;
  if (request.temperature !== undefined) a[A.REQUEST_TEMPERATURE] = request.temperature;
  if (request.topP !== undefined) a[A.REQUEST_TOP_P] = request.topP;
  if (request.topK !== undefined) a[A.REQUEST_TOP_K] = request.topK;
  if (request.stopSequences?.length) a[A.REQUEST_STOP_SEQUENCES] = request.stopSequences;
  return a;
}

/** A stable, low-cardinality error type: our error's `code`, else its `name`. Never its message's data. */
function errorType(error: unknown): string {
  const e = error as { code?: unknown; name?: unknown } | null;
  if (e && typeof e.code === 'string') return e.code;
  if (e && typeof e.name === 'string') return e.name;
  return '_OTHER';
}

/** One call's span and measurements. */
class Call {
  #i: Instruments;
  #span: Span | undefined;
  #attrs: Attributes;
  #started = performance.now();
  #done = false;

  constructor(i: Instruments, request: LLMRequest, stream: boolean) {
    this.#i = i;
    this.#attrs = requestAttributes(i, request, stream);
    this.#span = i.tracer?.startSpan(`${A.CHAT} ${request.model}`, { kind: SpanKind.CLIENT, attributes: this.#attrs });
  }

  /** Runs `fn` with the span active, so spans made below it (HTTP instrumentation) are its children. */
  run<T>(fn: () => T): T {
    return this.#span ? context.with(trace.setSpan(context.active(), this.#span), fn) : fn();
  }

  firstChunk(): void {
    const s = (performance.now() - this.#started) / 1000;
    this.#span?.setAttribute(A.RESPONSE_TIME_TO_FIRST_CHUNK, s);
    this.#i.firstChunk?.record(s, this.#metricAttrs());
  }

  ok(r: LLMResponse): void {
    if (this.#done) return;
    this.#done = true;
    const span = this.#span;
    if (span) {
      span.setAttribute(A.RESPONSE_ID, r.id);
      span.setAttribute(A.RESPONSE_MODEL, r.model);
      span.setAttribute(A.RESPONSE_FINISH_REASONS, [r.rawFinishReason ?? r.finishReason]);
      span.setAttribute(A.USAGE_INPUT_TOKENS, r.usage.inputTokens);
      span.setAttribute(A.USAGE_OUTPUT_TOKENS, r.usage.outputTokens);
      if (r.usage.cacheReadTokens !== undefined) span.setAttribute(A.USAGE_CACHE_READ, r.usage.cacheReadTokens);
      if (r.usage.cacheWriteTokens !== undefined) span.setAttribute(A.USAGE_CACHE_CREATION, r.usage.cacheWriteTokens);
      span.end();
    }
    const m = this.#metricAttrs(r.model);
    this.#i.duration?.record((performance.now() - this.#started) / 1000, m);
    this.#i.tokens?.record(r.usage.inputTokens, { ...m, [A.TOKEN_TYPE]: 'input' });
    this.#i.tokens?.record(r.usage.outputTokens, { ...m, [A.TOKEN_TYPE]: 'output' });
  }

  fail(error: unknown): void {
    if (this.#done) return;
    this.#done = true;
    const type = errorType(error);
    if (this.#span) {
      this.#span.setAttribute(A.ERROR_TYPE, type);
      // Our errors' messages hold the service's message, status and request id only (errors.ts).
      this.#span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : type });
      this.#span.end();
    }
    this.#i.duration?.record((performance.now() - this.#started) / 1000, { ...this.#metricAttrs(), [A.ERROR_TYPE]: type });
  }

  /** The caller stopped reading a stream before its end: not an error, no answer to report. */
  cancelled(): void {
    if (this.#done) return;
    this.#done = true;
    this.#span?.end();
  }

  #metricAttrs(responseModel?: string): Attributes {
    const a = this.#attrs;
    const m: Attributes = { ...this.#i.base, [A.REQUEST_MODEL]: a[A.REQUEST_MODEL] };
    if (responseModel) m[A.RESPONSE_MODEL] = responseModel;
    return m;
  }
}

/**
 * Emits a span per call (`chat <model>`, kind CLIENT) and the `gen_ai.client.operation.duration`,
 * `gen_ai.client.token.usage` and (streams) `gen_ai.client.operation.time_to_first_chunk`
 * histograms for every `generate` / `generateStream` of `provider`. Returns `uninstrument()`.
 * Instrumenting an instrumented provider again is a no-op that returns the same function.
 */
export function instrumentBedrock(provider: BedrockProvider, options: BedrockTelemetryOptions = {}): () => void {
  const p = provider as BedrockProvider & { [kInstrumented]?: () => void };
  const existing = p[kInstrumented];
  if (existing) return existing;
  const i = instruments(provider, options);
  const generate = provider.generate;
  const generateStream = provider.generateStream;

  const instrumented = {
    generate(this: BedrockProvider, request: LLMRequest, opts?: GenerateOptions): Promise<LLMResponse> {
      const call = new Call(i, request, false);
      return call.run(() => generate.call(this, request, opts)).then(
        (r) => (call.ok(r), r),
        (e: unknown) => {
          call.fail(e);
          throw e;
        },
      );
    },
    generateStream(this: BedrockProvider, request: LLMRequest, opts?: GenerateOptions): AsyncGenerator<StreamChunk, void, undefined> {
      return traced(i, request, () => generateStream.call(this, request, opts));
    },
  };
  // Own properties shadow the prototype's methods on this instance only.
  Object.assign(provider, instrumented);
  const uninstrument = () => {
    delete (provider as Partial<typeof instrumented>).generate;
    delete (provider as Partial<typeof instrumented>).generateStream;
    delete p[kInstrumented];
  };
  p[kInstrumented] = uninstrument;
  return uninstrument;
}

/**
 * The stream, passed through chunk by chunk by a hand-written iterator (no extra generator frame
 * or per-chunk allocation on the hot path); the span starts with the request (the first `next()`).
 */
function traced(i: Instruments, request: LLMRequest, open: () => AsyncGenerator<StreamChunk, void, undefined>): AsyncGenerator<StreamChunk, void, undefined> {
  let call: Call | undefined;
  let inner: AsyncGenerator<StreamChunk, void, undefined> | undefined;
  let first = true;
  const it: AsyncGenerator<StreamChunk, void, undefined> = {
    async next() {
      if (!inner) {
        const c = (call = new Call(i, request, true));
        inner = c.run(open);
      }
      try {
        // The request starts on the first next(): only that one runs inside the span's context.
        const r = await (first ? call!.run(() => inner!.next()) : inner!.next());
        if (r.done) call!.cancelled(); // ended without a finish chunk (the provider always sends one)
        else {
          if (first) {
            first = false;
            call!.firstChunk();
          }
          if (r.value.type === 'finish') call!.ok(r.value.response);
        }
        return r;
      } catch (e) {
        call!.fail(e);
        throw e;
      }
    },
    async return() {
      call?.cancelled();
      return inner ? inner.return(undefined) : { done: true, value: undefined };
    },
    async throw(e: unknown) {
      call?.fail(e);
      if (inner) return inner.throw(e);
      throw e;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  } as AsyncGenerator<StreamChunk, void, undefined>;
  return it;
}
