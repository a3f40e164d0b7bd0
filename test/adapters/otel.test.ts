// bedrock-wire/otel: spans (the SDK's in-memory exporter) and metrics (a MeterProvider that records
// what the API is asked to record: @opentelemetry/sdk-metrics is not a dependency here) for calls
// against the emulator. Attribute and metric names are held against
// @opentelemetry/semantic-conventions' own constants.
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Attributes, Histogram, Meter, MeterProvider, MetricOptions } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import * as semconv from '@opentelemetry/semantic-conventions/incubating';
import { generateText, streamText } from 'ai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBedrockWire } from '../../src/adapters/ai-sdk/index.js';
import { instrumentBedrock } from '../../src/adapters/otel/index.js';
import type { Emulator } from '../../src/emulator/index.js';
import type { BedrockProvider } from '../../src/provider/index.js';
import { collect, makeProvider, startTestEmulator } from '../provider/harness.js';

const HAIKU = 'anthropic.claude-3-5-haiku-20241022-v1:0';

interface Recorded { name: string; options: MetricOptions | undefined; value: number; attributes: Attributes }

/** A MeterProvider that keeps every histogram record. */
class RecordingMeterProvider implements MeterProvider {
  records: Recorded[] = [];
  getMeter(): Meter {
    const records = this.records;
    const histogram = (name: string, options?: MetricOptions): Histogram => ({ record: (value, attributes = {}) => void records.push({ name, options, value, attributes }) });
    return { createHistogram: histogram } as unknown as Meter;
  }
}

let emu: Emulator;
const exporter = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
let meterProvider: RecordingMeterProvider;
const providers: BedrockProvider[] = [];

function provider(config: Record<string, unknown> = {}): BedrockProvider {
  const p = makeProvider(emu, config);
  providers.push(p);
  return p;
}

beforeAll(async () => {
  emu = await startTestEmulator();
  // Registered globally too: "not on by default" must hold even with a global SDK in place.
  trace.setGlobalTracerProvider(tracerProvider);
});
afterEach(() => {
  exporter.reset();
  emu.clearFaults();
});
afterAll(async () => {
  for (const p of providers) await p.close();
  await emu.close();
  trace.disable();
});

function instrument(p: BedrockProvider) {
  meterProvider = new RecordingMeterProvider();
  return instrumentBedrock(p, { tracerProvider, meterProvider });
}

const ask = (extra = {}) => ({ model: HAIKU, messages: [{ role: 'user' as const, content: 'What is the capital of France?' }], maxTokens: 200, temperature: 0.5, topP: 0.9, ...extra });

