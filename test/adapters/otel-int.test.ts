// traceBedrockRequests() with the client's own publishers: a throttled then successful call gives
// two attempt spans (the second with resend_count 1) beside the GenAI span of instrumentBedrock.
import { SpanStatusCode } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { instrumentBedrock, traceBedrockRequests } from '../../src/adapters/otel/index.js';
import type { Emulator } from '../../src/emulator/index.js';
import { makeProvider, startTestEmulator } from '../provider/harness.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.close());

it('a throttled attempt and its retry as two spans, with the call span', async () => {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const p = makeProvider(emu, { maxAttempts: 2 });
  instrumentBedrock(p, { tracerProvider, metrics: false });
  const stop = traceBedrockRequests({ tracerProvider })!;
  emu.inject({ kind: 'status', status: 429, errorType: 'ThrottlingException', message: 'slow down' }, { times: 1 });
  await p.generate({ model: 'anthropic.claude-3-5-haiku-20241022-v1:0', messages: [{ role: 'user', content: 'Hi' }] });
  stop();
  await p.close();
  const spans = exporter.getFinishedSpans();
  const attempts = spans.filter((s) => s.name === 'POST invoke');
  expect(attempts).toHaveLength(2);
  expect(attempts[0].attributes).toMatchObject({ 'http.response.status_code': 429, 'error.type': 'ThrottlingException' });
  expect(attempts[0].status.code).toBe(SpanStatusCode.ERROR);
  expect(attempts[1].attributes).toMatchObject({ 'http.response.status_code': 200, 'http.request.resend_count': 1 });
  expect(spans.filter((s) => s.name.startsWith('chat '))).toHaveLength(1);
});
