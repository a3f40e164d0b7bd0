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
  /**
   * The wire operation: `invoke`, `invoke-with-response-stream`, `converse`, `converse-stream`,
   * `count-tokens`; for other calls (`request()`: guardrails, async invokes, rerank) the path's
   * last segment.
   */
  operation: Operation | (string & {});
  /** The model id, inference profile id or ARN as sent; `''` for calls without one. */
  modelId: string;
  method: 'GET' | 'POST';
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
  return {
    hooks: onRequest || onResponse || onRetry || onError ? { onRequest, onResponse, onRetry, onError } : undefined,
    debug: debugFlag && debugFlag !== '0' && debugFlag !== 'false' ? (line) => console.error(line) : undefined,
  };
}

/** Tells the sinks about one call's attempts. `done` reports `end`, `retry` or `error` once per `start`. */
export interface CallObserver {
  start(attempt: number): void;
  done(kind: 'end' | 'retry' | 'error', facts: { status?: number; requestId?: string; error?: unknown; delayMs?: number; cancelled?: boolean }): void;
}

const HOOK = { start: 'onRequest', end: 'onResponse', retry: 'onRetry', error: 'onError' } as const;

/**
 * The observer of one call, or `undefined` when nothing listens (the common case: a few property
 * checks). Channels are looked up on the first call, never at import.
 */
export function observeCall(sinks: Sinks, method: 'GET' | 'POST', url: URL, operation?: string, modelId = ''): CallObserver | undefined {
  const ch = (channels ??= lookUpChannels());
  const listening = ch !== null && (ch.start.hasSubscribers || ch.end.hasSubscribers || ch.error.hasSubscribers || ch.retry.hasSubscribers);
  if (!sinks.hooks && !sinks.debug && !listening) return undefined;
  const path = url.pathname;
  const base = {
    callId: ++lastCallId,
    operation: operation ?? path.slice(path.lastIndexOf('/') + 1),
    modelId,
    method,
    url: url.origin + path,
    attempt: 0,
    startTime: 0,
  };
  let t0 = 0;
  let open = false;
  const emit = (kind: keyof typeof HOOK, event: object): void => {
    const hook = sinks.hooks?.[HOOK[kind]] as ((e: object) => void) | undefined;
    try {
      hook?.(event);
    } catch (err) {
      // A hook's bug must not fail the call; it surfaces on a later tick, as with diagnostics_channel.
      queueMicrotask(() => {
        throw err;
      });
    }
    if (listening && ch[kind].hasSubscribers) ch[kind].publish(event);
  };
  return {
    start(attempt) {
      base.attempt = attempt;
      base.startTime = Date.now();
      t0 = performance.now();
      open = true;
      emit('start', { ...base });
    },
    done(kind, facts) {
      if (!open) return;
      open = false;
      const { error, delayMs, cancelled } = facts;
      const e = error instanceof BedrockError ? error : undefined;
      const status = facts.status ?? e?.httpStatus;
      const requestId = facts.requestId ?? e?.requestId;
      const event: Record<string, unknown> = { ...base, durationMs: performance.now() - t0 };
      if (status !== undefined) event.status = status;
      if (requestId !== undefined) event.requestId = requestId;
      if (kind !== 'end') event.error = error;
      if (delayMs !== undefined) event.delayMs = delayMs;
      if (cancelled) event.cancelled = true;
      emit(kind, event);
      // One line per finished attempt: method, path, status, request id, attempt, ms.
      sinks.debug?.(
        `[bedrock-wire] ${method} ${path} ${status ?? '-'}${kind === 'end' ? '' : ` ${e ? e.code : ((error as { name?: string } | null)?.name ?? 'Error')}`}` +
          ` request-id=${requestId || '-'}${cancelled ? ' cancelled' : ''} attempt=${base.attempt} ${Math.round(event.durationMs as number)}ms` +
          (delayMs === undefined ? '' : ` retry in ${Math.round(delayMs)} ms`),
      );
    },
  };
}
