// Public shapes of the wire client. Plain data: no classes, nothing that loads a transport.
import type { AuthOptions, AwsCredentials, CredentialProvider } from '../aws/index.js';
import type { BedrockHooks } from './observe.js';
import type {
  ContentBlockDeltaEvent,
  ContentBlockStartEvent,
  ContentBlockStopEvent,
  ConverseRequestFields,
  ConverseStreamMetadataEvent,
  ConverseTrace,
  JsonValue,
  ConverseMessage,
  MessageStartEvent,
  MessageStopEvent,
  PerformanceConfiguration,
  ServiceTier,
  StopReason,
  TokenUsage,
} from './converse-types.js';

/**
 * An undici `Dispatcher` (undici >= 7: the `onResponseStart` handler API), typed structurally so
 * that naming the type never loads undici.
 */
export interface DispatcherLike {
  dispatch(options: object, handler: object): boolean;
}

/**
 * Client options. The hooks (`onRequest`, `onResponse`, `onRetry`, `onError`: see `BedrockHooks`)
 * see every attempt; `BEDROCK_WIRE_DEBUG=1` in `env` logs one line per attempt to stderr.
 */
export interface BedrockRuntimeOptions extends BedrockHooks {
  /** Default: `AWS_REGION` / `AWS_DEFAULT_REGION`; a `ConfigurationError` when none is found. */
  region?: string;
  /** Default: `AWS_ENDPOINT_URL_BEDROCK_RUNTIME`, `AWS_ENDPOINT_URL`, then the regional endpoint. */
  endpoint?: string | URL;
  credentials?: AwsCredentials | CredentialProvider;
  /** A Bedrock API key (bearer). Default: `AWS_BEARER_TOKEN_BEDROCK`. */
  apiKey?: string;
  profile?: string;
  assumeRole?: AuthOptions['assumeRole'];
  authMode?: AuthOptions['authMode'];
  /** Your own undici dispatcher (never closed by `close()`). Default: one keep-alive `Agent` per client. */
  dispatcher?: DispatcherLike;
  /** Use the fetch transport (edge runtimes, bundles without undici). Default when `process.versions.node` is absent. */
  fetch?: typeof fetch;
  /** Attempts per call, first included. Default 3, at most 100. */
  maxAttempts?: number;
  /**
   * Backoff: full jitter, `random(0, min(maxDelayMs, baseDelayMs * 2^(attempt-1)))`. Defaults 200 ms
   * and 20 s. A `Retry-After` from the service is waited instead, capped at `maxRetryAfterMs` (20 s).
   */
  retry?: { baseDelayMs?: number; maxDelayMs?: number; maxRetryAfterMs?: number };
  /**
   * `connectMs` (default 10 s; undici transport with its own pool only), `firstByteMs` from sending
   * to the response headers (default 300 s: a non-streamed InvokeModel sends headers only when the
   * model is done), `idleMs` with no bytes while waiting for the next frame (default 60 s),
   * `totalMs` for a whole unary call, its attempts and the backoff between them together (default
   * 600 s), `streamMs` for a whole stream (default 0 = none: a stream may run as long as bytes keep
   * coming; `idleMs` still catches a stall). Each is an integer of milliseconds from 0 (= none) to
   * 2^31-1; a limit that fires is a `TimeoutError` whose `phase` names it.
   */
  timeouts?: { connectMs?: number; firstByteMs?: number; idleMs?: number; totalMs?: number; streamMs?: number };
  /**
   * Largest response body a unary call (InvokeModel, Converse, CountTokens) reads. Default 64 MiB.
   * Past it the connection is dropped and the call fails with `ResponseTooLargeError` (not
   * retried). Error bodies are read up to 64 KiB; stream messages are limited to 16 MiB each.
   */
  maxResponseBytes?: number;
  /** Environment to read instead of `process.env`. */
  env?: Record<string, string | undefined>;
  /**
   * undici transport: let V8 optimise undici's WebAssembly HTTP parser in the background, as it
   * does by default. Off by default: that compile delays the exit of a short-lived process by
   * ~100-300 ms after `close()` and costs ~35 MB of native memory; streaming measured the same
   * without it (`npm run bench e2e`).
   */
  optimizeHttpParser?: boolean;
}

