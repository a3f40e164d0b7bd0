import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../../src/emulator/index.js';
import { run } from '../../src/cli/main.js';
import { fakeIo } from './fake-io.js';

const io = fakeIo;

/** The environment a user of the emulator would export (see `bedrock-wire emulator`). */
function emuEnv(emu: Awaited<ReturnType<typeof startEmulator>>): Record<string, string> {
  return {
    AWS_REGION: emu.region,
    AWS_ACCESS_KEY_ID: emu.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: emu.credentials.secretAccessKey,
  };
}

describe('bedrock-wire CLI', () => {
  it('chat streams the reply to stdout and usage/latency to stderr', async () => {
    const emu = await startEmulator();
    try {
      const t = io(emuEnv(emu));
      const code = await run(['chat', '--endpoint', emu.url, '--model', 'anthropic.claude-3-5-haiku-20241022-v1:0', '--max-tokens', '20', 'hello', 'cli'], t);
      expect(code).toBe(0);
      expect(t.out).toMatch(/^You said: hello cli\b/);
      expect(t.err).toMatch(/\d+ in \/ \d+ out tokens · first token \d+ ms · total \d+ ms/);
      expect(emu.requests.at(-1)?.operation).toBe('invoke-with-response-stream');
    } finally {
      await emu.close();
    }
  });

  it('chat reads the prompt from stdin and --json prints one JSON object per line', async () => {
    const emu = await startEmulator();
    try {
      const t = io(emuEnv(emu), 'from stdin');
      const code = await run(['chat', '--json', '--endpoint', emu.url, '-m', 'amazon.nova-micro-v1:0'], t);
      expect(code).toBe(0);
      const lines = t.out.trim().split('\n').map((l) => JSON.parse(l));
      expect(lines.at(-1).type).toBe('finish');
      expect(lines.at(-1).response.content).toMatch(/^You said: from stdin\b/);
      expect(lines.filter((l) => l.type === 'text').length).toBeGreaterThan(1);
    } finally {
      await emu.close();
    }
  });

  it('models prints the catalog as a table and as JSON', async () => {
    const t = io();
    expect(await run(['models'], t)).toBe(0);
    expect(t.out.split('\n')[0]).toMatch(/^MODEL\s+FAMILY\s+CONTEXT/);
    expect(t.out).toContain('anthropic.claude-3-5-haiku-20241022-v1:0');
    const j = io();
    expect(await run(['models', '--json'], j)).toBe(0);
    const list = JSON.parse(j.out);
    expect(list.some((m: { family: string }) => m.family === 'llama')).toBe(true);
  });

  it('health exits 0 when healthy and 1 when not', async () => {
    const emu = await startEmulator();
    try {
      const ok = io(emuEnv(emu));
      expect(await run(['health', '--endpoint', emu.url], ok)).toBe(0);
      expect(ok.out).toMatch(/^healthy · /);
      emu.inject({ kind: 'status', status: 403, errorType: 'AccessDeniedException', message: 'no access' }, { times: Infinity });
      const bad = io(emuEnv(emu));
      expect(await run(['health', '--endpoint', emu.url], bad)).toBe(1);
      expect(bad.out).toMatch(/^unhealthy · .*no access/);
    } finally {
      await emu.close();
    }
  });

  it('misuse: one clear line on stderr, a non-zero exit, no stack trace', async () => {
    const cases: [string[], RegExp, number][] = [
      [['frobnicate'], /unknown command "frobnicate"/, 2],
      [['chat', '--bogus'], /chat does not take --bogus/, 2],
      [['chat', '--api-key', 'k', 'hi'], /environment only: export AWS_BEARER_TOKEN_BEDROCK/, 2],
      [['chat', '--max-tokens', 'lots', 'hi'], /--max-tokens must be a number/, 2],
      [['chat'], /no prompt/, 2],
      [[], /^$/, 2],
    ];
    for (const [argv, re, exit] of cases) {
      const t = io();
      expect(await run(argv, t), argv.join(' ')).toBe(exit);
      if (argv.length) {
        expect(t.err.trim().split('\n')).toHaveLength(1);
        expect(t.err).toMatch(re);
        expect(t.err).not.toMatch(/\n\s+at /);
      }
    }
  });

  it('an unknown model and a refused credential are one line each, exit 1', async () => {
    const emu = await startEmulator();
    try {
      const t = io(emuEnv(emu));
      const code = await run(['chat', '--endpoint', emu.url, '-m', 'acme.unknown-model-v1', 'hi'], t);
      expect(code).toBe(1);
      expect(t.err.trim().split('\n')).toHaveLength(1);
      // No family codec places it, so it goes through Converse, and the service says what AWS says.
      expect(t.err).toMatch(/model not found: .*The provided model identifier is invalid/);
      const wrong = { ...emuEnv(emu), AWS_SECRET_ACCESS_KEY: 'not-the-secret-0000000000000000000000000' };
      const d = io(wrong);
      expect(await run(['chat', '--endpoint', emu.url, '-m', 'amazon.nova-micro-v1:0', 'hi'], d)).toBe(1);
      expect(d.err).toMatch(/^bedrock-wire: access denied: /);
      expect(d.err).not.toContain('not-the-secret');
    } finally {
      await emu.close();
    }
  });

  it('missing region or credentials: one line that says what to set', () => {
    // A real process with an empty environment: nothing to find, and the default chain must not
    // reach the network (IMDS is disabled for the child).
    const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
    const r = spawnSync(process.execPath, ['--import', 'tsx', main, 'chat', '-m', 'amazon.nova-micro-v1:0', 'hi'], {
      env: { PATH: process.env.PATH, HOME: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/region/i);
    expect(r.stderr).toMatch(/AWS_REGION/);
  });

  it('missing credentials: one line that says what to set', async () => {
    // Region but no keys, no profile file, no IMDS: the default chain finds nothing.
    const t = io({ AWS_REGION: 'us-east-1', HOME: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/nonexistent/c', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/k' });
    const saved = { ...process.env };
    // The default chain reads process.env itself (profiles, IMDS switches); give it the same view.
    for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) delete process.env[k];
    Object.assign(process.env, t.env);
    try {
      expect(await run(['chat', '-m', 'amazon.nova-micro-v1:0', 'hi'], t)).toBe(1);
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
    expect(t.err.trim().split('\n')).toHaveLength(1);
    expect(t.err).toMatch(/credentials/i);
    expect(t.err).toMatch(/AWS_ACCESS_KEY_ID|AWS_PROFILE/);
  });
});
