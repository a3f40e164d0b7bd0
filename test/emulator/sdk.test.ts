import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  CountTokensCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { families, startEmulator, type Emulator } from '../../src/emulator/index.js';
import { cases } from './cases.js';
import { json, officialClient } from './client.js';

let emu: Emulator;
let client: BedrockRuntimeClient;
beforeAll(async () => {
  emu = await startEmulator({ seed: 7 });
  client = officialClient(emu);
});
afterAll(async () => {
  client.destroy();
  await emu.close();
});

const enc = new TextEncoder();

describe.each(cases)('$name through the official client', (c) => {
  it('invoke: body in the family shape, token headers', async () => {
    const out = await client.send(new InvokeModelCommand({ modelId: c.modelId, body: enc.encode(JSON.stringify(c.body('hello emulator', 200))) }));
    const text = (c.answer ?? String)(c.text(json(out.body)));
    expect(text.trim()).toMatch(/^You said: hello emulator\b/);
    const last = emu.requests[emu.requests.length - 1];
    expect(last.auth).toBe('sigv4');
    expect(last.modelId).toBe(c.modelId);
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('stream: chunks in the family shape; text and token counts agree with invoke', async () => {
    const body = enc.encode(JSON.stringify({ ...c.body('stream this please', 200), ...c.streamExtra }));
    const whole = await client.send(new InvokeModelCommand({ modelId: c.modelId, body }));
    const stream = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: c.modelId, body }));
    const chunks: any[] = [];
    for await (const e of stream.body!) chunks.push(json(e.chunk!.bytes));
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.map(c.chunkText).join('')).toBe(c.text(json(whole.body)));
    const metrics = chunks[chunks.length - 1]['amazon-bedrock-invocationMetrics'];
    expect(metrics.outputTokenCount).toBeGreaterThan(0);
    // The raw response of the non-stream call carried the same counts as headers.
    const raw = await fetchHeaders(c.modelId, body);
    expect(Number(raw['x-amzn-bedrock-output-token-count'])).toBe(metrics.outputTokenCount);
    expect(Number(raw['x-amzn-bedrock-input-token-count'])).toBe(metrics.inputTokenCount);
  });

  it('max tokens cut the answer', async () => {
    const out = await client.send(new InvokeModelCommand({ modelId: c.modelId, body: enc.encode(JSON.stringify(c.body('hello emulator', 3))) }));
    expect((c.answer ?? String)(c.text(json(out.body))).trim().split(/\s+/)).toHaveLength(3);
  });
});

/** The non-stream invoke again, through the emulator's own request log (headers are not exposed by the SDK). */
async function fetchHeaders(modelId: string, body: Uint8Array): Promise<Record<string, string>> {
  const headers: Record<string, string> = {};
  const handler = new NodeHttpHandler();
  const c = new BedrockRuntimeClient({
    endpoint: emu.url,
    region: emu.region,
    credentials: emu.credentials,
    requestHandler: handler,
  });
  c.middlewareStack.add(
    (next) => async (args) => {
      const r: any = await next(args);
      Object.assign(headers, r.response.headers);
      return r;
    },
    { step: 'deserialize', priority: 'low' } as any,
  );
  await c.send(new InvokeModelCommand({ modelId, body }));
  c.destroy();
  return headers;
}