describe('spans', () => {
  it('nothing is emitted by default, even with a global tracer provider', async () => {
    const p = provider();
    await p.generate(ask());
    await collect(p.generateStream(ask()));
    expect(exporter.getFinishedSpans()).toHaveLength(0);
  });

  it('generate: one CLIENT span named "chat <model>" with the GenAI attributes', async () => {
    const p = provider();
    instrument(p);
    const r = await p.generate(ask({ stopSequences: ['END'], topK: 5 }));
    const [span] = exporter.getFinishedSpans();
    expect(span.name).toBe(`chat ${HAIKU}`);
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    const url = new URL(emu.url);
    expect(span.attributes).toEqual({
      [semconv.ATTR_GEN_AI_OPERATION_NAME]: semconv.GEN_AI_OPERATION_NAME_VALUE_CHAT,
      [semconv.ATTR_GEN_AI_PROVIDER_NAME]: semconv.GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK,
      [semconv.ATTR_SERVER_ADDRESS]: url.hostname,
      [semconv.ATTR_SERVER_PORT]: Number(url.port),
      [semconv.ATTR_GEN_AI_REQUEST_MODEL]: HAIKU,
      [semconv.ATTR_GEN_AI_REQUEST_STREAM]: false,
      [semconv.ATTR_GEN_AI_REQUEST_MAX_TOKENS]: 200,
      [semconv.ATTR_GEN_AI_REQUEST_TEMPERATURE]: 0.5,
      [semconv.ATTR_GEN_AI_REQUEST_TOP_P]: 0.9,
      [semconv.ATTR_GEN_AI_REQUEST_TOP_K]: 5,
      [semconv.ATTR_GEN_AI_REQUEST_STOP_SEQUENCES]: ['END'],
      [semconv.ATTR_GEN_AI_RESPONSE_ID]: r.id,
      [semconv.ATTR_GEN_AI_RESPONSE_MODEL]: r.model,
      [semconv.ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['end_turn'],
      [semconv.ATTR_GEN_AI_USAGE_INPUT_TOKENS]: r.usage.inputTokens,
      [semconv.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: r.usage.outputTokens,
      [semconv.ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: 0,
      [semconv.ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS]: 0,
    });
  });

  it('generateStream: time to first chunk, the finish reason and usage; a break ends the span cleanly', async () => {
    const p = provider();
    instrument(p);
    const s = await collect(p.generateStream(ask()));
    const [span] = exporter.getFinishedSpans();
    expect(span.attributes[semconv.ATTR_GEN_AI_REQUEST_STREAM]).toBe(true);
    expect(span.attributes[semconv.ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]).toBeGreaterThan(0);
    expect(span.attributes[semconv.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(s.finish!.usage.outputTokens);
    expect(span.attributes[semconv.ATTR_GEN_AI_RESPONSE_FINISH_REASONS]).toEqual(['end_turn']);
    exporter.reset();
    for await (const c of p.generateStream(ask())) if (c.type === 'text') break;
    const [cut] = exporter.getFinishedSpans();
    expect(cut.ended).toBe(true);
    expect(cut.status.code).toBe(SpanStatusCode.UNSET);
    expect(cut.attributes[semconv.ATTR_GEN_AI_RESPONSE_FINISH_REASONS]).toBeUndefined();
  });

  it('an error: error.type is the error code, status ERROR; a mid-stream one too', async () => {
    const p = provider({ maxAttempts: 1 });
    instrument(p);
    emu.inject({ kind: 'status', status: 429, errorType: 'ThrottlingException', message: 'slow down' });
    await expect(p.generate(ask())).rejects.toThrow(/slow down/);
    emu.inject({ kind: 'exception', afterEvents: 5, exceptionType: 'modelStreamErrorException', message: 'boom' });
    const s = await collect(p.generateStream(ask()));
    expect(s.error).toBeDefined();
    const [a, b] = exporter.getFinishedSpans();
    expect(a.attributes[semconv.ATTR_ERROR_TYPE]).toBe('ThrottlingException');
    expect(a.status).toEqual({ code: SpanStatusCode.ERROR, message: expect.stringMatching(/slow down/) });
    expect(b.attributes[semconv.ATTR_ERROR_TYPE]).toBe('ModelStreamErrorException');
    expect(b.attributes[semconv.ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]).toBeGreaterThan(0);
  });

  it('uninstrument() stops it; instrumenting twice is one instrumentation', async () => {
    const p = provider();
    const off = instrument(p);
    expect(instrumentBedrock(p, { tracerProvider })).toBe(off);
    await p.generate(ask());
    expect(exporter.getFinishedSpans()).toHaveLength(1);
    off();
    await p.generate(ask());
    expect(exporter.getFinishedSpans()).toHaveLength(1);
  });

  it('legacySystemAttribute adds the deprecated gen_ai.system', async () => {
    const p = provider();
    instrumentBedrock(p, { tracerProvider, metrics: false, legacySystemAttribute: true });
    await p.generate(ask());
    expect(exporter.getFinishedSpans()[0].attributes[semconv.ATTR_GEN_AI_SYSTEM]).toBe('aws.bedrock');
  });

  it('the AI SDK adapter over an instrumented provider: a span per step of the tool loop', async () => {
    const p = provider({ maxAttempts: 1 });
    instrument(p);
    const ai = createBedrockWire({ provider: p });
    const { tool, stepCountIs } = await import('ai');
    const { z } = await import('zod');
    const weather = tool({ inputSchema: z.object({ city: z.string() }), execute: async ({ city }) => `sunny in ${city}` });
    await generateText({ model: ai(HAIKU), tools: { weather }, stopWhen: stepCountIs(3), prompt: 'What is the weather in Paris?' });
    const s = streamText({ model: ai(HAIKU), prompt: 'Hello' });
    await s.text;
    const spans = exporter.getFinishedSpans();
    expect(spans.map((x) => x.attributes[semconv.ATTR_GEN_AI_RESPONSE_FINISH_REASONS])).toEqual([['tool_use'], ['end_turn'], ['end_turn']]);
    expect(spans.map((x) => x.attributes[semconv.ATTR_GEN_AI_REQUEST_STREAM])).toEqual([false, false, true]);
  });
});

describe('metrics', () => {
  it('operation duration, token usage by type, time to first chunk: names, units, attributes', async () => {
    const p = provider();
    instrument(p);
    const r = await p.generate(ask());
    await collect(p.generateStream(ask()));
    const by = (n: string) => meterProvider.records.filter((x) => x.name === n);
    const duration = by(semconv.METRIC_GEN_AI_CLIENT_OPERATION_DURATION);
    expect(duration).toHaveLength(2);
    expect(duration[0].options?.unit).toBe('s');
    expect(duration[0].value).toBeGreaterThan(0);
    expect(duration[0].attributes).toEqual({
      [semconv.ATTR_GEN_AI_OPERATION_NAME]: 'chat',
      [semconv.ATTR_GEN_AI_PROVIDER_NAME]: 'aws.bedrock',
      [semconv.ATTR_SERVER_ADDRESS]: new URL(emu.url).hostname,
      [semconv.ATTR_SERVER_PORT]: Number(new URL(emu.url).port),
      [semconv.ATTR_GEN_AI_REQUEST_MODEL]: HAIKU,
      [semconv.ATTR_GEN_AI_RESPONSE_MODEL]: r.model,
    });
    const tokens = by(semconv.METRIC_GEN_AI_CLIENT_TOKEN_USAGE);
    expect(tokens[0].options?.unit).toBe('{token}');
    expect(tokens.slice(0, 2).map((t) => [t.attributes[semconv.ATTR_GEN_AI_TOKEN_TYPE], t.value])).toEqual([
      [semconv.GEN_AI_TOKEN_TYPE_VALUE_INPUT, r.usage.inputTokens],
      [semconv.GEN_AI_TOKEN_TYPE_VALUE_OUTPUT, r.usage.outputTokens],
    ]);
    const ttfc = by(semconv.METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK);
    expect(ttfc).toHaveLength(1); // streams only
    expect(ttfc[0].value).toBeGreaterThan(0);
  });

  it('a failed call records its duration with error.type and no token usage', async () => {
    const p = provider({ maxAttempts: 1 });
    instrument(p);
    emu.inject({ kind: 'status', status: 400, errorType: 'ValidationException' });
    await p.generate(ask()).catch(() => {});
    expect(meterProvider.records.map((x) => [x.name, x.attributes[semconv.ATTR_ERROR_TYPE]])).toEqual([[semconv.METRIC_GEN_AI_CLIENT_OPERATION_DURATION, 'ValidationException']]);
  });
});

describe('secrets', () => {
  it('no credential, key, token or prompt text in any span or metric, failures included', async () => {
    const secrets = { accessKeyId: 'AKIDSECRETSHOULDNOTLEAK', secretAccessKey: 'wJalrXUtnFEMI/SECRETKEY/SHOULDNOTLEAK', sessionToken: 'SESSIONTOKENSHOULDNOTLEAK' };
    const apiKey = 'bedrock-api-key-APIKEYSHOULDNOTLEAK';
    const prompt = 'PROMPTTEXTSHOULDNOTLEAK';
    const calls: Array<[BedrockProvider, boolean]> = [
      [provider({ credentials: secrets, maxAttempts: 1 }), false],
      [provider({ credentials: undefined, apiKey, maxAttempts: 1 }), false],
      [provider({ credentials: { ...emu.credentials }, maxAttempts: 1 }), true],
    ];
    const recorded: Recorded[] = [];
    for (const [p, ok] of calls) {
      instrument(p);
      const req = ask({ messages: [{ role: 'user', content: prompt }] });
      if (ok) {
        await p.generate(req);
        await collect(p.generateStream(req));
      } else {
        await expect(p.generate(req)).rejects.toThrow(); // 403: wrong key / signature
        await collect(p.generateStream(req));
      }
      recorded.push(...meterProvider.records);
    }
    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(6);
    expect(spans.filter((s) => s.status.code === SpanStatusCode.ERROR)).toHaveLength(4);
    const dump = JSON.stringify([spans.map((s) => ({ name: s.name, attributes: s.attributes, status: s.status, events: s.events, links: s.links })), recorded]);
    for (const secret of [...Object.values(secrets), apiKey, prompt, 'SHOULDNOTLEAK']) expect(dump).not.toContain(secret);
  });
});
