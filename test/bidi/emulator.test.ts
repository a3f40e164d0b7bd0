// Whole Nova Sonic sessions against the emulator: the official client (every event signature
// checked by the emulator with @smithy/signature-v4) and ours; text, speech, tools, barge-in; a
// broken signature chain is refused.
import { BedrockRuntimeClient, InvokeModelWithBidirectionalStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import http2 from 'node:http2';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSigner, resolveAuth } from '../../src/aws/index.js';
import { eventSigner } from '../../src/aws/event-signer.js';
import { encodeEventStreamMessage } from '../../src/eventstream/index.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { ConfigurationError, ValidationError } from '../../src/errors.js';
import { BedrockRuntime } from '../../src/runtime/index.js';
import { closing, content, decodeOutput, pcmFrames, sessionEvents, SONIC } from './sonic-events.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ seed: 3 });
});
afterAll(() => emu.close());

const enc = new TextEncoder();

function ours(extra: object = {}) {
  return new BedrockRuntime({ region: emu.region, endpoint: emu.url, credentials: emu.credentials, env: {}, ...extra });
}

async function officialSession(events: object[]) {
  const client = new BedrockRuntimeClient({ endpoint: emu.url, region: emu.region, credentials: emu.credentials, maxAttempts: 1 });
  async function* body() {
    for (const e of events) yield { chunk: { bytes: enc.encode(JSON.stringify(e)) } };
  }
  try {
    const out = await client.send(new InvokeModelWithBidirectionalStreamCommand({ modelId: SONIC, body: body() }));
    const chunks: Uint8Array[] = [];
    for await (const e of out.body!) if (e.chunk?.bytes) chunks.push(e.chunk.bytes);
    return decodeOutput(chunks);
  } finally {
    client.destroy();
  }
}

describe('the official client against the emulator', () => {
  it('a whole text session: every event signature accepted, text and synthetic audio back', async () => {
    const events = [...sessionEvents({ text: 'what is the weather like' }), ...closing()];
    const before = emu.requests.length;
    const out = await officialSession(events);
    expect(emu.requests[before].status).toBe(200);
    const names = out.map((e) => e.name);
    expect(names[0]).toBe('completionStart');
    expect(names).toContain('audioOutput');
    expect(names[names.length - 1]).toBe('completionEnd');
    const final = out.filter((e) => e.name === 'textOutput' && e.body.role === 'ASSISTANT').map((e) => e.body.content);
    expect(final[final.length - 1]).toBe('You said: what is the weather like.');
    const audio = out.filter((e) => e.name === 'audioOutput').map((e) => Buffer.from(e.body.content, 'base64'));
    expect(audio.reduce((n, b) => n + b.length, 0)).toBeGreaterThan(24000); // > 0.5 s at 24 kHz 16-bit
  });

  it('speech in: a transcript (USER, FINAL) first, then the answer', async () => {
    const audio = [...pcmFrames(800, true), ...pcmFrames(700, false)];
    const out = await officialSession([...sessionEvents({ audio }), ...closing()]);
    const starts = out.filter((e) => e.name === 'contentStart');
    expect(starts[0].body.role).toBe('USER');
    expect(JSON.parse(starts[0].body.additionalModelFields).generationStage).toBe('FINAL');
    const texts = out.filter((e) => e.name === 'textOutput').map((e) => e.body.content);
    expect(texts[0]).toMatch(/^\(0\.8 seconds of speech\)$/);
    expect(texts[texts.length - 1]).toBe('You said: I heard 0.8 seconds of speech.');
  });
});

