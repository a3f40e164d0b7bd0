// The CLI's embed, image, rerank and guardrail commands against the emulator.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { fakeIo } from './fake-io.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';

let emu: Emulator;
let dir: string;
beforeAll(async () => {
  emu = await startEmulator({ blockedWords: ['forbidden'] });
  dir = mkdtempSync(join(tmpdir(), 'bw-cli-ops-'));
});
afterAll(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

const io = (stdin = '') =>
  fakeIo({ AWS_REGION: emu.region, AWS_ACCESS_KEY_ID: emu.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: emu.credentials.secretAccessKey }, stdin);

describe('bedrock-wire embed / image / rerank / guardrail', () => {
  it('embed: JSON with one vector per text', async () => {
    const t = io();
    expect(await run(['embed', '--endpoint', emu.url, '-m', 'amazon.titan-embed-text-v2:0', '--dimensions', '256', 'hello', 'world'], t)).toBe(0);
    const out = JSON.parse(t.out);
    expect(out.embeddings.map((v: number[]) => v.length)).toEqual([256, 256]);
    expect(out.usage.inputTokens).toBeGreaterThan(0);
    const s = io('from stdin\n');
    expect(await run(['embed', '--endpoint', emu.url, '-m', 'cohere.embed-v4:0'], s)).toBe(0);
    expect(JSON.parse(s.out).embeddings[0]).toHaveLength(1536);
  });

  it('image: writes a PNG file', async () => {
    const t = io();
    const file = join(dir, 'out.png');
    expect(await run(['image', '--endpoint', emu.url, '-m', 'amazon.nova-canvas-v1:0', '-o', file, '--size', '320x320', 'a', 'lighthouse'], t)).toBe(0);
    expect([...readFileSync(file).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(t.out).toContain(file);
    const f = io();
    expect(await run(['image', '--endpoint', emu.url, '-m', 'amazon.nova-canvas-v1:0', '-o', file, 'forbidden'], f)).toBe(1);
    expect(f.err).toMatch(/content filter/);
  });

  it('rerank: index, score and document, best first', async () => {
    const t = io();
    expect(await run(['rerank', '--endpoint', emu.url, '-m', 'cohere.rerank-v3-5:0', '-q', 'capital of France', '-n', '1', 'Bananas are yellow', 'Paris is the capital of France'], t)).toBe(0);
    expect(t.out).toMatch(/^1\t0\.\d{4}\tParis is the capital of France\n$/);
  });

  it('guardrail: exit 0 for NONE, 3 when it intervenes', async () => {
    const ok = io();
    expect(await run(['guardrail', '--endpoint', emu.url, '-g', 'gr0abc', 'all good'], ok)).toBe(0);
    expect(ok.out).toMatch(/^NONE/);
    const hit = io();
    expect(await run(['guardrail', '--endpoint', emu.url, '-g', 'gr0abc', '--json', 'a forbidden word'], hit)).toBe(3);
    expect(JSON.parse(hit.out).action).toBe('GUARDRAIL_INTERVENED');
  });

  it('misuse: a missing model or query is exit 2 with a one-line reason', async () => {
    const t = io();
    expect(await run(['embed', 'x'], t)).toBe(2);
    expect(t.err).toMatch(/-m <model>/);
    const r = io();
    expect(await run(['rerank', '-m', 'cohere.rerank-v3-5:0', 'doc'], r)).toBe(2);
    expect(r.err).toMatch(/-q <query>/);
  });

  it('models lists the new kinds', async () => {
    const t = io();
    expect(await run(['models'], t)).toBe(0);
    expect(t.out).toMatch(/amazon\.titan-embed-text-v2:0 .*embedding/);
    expect(t.out).toMatch(/amazon\.nova-canvas-v1:0 .*image/);
    expect(t.out).toMatch(/cohere\.rerank-v3-5:0 .*rerank/);
  });
});
