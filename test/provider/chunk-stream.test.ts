// generateStream's hand-written iterator: lazy start, cancellation, a long answer kept once and
// whole (its rope flattened as it grows), and the partial response of a failure read from the decoder.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { BedrockProvider, partialResponse } from '../../src/provider/index.js';
import { ResponseBuilder } from '../../src/codecs/builder.js';
import type { StreamChunk } from '../../src/codecs/index.js';
import { BedrockRuntime } from '../../src/runtime/index.js';
import { POLL } from '../../src/runtime/stream.js';
import { encodeEventStreamMessage } from '../../src/eventstream/index.js';

let emu: Emulator;
let provider: BedrockProvider;
const MODEL = 'anthropic.claude-3-5-haiku-20241022-v1:0';

beforeAll(async () => {
  emu = await startEmulator({ seed: 5, outputWords: 12_000 });
  provider = new BedrockProvider({ region: emu.region, endpoint: emu.url, credentials: emu.credentials }, { env: {} });
});
afterAll(async () => {
  await provider.close();
  await emu.close();
});

const request = { model: MODEL, messages: [{ role: 'user' as const, content: 'Tell me a long story.' }], maxTokens: 20_000 };

describe('generateStream iterator', () => {
  it('sends nothing until the first next(); return() before it sends nothing at all', async () => {
    const before = emu.requests.length;
    const s = provider.generateStream(request);
    await new Promise((r) => setTimeout(r, 20));
    expect(emu.requests.length).toBe(before);
    expect(await s.return(undefined)).toEqual({ value: undefined, done: true });
    expect(await s.next()).toEqual({ value: undefined, done: true });
    expect(emu.requests.length).toBe(before);
  });

  it('a long answer: the final content is exactly the text deltas delivered, in order', async () => {
    const deltas: string[] = [];
    let final: string | undefined;
    let finishes = 0;
    for await (const c of provider.generateStream(request)) {
      if (c.type === 'text') deltas.push(c.text);
      else if (c.type === 'finish') {
        finishes++;
        final = c.response.content;
      }
    }
    expect(finishes).toBe(1);
    const joined = deltas.join('');
    expect(joined.length).toBeGreaterThan(16_384 * 3); // long enough for the rope to be flattened several times
    expect(final).toBe(joined);
  });

  it('break mid-stream cancels the request and frees its connection; the iterator stays ended', async () => {
    const s = provider.generateStream(request);
    let n = 0;
    for await (const c of s) if (c.type === 'text' && ++n === 5) break;
    expect(n).toBe(5);
    expect(await s.next()).toEqual({ value: undefined, done: true });
    // The cancelled stream's socket is closed; a new request still works.
    const r = await provider.generate({ ...request, maxTokens: 10 });
    expect(r.content.length).toBeGreaterThan(0);
  });

  it('a failure mid-stream keeps what was delivered, read from the decoder', async () => {
    emu.inject({ kind: 'exception', exceptionType: 'modelStreamErrorException', afterEvents: 40 }, { times: 1 });
    let text = '';
    let caught: unknown;
    try {
      for await (const c of provider.generateStream(request)) if (c.type === 'text') text += c.text;
    } catch (e) {
      caught = e;
    }
    expect(caught).toMatchObject({ name: 'ModelStreamError' });
    const partial = partialResponse(caught)!;
    expect(partial.content).toBe(text);
    expect(partial.content.length).toBeGreaterThan(0);
    expect(partial.chunks).toBeGreaterThan(0);
    expect(partial.modelId).toBe(MODEL);
  });
});

describe('ResponseBuilder text', () => {
  it('text and reasoning parts are kept once each and joined in order for content/reasoning', () => {
    const b = new ResponseBuilder({ modelId: 'm' });
    const out: StreamChunk[] = [];
    let expected = '';
    for (let i = 0; i < 30_000; i++) {
      const d = `w${i} `;
      expected += d;
      b.addText(d, out);
    }
    b.endBlock();
    b.addReasoning('think', out, 'sig');
    b.endBlock();
    b.addText('tail', out);
    const r = b.build();
    expect(r.content).toBe(expected + 'tail');
    expect(r.reasoning).toBe('think');
    expect(r.parts!.map((p) => p.type)).toEqual(['text', 'reasoning', 'text']);
    expect(b.partial()).toEqual({ content: expected + 'tail', reasoning: 'think', toolCalls: [] });
  });
});

/** An InvokeModelWithResponseStream body of Anthropic events, every frame in one buffer (one network read). */
function anthropicBody(events: Array<object | string>): Uint8Array {
  const utf8 = new TextEncoder();
  const headers = {
    ':message-type': { type: 'string' as const, value: 'event' },
    ':event-type': { type: 'string' as const, value: 'chunk' },
    ':content-type': { type: 'string' as const, value: 'application/json' },
  };
  const frames = events.map((e) => {
    const json = typeof e === 'string' ? e : JSON.stringify(e);
    return encodeEventStreamMessage({ headers, payload: utf8.encode(JSON.stringify({ bytes: Buffer.from(json).toString('base64') })) });
  });
  return Buffer.concat(frames);
}

const deltas = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: `w${i} ` } }));
const start = [
  { type: 'message_start', message: { id: 'm', role: 'assistant', content: [], usage: { input_tokens: 3, output_tokens: 0 } } },
  { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
];

describe('events of one network read (taken synchronously from the runtime, no promise per event)', () => {
  // Writes a replayed body whole (≈16 KiB writes), so all its frames arrive in one read.
  let bulk: Emulator;
  let bulkProvider: BedrockProvider;
  beforeAll(async () => {
    bulk = await startEmulator({ seed: 5, coalesce: true });
    bulkProvider = new BedrockProvider({ region: bulk.region, endpoint: bulk.url, credentials: bulk.credentials }, { env: {} });
  });
  afterAll(async () => {
    await bulkProvider.close();
    await bulk.close();
  });

  it('the runtime stream hands out the rest of a decoded read through POLL, then nothing', async () => {
    const rt = new BedrockRuntime({ region: bulk.region, endpoint: bulk.url, credentials: bulk.credentials, env: {} });
    try {
      bulk.inject({ kind: 'replay', body: anthropicBody([...start, ...deltas(20)]) }, { times: 1 });
      const s = rt.invokeModelWithResponseStream({ modelId: MODEL, body: JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }) });
      const it = s[Symbol.asyncIterator]() as AsyncIterator<unknown> & { [POLL]: () => unknown };
      expect(it[POLL]()).toBeUndefined(); // nothing read yet
      expect((await it.next()).done).toBe(false);
      let polled = 0;
      while (it[POLL]() !== undefined) polled++;
      expect(polled).toBe(21); // the 22 frames came in one read: the first through next(), the rest here
      expect(await it.next()).toEqual({ value: undefined, done: true });
    } finally {
      await rt.close();
    }
  });

  it('a malformed chunk in the middle of a read: the chunks before it are delivered and kept in the partial', async () => {
    bulk.inject({ kind: 'replay', body: anthropicBody([...start, ...deltas(10), '{"type": "content_block_delta", "ind', ...deltas(5)]) }, { times: 1 });
    let text = '';
    let caught: unknown;
    try {
      for await (const c of bulkProvider.generateStream(request)) if (c.type === 'text') text += c.text;
    } catch (e) {
      caught = e;
    }
    expect(caught).toMatchObject({ name: 'MalformedResponseError' });
    expect(text).toBe(Array.from({ length: 10 }, (_, i) => `w${i} `).join(''));
    const partial = partialResponse(caught)!;
    expect(partial.content).toBe(text);
    expect(partial.chunks).toBe(10);
  });
});