describe('our client against the emulator', () => {
  it('a text session through send()/end() and the async iterator', async () => {
    const rt = ours();
    const s = rt.invokeModelWithBidirectionalStream({ modelId: SONIC });
    for (const e of [...sessionEvents({ text: 'hello sonic' }), ...closing()]) await s.send(e);
    await s.end();
    const chunks: Uint8Array[] = [];
    for await (const e of s) chunks.push(e.bytes);
    const out = decodeOutput(chunks);
    expect((await s.response).status).toBe(200);
    expect((await s.response).requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.filter((e) => e.name === 'textOutput').map((e) => e.body.content)).toEqual(['You said: hello sonic.', 'You said: hello sonic.']);
    await rt.close();
    // No session left behind: the emulator sees every socket closed (the official client's too).
    await vi.waitFor(() => expect(emu.openConnections()).toBe(0), { timeout: 5000 });
  });

  it('input as an AsyncIterable, like the official client', async () => {
    const rt = ours();
    async function* input() {
      for (const e of [...sessionEvents({ text: 'from an iterable' }), ...closing()]) yield enc.encode(JSON.stringify(e));
    }
    const chunks: Uint8Array[] = [];
    for await (const e of rt.invokeModelWithBidirectionalStream({ modelId: SONIC, input: input() })) chunks.push(e.bytes);
    expect(decodeOutput(chunks).some((e) => e.name === 'textOutput' && e.body.content === 'You said: from an iterable.')).toBe(true);
    await rt.close();
  });

  it('tool use: the model asks, the tool result comes back in a TOOL content, the answer uses it', async () => {
    const rt = ours();
    const s = rt.invokeModelWithBidirectionalStream({ modelId: SONIC });
    for (const e of sessionEvents({ text: 'weather in Paris', tools: true })) await s.send(e);
    const seen: string[] = [];
    for await (const c of s) {
      const [{ name, body }] = decodeOutput([c.bytes]);
      seen.push(name);
      if (name === 'toolUse') {
        expect(body.toolName).toBe('weather');
        expect(JSON.parse(body.content)).toEqual({ city: 'weather in Paris' });
        for (const e of content('prompt-1', 'tool-1', 'TOOL', 'TOOL', false, [{ toolResult: { content: '{"sky":"clear"}' } }], {
          toolResultInputConfiguration: { toolUseId: body.toolUseId, type: 'TEXT', textInputConfiguration: { mediaType: 'text/plain' } },
        }))
          await s.send(e);
      }
      if (name === 'textOutput' && body.role === 'ASSISTANT' && seen.includes('audioOutput')) {
        expect(body.content).toBe('The weather tool says: {"sky":"clear"}.');
        for (const e of closing()) await s.send(e);
        await s.end();
      }
    }
    expect(seen).toContain('toolUse');
    expect(seen[seen.length - 1]).toBe('completionEnd');
    await rt.close();
  });

  it('barge-in: speech while the answer is speaking → INTERRUPTED and { "interrupted" : true }', async () => {
    // 20 ms between answer frames: the answer takes seconds, the barge-in arrives after its first audio.
    emu.inject({ kind: 'delay', perChunkMs: 20 }, { operation: 'invoke-with-bidirectional-stream' });
    const rt = ours();
    const s = rt.invokeModelWithBidirectionalStream({ modelId: SONIC });
    const longText = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    for (const e of sessionEvents({ text: longText })) await s.send(e);
    const out: { name: string; body: any }[] = [];
    let barged = false;
    for await (const c of s) {
      const [e] = decodeOutput([c.bytes]);
      out.push(e);
      if (e.name === 'audioOutput' && !barged) {
        barged = true;
        for (const ev of content('prompt-1', 'audio-1', 'AUDIO', 'USER', true, pcmFrames(200, true).map((pcm) => ({ audioInput: { content: Buffer.from(pcm).toString('base64') } }))).slice(0, -1))
          await s.send(ev);
      }
      if (e.name === 'contentEnd' && e.body.stopReason === 'INTERRUPTED' && e.body.type === 'TEXT') break;
    }
    const audioEnd = out.find((e) => e.name === 'contentEnd' && e.body.type === 'AUDIO');
    expect(audioEnd?.body.stopReason).toBe('INTERRUPTED');
    expect(out.some((e) => e.name === 'textOutput' && e.body.content === '{ "interrupted" : true }')).toBe(true);
    // Far fewer audio frames than the whole answer (60 words × 240 ms = 144 frames of 100 ms).
    expect(out.filter((e) => e.name === 'audioOutput').length).toBeLessThan(144);
    await rt.close();
  });

  it('a broken signature chain: the first event whose :chunk-signature does not follow is refused with an exception frame', async () => {
    const signer = createSigner(resolveAuth({ credentials: emu.credentials, authMode: 'sigv4', env: {} }), { region: emu.region });
    const url = new URL(`/model/${encodeURIComponent(SONIC)}/invoke-with-bidirectional-stream`, emu.url);
    for (const breakAt of [0, 2]) {
      const { headers, events } = await signer.signStream!({ method: 'POST', url, headers: { 'content-type': 'application/vnd.amazon.eventstream' } }, eventSigner);
      const session = http2.connect(emu.url);
      const req = session.request({ ...headers, ':method': 'POST', ':path': url.pathname });
      const got: Buffer[] = [];
      req.on('data', (c) => got.push(c));
      const done = new Promise((ok) => req.on('close', ok));
      const list = sessionEvents({ text: 'hi' }).slice(0, 4);
      for (let i = 0; i < list.length; i++) {
        const inner = encodeEventStreamMessage({
          headers: { ':event-type': { type: 'string', value: 'chunk' }, ':message-type': { type: 'string', value: 'event' }, ':content-type': { type: 'string', value: 'application/json' } },
          payload: enc.encode(JSON.stringify({ bytes: Buffer.from(JSON.stringify(list[i])).toString('base64') })),
        });
        const date = new Date();
        const dateHeader = { ':date': { type: 'timestamp' as const, value: date } };
        const dateBytes = encodeEventStreamMessage({ headers: dateHeader, payload: new Uint8Array(0) }).subarray(12, 12 + 15);
        const sig = await events.sign(dateBytes, inner, date);
        if (i === breakAt) sig[5] ^= 1;
        req.write(encodeEventStreamMessage({ headers: { ...dateHeader, ':chunk-signature': { type: 'binary', value: sig } }, payload: inner }));
      }
      req.end();
      await done;
      session.close();
      const body = Buffer.concat(got).toString('latin1');
      expect(body).toContain(':exception-type');
      expect(body).toContain('validationException');
      expect(body).toContain(`Invalid signature on event ${breakAt + 1}`);
    }
  });

  it('a Bedrock API key is refused with a ConfigurationError before connecting', () => {
    const rt = new BedrockRuntime({ region: emu.region, endpoint: emu.url, apiKey: emu.apiKey, env: {} });
    const before = emu.requests.length;
    expect(() => rt.invokeModelWithBidirectionalStream({ modelId: SONIC })).toThrow(ConfigurationError);
    expect(() => rt.invokeModelWithBidirectionalStream({ modelId: SONIC })).toThrow(/API keys/);
    expect(emu.requests.length).toBe(before);
  });

  it('bad input is a ValidationError naming the field, nothing sent', async () => {
    const rt = ours();
    const s = rt.invokeModelWithBidirectionalStream({ modelId: SONIC });
    await expect(s.send(42 as any)).rejects.toThrow(ValidationError);
    await expect(s.send(null as any)).rejects.toThrow(/event/);
    expect(() => rt.invokeModelWithBidirectionalStream({ modelId: '' })).toThrow(/modelId/);
    await expect(rt.invokeModelWithBidirectionalStream({ modelId: SONIC }, { maxDurationMs: -1 }).send({})).rejects.toThrow(/maxDurationMs/);
    s.cancel();
    await rt.close();
  });
});