describe('converse and count-tokens', () => {
  const messages = [{ role: 'user' as const, content: [{ text: 'hello converse' }] }];

  it.each(Object.values(families).map((ids) => ids[0]))('converse + converseStream agree for %s', async (modelId) => {
    const out = await client.send(new ConverseCommand({ modelId, messages, inferenceConfig: { maxTokens: 100 } }));
    const text = out.output!.message!.content!.map((b) => b.text ?? '').join('');
    expect(text).toMatch(/^You said: hello converse\b/);
    expect(out.stopReason).toBe('end_turn');
    expect(out.usage!.totalTokens).toBe(out.usage!.inputTokens! + out.usage!.outputTokens!);

    const stream = await client.send(new ConverseStreamCommand({ modelId, messages, inferenceConfig: { maxTokens: 100 } }));
    const types: string[] = [];
    let streamed = '';
    let usage: any;
    for await (const e of stream.stream!) {
      const type = Object.keys(e).find((k) => (e as any)[k] !== undefined)!;
      types.push(type);
      streamed += e.contentBlockDelta?.delta?.text ?? '';
      if (e.metadata) usage = e.metadata.usage;
    }
    expect(streamed).toBe(text);
    expect(types[0]).toBe('messageStart');
    expect(types.slice(-2)).toEqual(['messageStop', 'metadata']);
    expect(usage.outputTokens).toBe(out.usage!.outputTokens);
  });

  it('converse tool use: toolUse block with the input pieces adding up to JSON', async () => {
    const toolConfig = {
      tools: [{ toolSpec: { name: 'get_weather', inputSchema: { json: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } } }],
    };
    const ask = [{ role: 'user' as const, content: [{ text: 'What is the weather in Lisbon today?' }] }];
    const out = await client.send(new ConverseCommand({ modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0', messages: ask, toolConfig }));
    expect(out.stopReason).toBe('tool_use');
    const use = out.output!.message!.content!.find((b) => b.toolUse)!.toolUse!;
    expect(use.name).toBe('get_weather');
    expect(use.input).toEqual({ city: 'Lisbon' });
    expect(use.toolUseId).toMatch(/^tooluse_/);

    const stream = await client.send(new ConverseStreamCommand({ modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0', messages: ask, toolConfig }));
    let input = '';
    let started: any;
    for await (const e of stream.stream!) {
      if (e.contentBlockStart?.start?.toolUse) started = e.contentBlockStart.start.toolUse;
      input += e.contentBlockDelta?.delta?.toolUse?.input ?? '';
    }
    expect(started.name).toBe('get_weather');
    expect(JSON.parse(input)).toEqual({ city: 'Lisbon' });
  });

  it('converse reasoning when asked for', async () => {
    const stream = await client.send(
      new ConverseStreamCommand({
        modelId: 'us.anthropic.claude-sonnet-4-20250514-v1:0',
        messages,
        additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 1024 } },
      }),
    );
    let reasoning = '';
    let signature = '';
    for await (const e of stream.stream!) {
      const r = e.contentBlockDelta?.delta?.reasoningContent;
      reasoning += r?.text ?? '';
      signature += r?.signature ?? '';
    }
    expect(reasoning).toMatch(/hello converse/);
    expect(signature.length).toBeGreaterThan(20);
  });

  it('countTokens: invokeModel body and converse count like invoke does', async () => {
    const c = cases[0];
    const body = enc.encode(JSON.stringify(c.body('one two three four', 50)));
    // CountTokens takes the bare foundation id (a profile id is refused, as recorded).
    const bare = c.modelId.replace(/^us\./, '');
    const counted = await client.send(new CountTokensCommand({ modelId: bare, input: { invokeModel: { body } } }));
    const out = await client.send(new InvokeModelCommand({ modelId: c.modelId, body }));
    expect(counted.inputTokens).toBe(json(out.body).usage.input_tokens);
    const conv = await client.send(new CountTokensCommand({ modelId: bare, input: { converse: { messages } } }));
    expect(conv.inputTokens).toBe(2);
  });
});

describe('auth', () => {
  const body = enc.encode(JSON.stringify(cases[0].body('hi', 10)));
  const modelId = 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0';

  it('accepts an ARN model id signed by the official client (path encoded, then encoded again in the canonical request)', async () => {
    const out = await client.send(new InvokeModelCommand({ modelId, body }));
    expect(json(out.body).type).toBe('message');
    expect(emu.requests[emu.requests.length - 1].path).toContain('%2F');
  });

  it('wrong secret → InvalidSignatureException, unknown key → UnrecognizedClientException', async () => {
    const bad = officialClient(emu, { secret: 'not-the-secret' });
    await expect(bad.send(new InvokeModelCommand({ modelId, body }))).rejects.toMatchObject({
      name: 'InvalidSignatureException',
      $metadata: { httpStatusCode: 403 },
    });
    const unknown = officialClient(emu, { accessKeyId: 'AKIDSOMEONEELSE00000' });
    await expect(unknown.send(new InvokeModelCommand({ modelId, body }))).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    });
    bad.destroy();
    unknown.destroy();
  });

  it('bearer key through the official client; a wrong key is refused', async () => {
    const make = (token: string) =>
      new BedrockRuntimeClient({
        endpoint: emu.url,
        region: emu.region,
        token: { token },
        authSchemePreference: ['httpBearerAuth'],
        requestHandler: new NodeHttpHandler(),
        maxAttempts: 1,
      });
    const good = make(emu.apiKey);
    const out = await good.send(new InvokeModelCommand({ modelId, body }));
    expect(json(out.body).type).toBe('message');
    expect(emu.requests[emu.requests.length - 1].auth).toBe('bearer');
    const bad = make('bedrock-api-key-wrong');
    await expect(bad.send(new InvokeModelCommand({ modelId, body }))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    good.destroy();
    bad.destroy();
  });

  it('session token must match when the emulator is configured with one', async () => {
    const e2 = await startEmulator({ credentials: { accessKeyId: 'AKIDTEMP000000000000', secretAccessKey: 's3cret', sessionToken: 'tok-1' } });
    const make = (sessionToken: string) =>
      new BedrockRuntimeClient({
        endpoint: e2.url,
        region: e2.region,
        credentials: { ...e2.credentials, sessionToken },
        requestHandler: new NodeHttpHandler(),
        maxAttempts: 1,
      });
    const ok = make('tok-1');
    await expect(ok.send(new InvokeModelCommand({ modelId, body }))).resolves.toBeDefined();
    const wrong = make('tok-2');
    await expect(wrong.send(new InvokeModelCommand({ modelId, body }))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
    ok.destroy();
    wrong.destroy();
    await e2.close();
  });

  it("the official client's default HTTP/2 handler works too (h2c on the same port)", async () => {
    const h2 = officialClient(emu, { http2: true });
    const stream = await h2.send(new InvokeModelWithResponseStreamCommand({ modelId, body }));
    let n = 0;
    for await (const e of stream.body!) if (e.chunk) n++;
    expect(n).toBeGreaterThan(3);
    h2.destroy();
  });
});

describe('errors shaped like the service', () => {
  it('unknown model → 400 ValidationException (as AWS answers); malformed body → ValidationException; unknown route → 404', async () => {
    await expect(
      client.send(new InvokeModelCommand({ modelId: 'acme.unknown-model-v1', body: enc.encode('{}') })),
    ).rejects.toMatchObject({ name: 'ValidationException', message: 'The provided model identifier is invalid.', $metadata: { httpStatusCode: 400 } });
    await expect(
      client.send(new InvokeModelCommand({ modelId: cases[0].modelId, body: enc.encode('{not json') })),
    ).rejects.toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
    const r = await fetch(emu.url + '/nowhere', { method: 'POST', body: '{}' });
    expect(r.status).toBe(404);
    expect(r.headers.get('x-amzn-errortype')).toMatch(/^UnknownOperationException:/);
    expect(r.headers.get('x-amzn-requestid')).toBeTruthy();
  });

  it('missing auth → 403 MissingAuthenticationTokenException', async () => {
    const r = await fetch(`${emu.url}/model/${encodeURIComponent(cases[0].modelId)}/invoke`, { method: 'POST', body: '{}' });
    expect(r.status).toBe(403);
    expect(r.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException:http://internal.amazon.com/coral/com.amazon.coral.service/');
    expect(r.headers.get('content-type')).toBe('application/json');
    expect(await r.json()).toEqual({ message: 'Missing Authentication Token' });
  });
});
