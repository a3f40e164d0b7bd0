// The chat command's vocabulary flags, end to end against the emulator (the CLI as a child process).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { cli, emuEnv } from './spawn.js';

const CLAUDE = 'us.anthropic.claude-sonnet-4-20250514-v1:0';
let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

const finish = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!).response;
const lastBody = () => JSON.parse(new TextDecoder().decode(emu.requests.at(-1)!.body));

describe('bedrock-wire chat: --json-schema, --cache, --reasoning-effort, --guardrail', () => {
  it('--json-schema answers JSON of the schema, parsed on the finish chunk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-schema-'));
    const file = join(dir, 'schema.json');
    writeFileSync(file, JSON.stringify({ type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] }));
    const r = await cli(['chat', '--json', '-m', CLAUDE, '--json-schema', file, 'Is it fine?'], { env: emuEnv(emu) });
    expect(r.code).toBe(0);
    expect(finish(r.stdout).object).toEqual({ ok: true });
    expect(lastBody().output_config).toEqual({ format: { type: 'json_schema', schema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] } } });
    const bad = await cli(['chat', '-m', CLAUDE, '--json-schema', join(dir, 'missing.json'), 'x'], { env: emuEnv(emu) });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--json-schema: cannot read a JSON schema/);
  });

  it('--cache puts a cache point after the system prompt; the second call reads it', async () => {
    const argv = ['chat', '--json', '-m', CLAUDE, '--cache', '-s', 'Long shared instructions. '.repeat(30), 'hi'];
    const a = await cli(argv, { env: emuEnv(emu) });
    expect(lastBody().system).toEqual([expect.objectContaining({ cache_control: { type: 'ephemeral' } })]);
    const b = await cli(argv, { env: emuEnv(emu) });
    expect(finish(a.stdout).usage.cacheWriteTokens).toBeGreaterThan(0);
    expect(finish(b.stdout).usage.cacheReadTokens).toBe(finish(a.stdout).usage.cacheWriteTokens);
  });

  it('--reasoning-effort and --guardrail id:version', async () => {
    const r = await cli(['chat', '--json', '-m', CLAUDE, '--reasoning-effort', 'high', '--guardrail', 'gr1:DRAFT', 'say BLOCKED'], { env: emuEnv(emu) });
    expect(r.code).toBe(0);
    expect(lastBody()).toMatchObject({ thinking: { type: 'adaptive' }, output_config: { effort: 'high' } });
    expect(emu.requests.at(-1)!.headers['x-amzn-bedrock-guardrailidentifier']).toBe('gr1');
    expect(finish(r.stdout).finishReason).toBe('content_filter');
    const bad = await cli(['chat', '-m', CLAUDE, '--guardrail', 'nocolon', 'x'], { env: emuEnv(emu) });
    expect(bad.stderr).toMatch(/--guardrail: expected <id>:<version>/);
    const effort = await cli(['chat', '-m', CLAUDE, '--reasoning-effort', 'max', 'x'], { env: emuEnv(emu) });
    expect(effort.stderr).toMatch(/--reasoning-effort: expected low, medium or high/);
  });
});
