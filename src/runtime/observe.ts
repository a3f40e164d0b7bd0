// Visibility without patching: hooks on the client's options, `node:diagnostics_channel` channels
// on Node, and the BEDROCK_WIRE_DEBUG line. All three see the same events, per attempt:
//
//   request:start  an attempt is about to be signed and sent
//   request:end    the attempt succeeded: the whole body was read (unary) or the stream ended
//   request:retry  the attempt failed and another follows after `delayMs`
//   request:error  the attempt failed and the call ends with `error`
//
// Every `start` is followed by exactly one `end`, `retry` or `error` of the same `callId` and
// `attempt`. Payloads are plain data built from the operation, the model id, the endpoint's origin
// and path, the status and the request id: never a header, a credential, a key or a body.
// When nothing listens (no hook, no subscriber, no debug switch) a call costs one check.
import type { Operation } from '../aws/index.js';
import { BedrockError } from '../errors.js';

/** The diagnostics_channel names (Node, Bun, Deno: wherever `process.getBuiltinModule` exists). */
export const BEDROCK_CHANNELS = {
  start: 'bedrock-wire:request:start',
  end: 'bedrock-wire:request:end',
  error: 'bedrock-wire:request:error',
  retry: 'bedrock-wire:request:retry',
} as const;

/** What every event carries. */
export interface RequestEventBase {
  /** Joins the events of one call (its attempts and retries); unique per process. */
  callId: number;
  /** The wire operation: `invoke`, `invoke-with-response-stream`, `converse`, `converse-stream`, `count-tokens`, ... */
  operation: Operation | (string & {});
  /** The model id, inference profile id or ARN as sent. */
  modelId: string;
  method: 'POST';
  /** Origin and path of the request (no user info, no query). */
  url: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** When this attempt started, ms since the epoch (`Date.now()`). */
  startTime: number;
}

export type RequestStartEvent = RequestEventBase;

export interface RequestEndEvent extends RequestEventBase {
  status: number;
  /** The service's request id (`x-amzn-requestid`). */
  requestId: string;
  /** From this attempt's start to the end of the response body (of the stream, for streams). */
  durationMs: number;
  /** `true` when the caller stopped reading a stream (`break`) before it ended. */
  cancelled?: boolean;
}

export interface RequestRetryEvent extends RequestEventBase {
  /** The typed error of the failed attempt. */
  error: unknown;
  /** HTTP status of the failed attempt, when it got one. */
  status?: number;
  requestId?: string;
  durationMs: number;
  /** The wait before attempt `attempt + 1`. */
  delayMs: number;
}

export interface RequestErrorEvent extends RequestEventBase {
  /** The error the call ends with (its `attempts` is set). */
  error: unknown;
  status?: number;
  requestId?: string;
  durationMs: number;
}

/**
 * Hooks for logs and metrics. Called synchronously, per attempt; a hook that throws does not fail
 * the call (its error is rethrown on a later tick, as `diagnostics_channel` does).
 */
export interface BedrockHooks {
  onRequest?: (event: RequestStartEvent) => void;
  onResponse?: (event: RequestEndEvent) => void;
  onRetry?: (event: RequestRetryEvent) => void;
  onError?: (event: RequestErrorEvent) => void;
}

interface Channel {
  readonly hasSubscribers: boolean;
  publish(message: unknown): void;
}
type Channels = Record<keyof typeof BEDROCK_CHANNELS, Channel>;

/** undefined: not looked up yet; null: no diagnostics_channel here. */
let channels: Channels | null | undefined;

function lookUpChannels(): Channels | null {
  try {
    const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
    const dc = get?.('node:diagnostics_channel') as { channel(name: string): Channel } | undefined;
    if (!dc) return null;
    return {
      start: dc.channel(BEDROCK_CHANNELS.start),
      end: dc.channel(BEDROCK_CHANNELS.end),
      error: dc.channel(BEDROCK_CHANNELS.error),
      retry: dc.channel(BEDROCK_CHANNELS.retry),
    };
  } catch {
    return null;
  }
}

let lastCallId = 0;

function rethrowLater(err: unknown): void {
  queueMicrotask(() => {
    throw err;
  });
}

/** The sinks a client was built with: hooks and the debug line. */
export interface Sinks {
  hooks: BedrockHooks | undefined;
  debug: ((line: string) => void) | undefined;
}

/**
 * The client's sinks from its options: `undefined` hooks when none is given; `debug` when
 * `BEDROCK_WIRE_DEBUG` (the client's env) is set to anything but `0` / `false`.
 */
