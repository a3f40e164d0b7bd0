#!/usr/bin/env node
// The `bedrock-wire` command. Every failure ends as one line on stderr and a non-zero exit code:
// 2 for a misuse of the command line, 1 for everything else. No stack traces unless
// BEDROCK_WIRE_DEBUG is set.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, USAGE, UsageError } from './args.js';
import { describeError } from './describe.js';
import type { Io } from './io.js';
import { maskedIo } from './mask.js';

export async function run(argv: string[], rawIo: Io): Promise<number> {
  // No secret in any output: every write is masked by value (see mask.ts).
  const io = maskedIo(rawIo);
  try {
    const { command, positionals, flags } = parse(argv);
    if (flags.help || command === undefined || command === 'help') {
      io.stdout.write(USAGE + '\n');
      return command === undefined && !flags.help ? 2 : 0;
    }
    switch (command) {
      case 'chat':
        return await (await import('./chat.js')).chat(positionals, flags, io);
      case 'models':
        return await (await import('./models.js')).models(flags, io);
      case 'health':
        return await (await import('./health.js')).health(flags, io);
      case 'emulator':
        return await (await import('./emulator.js')).emulator(flags, io);
      case 'demo':
        return await (await import('./demo.js')).demo(flags, io);
      default:
        throw new UsageError(`unknown command "${command}": use chat, models, health, emulator or demo (bedrock-wire --help)`);
    }
  } catch (err) {
    io.stderr.write(`bedrock-wire: ${describeError(err)}\n`);
    if (io.env.BEDROCK_WIRE_DEBUG && err instanceof Error && err.stack) io.stderr.write(err.stack + '\n');
    return err instanceof UsageError ? 2 : 1;
  } finally {
    io.flush();
  }
}

// Run when executed (directly, through npm's bin symlink, or by tsx), not when imported by tests.
function isMain(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort(new Error('interrupted')));
  const code = await run(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    stdinIsTTY: Boolean(process.stdin.isTTY),
    env: process.env,
    signal: controller.signal,
  });
  process.exitCode = code;
}
