// Runs the real `bedrock-wire` process (through tsx) the way a user does: argv, env, stdin, exit code.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Emulator } from '../../src/emulator/index.js';

export const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

export interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface SpawnOptions {
  env?: Record<string, string | undefined>;
  /** Written to stdin, then stdin is closed. Without it stdin is closed at once (empty, not a TTY). */
  input?: string;
  /** Called with the child once it runs (to signal it, close its stdout, feed stdin, ...). */
  drive?: (child: ChildProcessWithoutNullStreams, out: { stdout: string; stderr: string }) => void;
  /** Leave stdin open (`drive` closes it). */
  keepStdin?: boolean;
}

/** The environment a user of the emulator would export (see `bedrock-wire emulator`). */
export function emuEnv(emu: Emulator): Record<string, string> {
  return {
    AWS_REGION: emu.region,
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: emu.url,
    AWS_ACCESS_KEY_ID: emu.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: emu.credentials.secretAccessKey,
  };
}

export function cli(args: string[], opts: SpawnOptions = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
      env: { PATH: process.env.PATH, HOME: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true', NO_COLOR: '1', ...opts.env },
    });
    const out = { stdout: '', stderr: '' };
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out.stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (out.stderr += s));
    child.stdout.on('error', () => {}); // closed on purpose by a test
    child.stdin.on('error', () => {});
    if (opts.input !== undefined) child.stdin.end(opts.input);
    else if (!opts.keepStdin) child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, ...out });
    });
    opts.drive?.(child, out);
  });
}

/** Resolves once `get()` is true (polled; the test's own timeout bounds it). */
export async function until(get: () => boolean): Promise<void> {
  while (!get()) await new Promise((r) => setTimeout(r, 10));
}
