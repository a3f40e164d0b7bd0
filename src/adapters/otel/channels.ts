// traceBedrockRequests(): one HTTP CLIENT span per attempt, from the client's
// `node:diagnostics_channel` channels (`bedrock-wire:request:start|end|retry|error`). Retries show
// as separate attempt spans (`http.request.resend_count`); under an active GenAI span (from
// instrumentBedrock, with a context manager registered) they are its children. Nothing is
// subscribed until this is called; the returned function unsubscribes.
//
// The channel payloads are plain data (operation, model id, origin and path, status, request id,
// attempt, timings, the typed error): no header, credential or body reaches an attribute.
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Span, TracerProvider } from '@opentelemetry/api';
import * as A from './attributes.js';

/** The channel names the client publishes on (see the runtime's observe.ts). */
export const REQUEST_CHANNELS = {
  start: 'bedrock-wire:request:start',
  end: 'bedrock-wire:request:end',
  retry: 'bedrock-wire:request:retry',
  error: 'bedrock-wire:request:error',
} as const;

interface AttemptEvent {
  callId: number;
  attempt: number;
  operation: string;
  modelId: string;
  method: string;
  url: string;
  startTime: number;
  status?: number;
  requestId?: string;
  error?: unknown;
  delayMs?: number;
  cancelled?: boolean;
}

interface DiagnosticsChannel {
  subscribe(channel: string, listener: (message: unknown) => void): void;
  unsubscribe(channel: string, listener: (message: unknown) => void): boolean;
}

export interface RequestTracingOptions {
  /** Default: the global one. */
  tracerProvider?: TracerProvider;
}

function errorType(error: unknown): string {
  const e = error as { code?: unknown; name?: unknown } | null;
  return e && typeof e.code === 'string' ? e.code : e && typeof e.name === 'string' ? e.name : '_OTHER';
}

/**
 * Subscribes to the client's request channels and makes a span per attempt. Returns a function
 * that unsubscribes. Where `node:diagnostics_channel` does not exist (browsers, workerd without
 * nodejs_compat) this does nothing and says so by returning `undefined`.
 */
export function traceBedrockRequests(options: RequestTracingOptions = {}): (() => void) | undefined {
  const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  const dc = get?.('node:diagnostics_channel') as DiagnosticsChannel | undefined;
  if (!dc) return undefined;
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer('bedrock-wire');
  const open = new Map<string, Span>();
  const key = (e: AttemptEvent) => `${e.callId}:${e.attempt}`;

  const onStart = (m: unknown) => {
    const e = m as AttemptEvent;
    const url = new URL(e.url);
    const span = tracer.startSpan(
      `${e.method} ${e.operation}`,
      {
        kind: SpanKind.CLIENT,
        startTime: e.startTime,
        attributes: {
          'http.request.method': e.method,
          'url.full': e.url,
          [A.SERVER_ADDRESS]: url.hostname,
          [A.SERVER_PORT]: url.port ? Number(url.port) : url.protocol === 'http:' ? 80 : 443,
          [A.PROVIDER_NAME]: A.AWS_BEDROCK,
          [A.REQUEST_MODEL]: e.modelId,
          'bedrock_wire.operation': e.operation,
          ...(e.attempt > 1 && { 'http.request.resend_count': e.attempt - 1 }),
        },
      },
      context.active(),
    );
    open.set(key(e), span);
  };
  const finish = (m: unknown, failed: boolean) => {
    const e = m as AttemptEvent;
    const span = open.get(key(e));
    if (!span) return;
    open.delete(key(e));
    if (e.status !== undefined) span.setAttribute('http.response.status_code', e.status);
    if (e.requestId) span.setAttribute('aws.request_id', e.requestId);
    if (e.cancelled) span.setAttribute('bedrock_wire.cancelled', true);
    if (failed) {
      span.setAttribute(A.ERROR_TYPE, errorType(e.error));
      if (e.delayMs !== undefined) span.setAttribute('bedrock_wire.retry_delay_ms', e.delayMs);
      // Our errors' messages hold the service's message, status and request id only.
      span.setStatus({ code: SpanStatusCode.ERROR, message: e.error instanceof Error ? e.error.message : errorType(e.error) });
    }
    span.end();
  };
  const onEnd = (m: unknown) => finish(m, false);
  const onFail = (m: unknown) => finish(m, true);
  const subscriptions: Array<[string, (m: unknown) => void]> = [
    [REQUEST_CHANNELS.start, onStart],
    [REQUEST_CHANNELS.end, onEnd],
    [REQUEST_CHANNELS.retry, onFail],
    [REQUEST_CHANNELS.error, onFail],
  ];
  for (const [name, fn] of subscriptions) dc.subscribe(name, fn);
  return () => {
    for (const [name, fn] of subscriptions) dc.unsubscribe(name, fn);
    for (const span of open.values()) span.end();
    open.clear();
  };
}
