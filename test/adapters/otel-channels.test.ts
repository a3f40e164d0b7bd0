// traceBedrockRequests(): a span per attempt from the request channels. The events here are
// published on the channels the way the client publishes them (same names, same payload fields).
import { channel } from 'node:diagnostics_channel';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import * as semconv from '@opentelemetry/semantic-conventions/incubating';
import { afterEach, describe, expect, it } from 'vitest';
import { REQUEST_CHANNELS, traceBedrockRequests } from '../../src/adapters/otel/index.js';
import { ThrottlingError } from '../../src/errors.js';

const exporter = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
afterEach(() => exporter.reset());

const base = { callId: 7, operation: 'converse-stream', modelId: 'amazon.nova-lite-v1:0', method: 'POST', url: 'https://bedrock-runtime.us-east-1.amazonaws.com/model/amazon.nova-lite-v1%3A0/converse-stream', startTime: Date.now() };
const publish = (name: keyof typeof REQUEST_CHANNELS, message: object) => channel(REQUEST_CHANNELS[name]).publish(message);

describe('traceBedrockRequests', () => {
  it('a retried call: one span per attempt, the failed one with error.type and status, the retry with resend_count', () => {
    const stop = traceBedrockRequests({ tracerProvider })!;
    const throttled = new ThrottlingError('ThrottlingException: slow down (HTTP 429, request id r-1)', { httpStatus: 429, requestId: 'r-1' });
    publish('start', { ...base, attempt: 1 });
    publish('retry', { ...base, attempt: 1, error: throttled, status: 429, requestId: 'r-1', durationMs: 5, delayMs: 120 });
    publish('start', { ...base, attempt: 2 });
    publish('end', { ...base, attempt: 2, status: 200, requestId: 'r-2', durationMs: 40 });
    stop();
    const [a, b] = exporter.getFinishedSpans();
    expect(a.name).toBe('POST converse-stream');
    expect(a.kind).toBe(SpanKind.CLIENT);
    expect(a.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.response.status_code': 429,
      'aws.request_id': 'r-1',
      [semconv.ATTR_SERVER_ADDRESS]: 'bedrock-runtime.us-east-1.amazonaws.com',
      [semconv.ATTR_SERVER_PORT]: 443,
      [semconv.ATTR_GEN_AI_PROVIDER_NAME]: 'aws.bedrock',
      [semconv.ATTR_GEN_AI_REQUEST_MODEL]: 'amazon.nova-lite-v1:0',
      [semconv.ATTR_ERROR_TYPE]: 'ThrottlingException',
      'bedrock_wire.retry_delay_ms': 120,
    });
    expect(a.attributes['http.request.resend_count']).toBeUndefined();
    expect(a.status).toEqual({ code: SpanStatusCode.ERROR, message: expect.stringMatching(/slow down/) });
    expect(b.attributes).toMatchObject({ 'http.request.resend_count': 1, 'http.response.status_code': 200, 'aws.request_id': 'r-2' });
    expect(b.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('nothing before it is called and nothing after it stops', () => {
    publish('start', { ...base, attempt: 1 });
    publish('end', { ...base, attempt: 1, status: 200, requestId: 'x', durationMs: 1 });
    const stop = traceBedrockRequests({ tracerProvider })!;
    stop();
    publish('start', { ...base, callId: 8, attempt: 1 });
    publish('end', { ...base, callId: 8, attempt: 1, status: 200, requestId: 'x', durationMs: 1 });
    expect(exporter.getFinishedSpans()).toHaveLength(0);
  });

  it('a call that ends in an error: the error span; a stream left early is marked cancelled', () => {
    const stop = traceBedrockRequests({ tracerProvider })!;
    publish('start', { ...base, attempt: 1 });
    publish('error', { ...base, attempt: 1, error: Object.assign(new Error('denied'), { code: 'AccessDeniedException' }), status: 403, durationMs: 3 });
    publish('start', { ...base, callId: 9, attempt: 1 });
    publish('end', { ...base, callId: 9, attempt: 1, status: 200, requestId: 'q', durationMs: 9, cancelled: true });
    stop();
    const [a, b] = exporter.getFinishedSpans();
    expect(a.attributes[semconv.ATTR_ERROR_TYPE]).toBe('AccessDeniedException');
    expect(a.status.code).toBe(SpanStatusCode.ERROR);
    expect(b.attributes['bedrock_wire.cancelled']).toBe(true);
  });
});
