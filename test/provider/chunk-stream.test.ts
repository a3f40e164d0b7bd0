// generateStream's hand-written iterator: lazy start, cancellation, a long answer kept once and
// whole (its rope flattened as it grows), and the partial response of a failure read from the decoder.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { BedrockProvider, partialResponse } from '../../src/provider/index.js';
import { ResponseBuilder } from '../../src/codecs/builder.js';
import type { StreamChunk } from '../../src/codecs/index.js';

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
