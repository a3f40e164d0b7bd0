// `bedrock-wire sonic`: a WAV (or text) question in, the answer's transcript on stdout and its
// speech as a 24 kHz WAV, against the embedded emulator (the default with no AWS configured) or an
// emulator named by --endpoint.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeIo } from './fake-io.js';
import { run } from '../../src/cli/main.js';
import { startEmulator } from '../../src/emulator/index.js';
import { encodeWav, parseWav } from '../../src/sonic/index.js';
import { pcmFrames } from '../bidi/sonic-events.js';

const io = (env: Record<string, string | undefined> = {}) => fakeIo(env);

const dir = mkdtempSync(join(tmpdir(), 'bw-sonic-'));

describe('bedrock-wire sonic', () => {
  it('--text with no AWS configured: the embedded emulator answers; transcript on stdout, 24 kHz WAV out', async () => {
    const t = io({});
    const out = join(dir, 'a.wav');
    expect(await run(['sonic', '--text', 'what is bedrock wire', '--out', out], t)).toBe(0);
    expect(t.out).toBe('You said: what is bedrock wire.\n');
    expect(t.err).toMatch(/embedded emulator/);
    const wav = parseWav(readFileSync(out));
    expect(wav.sampleRate).toBe(24000);
    expect(wav.pcm.length).toBeGreaterThan(24000); // more than half a second of speech
  });

  it('--in question.wav (16 kHz mono) against an emulator named by --endpoint: what it heard on stderr', async () => {
    const emu = await startEmulator();
    try {
      const question = join(dir, 'q.wav');
      writeFileSync(question, encodeWav(Buffer.concat(pcmFrames(1200, true)), 16000));
      const t = io({ AWS_ACCESS_KEY_ID: emu.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: emu.credentials.secretAccessKey });
      const out = join(dir, 'b.wav');
      expect(await run(['sonic', '--endpoint', emu.url, '--region', emu.region, '--in', question, '-o', out], t)).toBe(0);
      expect(t.err).toMatch(/heard: \(1\.2 seconds of speech\)/);
      expect(t.out).toBe('You said: I heard 1.2 seconds of speech.\n');
      expect(parseWav(readFileSync(out)).sampleRate).toBe(24000);
      expect(emu.requests.some((r) => r.operation === 'invoke-with-bidirectional-stream' && r.status === 200)).toBe(true);
    } finally {
      await emu.close();
    }
  });

  it('misuse: no question, a WAV at the wrong rate, not a WAV → exit 2 naming the flag', async () => {
    const t1 = io();
    expect(await run(['sonic'], t1)).toBe(2);
    expect(t1.err).toMatch(/--in question\.wav/);
    const wrong = join(dir, 'w.wav');
    writeFileSync(wrong, encodeWav(new Uint8Array(100), 8000));
    const t2 = io();
    expect(await run(['sonic', '--in', wrong], t2)).toBe(2);
    expect(t2.err).toMatch(/--in: expected a 16 kHz WAV, got 8000 Hz/);
    const junk = join(dir, 'j.wav');
    writeFileSync(junk, 'not audio');
    const t3 = io();
    expect(await run(['sonic', '--in', junk], t3)).not.toBe(0);
    expect(t3.err).toMatch(/--in: not a WAV file/);
  });
});