export function sinksFrom(options: BedrockHooks, debugFlag: string | undefined): Sinks {
  const { onRequest, onResponse, onRetry, onError } = options;
  const hooks = onRequest || onResponse || onRetry || onError ? { onRequest, onResponse, onRetry, onError } : undefined;
  const debug = debugFlag && debugFlag !== '0' && debugFlag !== 'false' ? (line: string) => console.error(line) : undefined;
  return { hooks, debug };
}

/**
 * The observer of one call, or `undefined` when nothing listens (the common case: one property
 * check per sink). Channels are looked up on the first call, never at import.
 */
export function observeCall(sinks: Sinks, operation: string, modelId: string, url: URL): CallObserver | undefined {
  const ch = (channels ??= lookUpChannels());
  const listening = ch !== null && (ch.start.hasSubscribers || ch.end.hasSubscribers || ch.error.hasSubscribers || ch.retry.hasSubscribers);
  if (!sinks.hooks && !sinks.debug && !listening) return undefined;
  return new CallObserver(sinks, listening ? ch : null, operation, modelId, url.origin + url.pathname);
}

export class CallObserver {
  readonly #sinks: Sinks;
  readonly #channels: Channels | null;
  readonly #base: Omit<RequestEventBase, 'attempt' | 'startTime'>;
  #attempt = 0;
  #startTime = 0;
  #t0 = 0;
  #open = false;

  constructor(sinks: Sinks, channels: Channels | null, operation: string, modelId: string, url: string) {
    this.#sinks = sinks;
    this.#channels = channels;
    this.#base = { callId: ++lastCallId, operation, modelId, method: 'POST', url };
  }

  start(attempt: number): void {
    this.#attempt = attempt;
    this.#startTime = Date.now();
    this.#t0 = performance.now();
    this.#open = true;
    const event: RequestStartEvent = { ...this.#base, attempt, startTime: this.#startTime };
    this.#emit('start', this.#sinks.hooks?.onRequest, event);
  }

  end(status: number, requestId: string, cancelled?: boolean): void {
    if (!this.#open) return;
    this.#open = false;
    const event: RequestEndEvent = { ...this.#head(), status, requestId, durationMs: performance.now() - this.#t0 };
    if (cancelled) event.cancelled = true;
    this.#emit('end', this.#sinks.hooks?.onResponse, event);
    this.#debug(`${status} request-id=${requestId || '-'}${cancelled ? ' cancelled' : ''}`, event.durationMs);
  }

  retry(error: unknown, delayMs: number): void {
    if (!this.#open) return;
    this.#open = false;
    const event: RequestRetryEvent = { ...this.#head(), ...errorFacts(error), error, durationMs: performance.now() - this.#t0, delayMs };
    this.#emit('retry', this.#sinks.hooks?.onRetry, event);
    this.#debug(describe(error, event), event.durationMs, ` retry in ${Math.round(delayMs)} ms`);
  }

  error(error: unknown): void {
    if (!this.#open) return;
    this.#open = false;
    const event: RequestErrorEvent = { ...this.#head(), ...errorFacts(error), error, durationMs: performance.now() - this.#t0 };
    this.#emit('error', this.#sinks.hooks?.onError, event);
    this.#debug(describe(error, event), event.durationMs);
  }

  #head(): RequestEventBase {
    return { ...this.#base, attempt: this.#attempt, startTime: this.#startTime };
  }

  #emit<E>(channel: keyof Channels, hook: ((e: E) => void) | undefined, event: E): void {
    if (hook) {
      try {
        hook(event);
      } catch (err) {
        rethrowLater(err);
      }
    }
    const ch = this.#channels?.[channel];
    if (ch?.hasSubscribers) ch.publish(event);
  }

  /** One line per finished attempt: method, path, status, request id, attempt, ms. */
  #debug(what: string, ms: number, tail = ''): void {
    if (!this.#sinks.debug) return;
    const path = new URL(this.#base.url).pathname;
    this.#sinks.debug(`[bedrock-wire] ${this.#base.method} ${path} ${what} attempt=${this.#attempt} ${Math.round(ms)}ms${tail}`);
  }
}

function errorFacts(error: unknown): { status?: number; requestId?: string } {
  if (!(error instanceof BedrockError)) return {};
  const out: { status?: number; requestId?: string } = {};
  if (error.httpStatus !== undefined) out.status = error.httpStatus;
  if (error.requestId) out.requestId = error.requestId;
  return out;
}

function describe(error: unknown, facts: { status?: number; requestId?: string }): string {
  const code = error instanceof BedrockError ? error.code : ((error as { name?: string } | null)?.name ?? 'Error');
  return `${facts.status ?? '-'} ${code} request-id=${facts.requestId ?? '-'}`;
}
