// The CLI's `Io` for tests that call `run()` in-process: the environment given, stdin from a
// string (a TTY when empty), stdout and stderr collected in `out` and `err`.
import type { Io } from '../../src/cli/io.js';

export function fakeIo(env: Record<string, string | undefined> = {}, stdin = ''): Io & { out: string; err: string } {
  const o = {
    out: '',
    err: '',
    env,
    stdinIsTTY: stdin === '',
    stdin: (async function* () {
      if (stdin) yield stdin;
    })(),
    stdout: { write: (s: string) => (o.out += s) },
    stderr: { write: (s: string) => (o.err += s) },
  };
  return o;
}