export interface CallOptions {
  /**
   * Aborts the call, its retries and the sleep between them; the call rejects with an `AbortError`
   * whose `cause` is `signal.reason`.
   */
  signal?: AbortSignal;
}

export interface InvokeModelInput {
  modelId: string;
  /** An object is sent as JSON; a string as UTF-8. */
  body: Uint8Array | string | object;
  /** Default `application/json`. */
  contentType?: string;
  /** Default `application/json`. */
  accept?: string;
  trace?: 'ENABLED' | 'DISABLED' | 'ENABLED_FULL';
  guardrailIdentifier?: string;
  guardrailVersion?: string;
  performanceConfigLatency?: 'standard' | 'optimized';
  serviceTier?: string;
}

export interface InvokeModelOutput {
  body: Uint8Array;
  contentType: string;
  requestId: string;
  inputTokenCount?: number;
  outputTokenCount?: number;
  performanceConfigLatency?: string;
  serviceTier?: string;
  /** Attempts made, this one included. */
  attempts: number;
}

/** One `chunk` frame of InvokeModelWithResponseStream: `bytes` is the model's JSON, base64-decoded. */
export type RuntimeStreamEvent = { type: 'chunk'; bytes: Uint8Array };

/**
 * One ConverseStream event: `type` is the frame's `:event-type`, `data` its JSON without the `p`
 * padding. Discriminated on `type`: `if (e.type === 'contentBlockDelta') e.data.delta` is typed.
 * A frame of an event type this version does not know is skipped.
 */
export type ConverseStreamEvent =
  | { type: 'messageStart'; data: MessageStartEvent }
  | { type: 'contentBlockStart'; data: ContentBlockStartEvent }
  | { type: 'contentBlockDelta'; data: ContentBlockDeltaEvent }
  | { type: 'contentBlockStop'; data: ContentBlockStopEvent }
  | { type: 'messageStop'; data: MessageStopEvent }
  | { type: 'metadata'; data: ConverseStreamMetadataEvent };

export type ConverseStreamEventType = ConverseStreamEvent['type'];

export interface StreamResponse {
  requestId: string;
  status: number;
  headers: Record<string, string>;
  attempts: number;
}

/**
 * A streamed response. The request starts on the first `next()`; `break` / `return()` or an
 * aborted signal cancels it and frees the socket. Iterate once.
 */
export interface RuntimeStream<E> extends AsyncIterable<E> {
  /** Resolves with the headers of the attempt that succeeded; rejects if the stream fails before them. */
  readonly response: Promise<StreamResponse>;
}

/** A Converse / ConverseStream request: the service's request fields plus the model id (sent in the path). */
export interface ConverseInput extends ConverseRequestFields {
  modelId: string;
}

export interface ConverseOutput {
  output: { message: ConverseMessage };
  stopReason: StopReason;
  usage: TokenUsage;
  metrics: { latencyMs: number };
  additionalModelResponseFields?: JsonValue;
  trace?: ConverseTrace;
  performanceConfig?: PerformanceConfiguration;
  serviceTier?: ServiceTier;
  requestId: string;
  /** Attempts made, this one included. */
  attempts: number;
}

/** The AWS SDK's `CountTokens` input: an InvokeModel body (sent base64) or a Converse request. */
export interface CountTokensInput {
  modelId: string;
  input:
    | { invokeModel: { body: Uint8Array | string | object } }
    | { converse: Pick<ConverseRequestFields, 'messages' | 'system' | 'toolConfig' | 'additionalModelRequestFields'> };
}

export interface CountTokensOutput {
  inputTokens: number;
  requestId: string;
  /** Attempts made, this one included. */
  attempts: number;
}
