// Every operation through the real transports against the emulator, with each kind of auth.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { ANTHROPIC, CONVERSE, anthropicBody, client, converseInput, drain, startTestEmulator, text, transports } from './harness.js';
import type { AuthKind } from './harness.js';

let plain: Emulator;
let session: Emulator; // demands a session token
let emu: Emulator; // the one the current test talks to
beforeAll(async () => {
  plain = await startTestEmulator();
  session = await startTestEmulator(true);
  emu = plain;
});
afterAll(async () => {
  await plain.close();
  await session.close();
});

const auths: AuthKind[] = ['bearer', 'sigv4', 'session'];

describe.each(transports)('%s transport', (transport) => {
  describe.each(auths)('%s auth', (auth) => {
    beforeEach(() => {
      emu = auth === 'session' ? session : plain;
    });
    afterAll(() => {
      emu = plain;
    });
    it('invokeModel (Anthropic) returns the model JSON and response metadata', async () => {
      const rt = client(emu, transport, auth);
      try {
        const out = await rt.invokeModel({ modelId: ANTHROPIC, body: anthropicBody });
        const json = JSON.parse(text(out.body));
        expect(json.type).toBe('message');
        expect(json.content[0].type).toBe('text');
        expect(json.content[0].text.length).toBeGreaterThan(0);
        expect(out.contentType).toMatch(/^application\/json/);
        expect(out.requestId).toMatch(/\S/);
        expect(out.attempts).toBe(1);
        const req = emu.requests.at(-1)!;
        expect(req.operation).toBe('invoke');
        expect(req.auth).toBe(auth === 'bearer' ? 'bearer' : 'sigv4');
        expect(req.path).toBe('/model/anthropic.claude-3-haiku-20240307-v1%3A0/invoke');
        expect(JSON.parse(text(req.body))).toEqual(anthropicBody);
        if (auth === 'session') expect(req.headers['x-amz-security-token']).toBeTruthy();
        if (auth === 'sigv4') expect(req.headers['x-amz-security-token']).toBeUndefined();
      } finally {
        await rt.close();
      }
    });

    it('invokeModelWithResponseStream (Anthropic) yields the model events as chunk bytes', async () => {
      const rt = client(emu, transport, auth);
      try {
        const stream = rt.invokeModelWithResponseStream({ modelId: ANTHROPIC, body: anthropicBody });
        const types: string[] = [];
        let answer = '';
        for await (const e of stream) {
          expect(e.type).toBe('chunk');
          const inner = JSON.parse(text(e.bytes));
          types.push(inner.type);
          if (inner.type === 'content_block_delta') answer += inner.delta.text ?? '';
        }
        expect(types[0]).toBe('message_start');
        expect(types.at(-1)).toBe('message_stop');
        expect(types).toContain('content_block_delta');
        expect(answer.length).toBeGreaterThan(0);
        const meta = await stream.response;
        expect(meta.status).toBe(200);
        expect(meta.attempts).toBe(1);
        expect(meta.requestId).toBe(meta.headers['x-amzn-requestid']);
        expect(emu.requests.at(-1)!.headers['accept']).toBe('application/vnd.amazon.eventstream');
      } finally {
        await rt.close();
      }
    });

    it('converse returns output, stopReason, usage and metrics', async () => {
      const rt = client(emu, transport, auth);
      try {
        const out = await rt.converse(converseInput);
        expect(out.output.message.role).toBe('assistant');
        const first = out.output.message.content[0];
        expect('text' in first && first.text.length).toBeGreaterThan(0);
        expect(typeof out.stopReason).toBe('string');
        expect(out.usage.inputTokens).toBeGreaterThan(0);
        expect(out.metrics).toBeDefined();
        expect(out.requestId).toMatch(/\S/);
        const sent = JSON.parse(text(emu.requests.at(-1)!.body));
        expect(sent.modelId).toBeUndefined();
        expect(sent.messages).toEqual(converseInput.messages);
      } finally {
        await rt.close();
      }
    });

    it('converseStream yields typed events without the p padding', async () => {
      const rt = client(emu, transport, auth);
      try {
        const { events, error } = await drain(rt.converseStream(converseInput));
        expect(error).toBeUndefined();
        expect(events[0].type).toBe('messageStart');
        expect(events.at(-1)!.type).toBe('metadata');
        expect(events.some((e) => e.type === 'contentBlockDelta')).toBe(true);
        for (const e of events) expect(e.data).not.toHaveProperty('p');
        const last = events.at(-1)!;
        expect(last.type === 'metadata' && last.data.usage.outputTokens).toBeGreaterThan(0);
      } finally {
        await rt.close();
      }
    });
  });

  it('countTokens for an InvokeModel body and for a Converse request', async () => {
    const rt = client(emu, transport);
    try {
      const a = await rt.countTokens({ modelId: ANTHROPIC, input: { invokeModel: { body: anthropicBody } } });
      expect(a.inputTokens).toBeGreaterThan(0);
      expect(Number.isInteger(a.inputTokens)).toBe(true);
      const sent = JSON.parse(text(emu.requests.at(-1)!.body));
      expect(JSON.parse(Buffer.from(sent.input.invokeModel.body, 'base64').toString())).toEqual(anthropicBody);
      const { modelId: _, ...converse } = converseInput;
      const b = await rt.countTokens({ modelId: CONVERSE, input: { converse } });
      expect(b.inputTokens).toBeGreaterThan(0);
      expect(emu.requests.at(-1)!.path).toMatch(/\/count-tokens$/);
    } finally {
      await rt.close();
    }
  });
});

describe('request headers', () => {
  it('sends the Bedrock headers of the input and signs them', async () => {
    const rt = client(emu);
    try {
      await rt.invokeModel({
        modelId: ANTHROPIC,
        body: anthropicBody,
        trace: 'ENABLED',
        guardrailIdentifier: 'gr-1',
        guardrailVersion: '2',
        performanceConfigLatency: 'optimized',
        serviceTier: 'priority',
      });
      const h = emu.requests.at(-1)!.headers;
      expect(h['x-amzn-bedrock-trace']).toBe('ENABLED');
      expect(h['x-amzn-bedrock-guardrailidentifier']).toBe('gr-1');
      expect(h['x-amzn-bedrock-guardrailversion']).toBe('2');
      expect(h['x-amzn-bedrock-performanceconfig-latency']).toBe('optimized');
      expect(h['x-amzn-bedrock-service-tier']).toBe('priority');
      expect(h['authorization']).toMatch(/SignedHeaders=[^,]*x-amzn-bedrock-trace/);
    } finally {
      await rt.close();
    }
  });

  it('encodes an ARN model id once in the path', async () => {
    const rt = client(emu);
    const arn = 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0';
    try {
      await rt.invokeModel({ modelId: arn, body: anthropicBody });
      expect(emu.requests.at(-1)!.path).toBe(`/model/${encodeURIComponent(arn)}/invoke`);
      expect(emu.requests.at(-1)!.status).toBe(200);
    } finally {
      await rt.close();
    }
  });
});
