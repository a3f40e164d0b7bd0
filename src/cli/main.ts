#!/usr/bin/env node
// The `bedrock-wire` command. Every failure ends as one line on stderr (a JSON line on stdout with
// --json) and a non-zero exit code: 2 for a misuse of the command line, 1 for everything else,
// 130 after Ctrl-C, 141 when stdout was closed (`| head`), as a shell would report it. No stack
// traces unless BEDROCK_WIRE_DEBUG is set.
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { closest, commandHelp, parseCommandArgs, UsageError } from './command.js';
import { COMMANDS, findCommand, flagOwners } from './commands/index.js';
import { describeError, errorJson } from './describe.js';
import type { Io } from './io.js';
import { maskedIo } from './mask.js';

/** Why the CLI's own signal aborted: Ctrl-C or a closed stdout. Carries the exit code. */
export class CliStop extends Error {
  override readonly name = 'CliStop';
  constructor(
    readonly why: 'SIGINT' | 'EPIPE',
    readonly exitCode: number,
  ) {
    super(why === 'SIGINT' ? 'interrupted' : 'stdout closed');
  }
}

export function version(): string {
  // ../../package.json from both src/cli and dist/cli.
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: bedrock-wire <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  -h, --help     help (bedrock-wire <command> --help for a command\'s own)',
    '  -V, --version  the version',
    '',
    'Credentials: AWS_BEARER_TOKEN_BEDROCK (Bedrock API key), AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY',
    '[/ AWS_SESSION_TOKEN], AWS_PROFILE, or the default chain (SSO, web identity, ECS/EC2 roles).',
    'BEDROCK_WIRE_DEBUG=1 logs one line per HTTP attempt to stderr.',
    '',
  ].join('\n');
}

function stopCode(signal: AbortSignal | undefined): number | undefined {
  return signal?.aborted && signal.reason instanceof CliStop ? signal.reason.exitCode : undefined;
}

export async function run(argv: string[], rawIo: Io): Promise<number> {
  // No secret in any output: every write is masked by value (see mask.ts).
  const io = maskedIo(rawIo);
  try {
    return await runCommand(argv, io);
  } finally {
    io.flush();
  }
}

async function runCommand(argv: string[], io: Io): Promise<number> {
  let json = false;
  try {
    const [first, ...rest] = argv;
    if (first === undefined) {
      io.stdout.write(usage());
      return 2;
    }
    if (first === '--version' || first === '-V' || first === 'version') {
      io.stdout.write(`bedrock-wire ${version()}\n`);
      return 0;
    }
    if (first === '--help' || first === '-h' || first === 'help') {
      const about = rest[0] === undefined ? undefined : findCommand(rest[0]);
      if (rest[0] !== undefined && !about) throw unknownCommand(rest[0]);
      io.stdout.write(about ? commandHelp(about) : usage());
      return 0;
    }
    if (first.startsWith('-')) throw new UsageError(`options go after the command: bedrock-wire <command> ${first} ... (see bedrock-wire --help)`);
    const command = findCommand(first);
    if (!command) throw unknownCommand(first);
    const args = parseCommandArgs(command, rest, flagOwners());
    json = args.bool('json');
    if (args.bool('help')) {
      io.stdout.write(commandHelp(command));
      return 0;
    }
    const code = await command.run(args, io);
    return stopCode(io.signal) ?? code;
  } catch (err) {
    const stopped = stopCode(io.signal);
    if (stopped !== undefined) return stopped; // Ctrl-C or a closed pipe: nothing more to say
    if (json && !(err instanceof UsageError)) {
      io.stdout.write(JSON.stringify(errorJson(err)) + '\n');
    } else {
      io.stderr.write(`bedrock-wire: ${describeError(err)}\n`);
    }
    if (io.env.BEDROCK_WIRE_DEBUG && err instanceof Error && err.stack) io.stderr.write(err.stack + '\n');
    return err instanceof UsageError ? 2 : 1;
  }
}

function unknownCommand(name: string): UsageError {
  const hint = closest(name, COMMANDS.map((c) => c.name));
  return new UsageError(
    `unknown command "${name}"${hint ? `; did you mean ${hint}?` : `: use ${COMMANDS.map((c) => c.name).join(', ')}`} (bedrock-wire --help)`,
  );
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
  const interruptHandlers: (() => void)[] = [];
  const stop = (why: CliStop): void => {
    if (!controller.signal.aborted) controller.abort(why);
  };
  process.on('SIGINT', () => {
    // A command that took Ctrl-C for itself (the interactive chat's current reply) gets it first.
    const handler = interruptHandlers.at(-1);
    if (handler) return handler();
    // A second Ctrl-C while the first is being honoured: leave now.
    if (controller.signal.aborted) process.exit(130);
    stop(new CliStop('SIGINT', 130));
  });
  // `bedrock-wire chat ... | head -c 20`: the reader went away. Stop the request, say nothing,
  // exit 141 (128 + SIGPIPE) as a process killed by SIGPIPE would.
  const onPipeError = (err: NodeJS.ErrnoException): void => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') {
      process.exitCode = 141;
      stop(new CliStop('EPIPE', 141));
      return;
    }
    throw err;
  };
  process.stdout.on('error', onPipeError);
  process.stderr.on('error', () => {}); // nowhere left to report to
  const code = await run(process.argv.slice(2), {
    stdout: { write: (s: string) => (controller.signal.aborted && controller.signal.reason?.why === 'EPIPE') || process.stdout.write(s) },
    stderr: process.stderr,
    stdin: process.stdin,
    stdinIsTTY: Boolean(process.stdin.isTTY),
    stdoutIsTTY: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    env: process.env,
    signal: controller.signal,
    onInterrupt(handler) {
      interruptHandlers.push(handler);
      return () => {
        const i = interruptHandlers.lastIndexOf(handler);
        if (i !== -1) interruptHandlers.splice(i, 1);
      };
    },
  });
  process.exitCode = code;
  // stdin may still be open (a pipe nobody closed); it must not keep the process alive.
  if (!process.stdin.isTTY) process.stdin.destroy();
}
