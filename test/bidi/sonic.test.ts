// bedrock-wire/sonic against the emulator's scripted Nova Sonic: the session builds the event
// sequence (the emulator checks names, pairing and order and would answer a validationException),
// and the outputs arrive typed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { ValidationError } from '../../src/errors.js';
import { BedrockRuntime } from '../../src/runtime/index.js';
import { encodeWav, parseWav, startSonicSession, type SonicOutput } from '../../src/sonic/index.js';
import { pcmFrames } from './sonic-events.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ seed: 5 });
});
afterAll(() => emu.close());

const runtimeOptions = () => ({ region: emu.region, endpoint: emu.url, credentials: emu.credentials, env: {} });

async function collect(it: AsyncIterable<SonicOutput>, onEach?: (o: SonicOutput) => Promise<void> | void): Promise<SonicOutput[]> {
  const out: SonicOutput[] = [];
  for await (const o of it) {
    out.push(o);
    await onEach?.(o);
  }
  return out;
}

describe('startSonicSession', () => {
  it('a text turn: SPECULATIVE then FINAL text, audio at 24 kHz, turn end, usage; close() ends it', async () => {
    const s = startSonicSession({ runtime: runtimeOptions(), system: 'Be brief.' });
    await s.sendText('hello from the session');
    const out = await collect(s, (o) => (o.type === 'contentEnd' && o.role === 'ASSISTANT' && o.contentType === 'TEXT' && o.stopReason === 'END_TURN' ? s.close() : undefined));
    const texts = out.filter((o) => o.type === 'text');
    expect(texts.map((t) => [t.role, t.stage, t.text])).toEqual([
      ['ASSISTANT', 'SPECULATIVE', 'You said: hello from the session.'],
      ['ASSISTANT', 'FINAL', 'You said: hello from the session.'],
    ]);
    const audio = out.filter((o) => o.type === 'audio');
    expect(audio.length).toBeGreaterThan(3);
    expect(audio.every((a) => a.type === 'audio' && a.sampleRate === 24000 && a.pcm.length % 2 === 0)).toBe(true);
    expect(out.some((o) => o.type === 'usage' && o.totalTokens > 0)).toBe(true);
    expect(out[out.length - 1].type).toBe('completionEnd');
    expect(emu.requests[emu.requests.length - 1].status).toBe(200);
  });

  it('speech in: a USER transcript first; a WAV round trip through parseWav/encodeWav', async () => {
    const pcm = Buffer.concat([...pcmFrames(1000, true), ...pcmFrames(700, false)]);
    const wav = parseWav(encodeWav(pcm, 16000));
    expect(wav.sampleRate).toBe(16000);
    const s = startSonicSession({ runtime: runtimeOptions() });
    for (let at = 0; at < wav.pcm.length; at += 1024) await s.sendAudio(wav.pcm.subarray(at, at + 1024));
    const out = await collect(s, (o) => (o.type === 'contentEnd' && o.role === 'ASSISTANT' && o.contentType === 'TEXT' && o.stopReason === 'END_TURN' ? s.close() : undefined));
    const texts = out.filter((o) => o.type === 'text');
    expect(texts[0]).toMatchObject({ role: 'USER', stage: 'FINAL', text: '(1.0 seconds of speech)' });
    expect(texts[texts.length - 1]).toMatchObject({ role: 'ASSISTANT', text: 'You said: I heard 1.0 seconds of speech.' });
  });

  it('tools: onToolUse answers, the answer uses the result', async () => {
    const seen: unknown[] = [];
    const s = startSonicSession({
      runtime: runtimeOptions(),
      tools: [{ name: 'lookup', description: 'Looks things up', inputSchema: { type: 'object', properties: { query: { type: 'string' } } } }],
      onToolUse: (use) => {
        seen.push(use.input);
        return { answer: 42 };
      },
    });
    await s.sendText('the answer');
    const out = await collect(s, (o) => (o.type === 'contentEnd' && o.role === 'ASSISTANT' && o.contentType === 'TEXT' && o.stopReason === 'END_TURN' ? s.close() : undefined));
    expect(seen).toEqual([{ query: 'the answer' }]);
    expect(out.find((o) => o.type === 'toolUse')).toMatchObject({ name: 'lookup', input: { query: 'the answer' } });
    expect(out.filter((o) => o.type === 'text').pop()).toMatchObject({ text: 'The lookup tool says: {"answer":42}.' });
  });

  it('barge-in from the model and interrupt() on this side', async () => {
    emu.inject({ kind: 'delay', perChunkMs: 15 }, { operation: 'invoke-with-bidirectional-stream' });
    const rt = new BedrockRuntime(runtimeOptions());
    const s = startSonicSession({ runtime: rt });
    await s.sendText(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '));
    let audioSeen = 0;
    let spoke = false;
    const out = await collect(s, async (o) => {
      if (o.type === 'audio' && ++audioSeen === 2 && !spoke) {
        spoke = true;
        s.interrupt();
        for (const f of pcmFrames(300, true)) await s.sendAudio(f);
      }
      if (o.type === 'contentEnd' && o.stopReason === 'INTERRUPTED' && o.contentType === 'TEXT') await s.close();
    });
    expect(out.some((o) => o.type === 'interrupted' && o.source === 'client')).toBe(true);
    expect(out.some((o) => o.type === 'interrupted' && o.source === 'model')).toBe(true);
    // After interrupt(), no more audio of that answer reaches the caller.
    const from = out.findIndex((o) => o.type === 'interrupted' && o.source === 'client');
    const to = out.findIndex((o) => o.type === 'contentEnd' && o.contentType === 'AUDIO' && o.stopReason === 'INTERRUPTED');
    expect(from).toBeGreaterThan(0);
    expect(to).toBeGreaterThan(from);
    expect(out.slice(from, to).some((o) => o.type === 'audio')).toBe(false);
    await rt.close(); // a caller's runtime is left open by the session
  });

  it('misuse is a ValidationError naming the field', async () => {
    expect(() => startSonicSession({ runtime: runtimeOptions(), tools: [{ name: '' }] })).toThrow(/tools\[0\]\.name/);
    expect(() => startSonicSession({ runtime: runtimeOptions(), inputSampleRate: 5 })).toThrow(ValidationError);
    const s = startSonicSession({ runtime: runtimeOptions() });
    await expect(s.sendAudio('x' as any)).rejects.toThrow(/pcm/);
    await s.close();
    expect(() => s.sendText('late')).toThrow(/closed/);
    for await (const _ of s) void _;
    expect(() => parseWav(new Uint8Array(10))).toThrow(/not a WAV/);
  });
});
