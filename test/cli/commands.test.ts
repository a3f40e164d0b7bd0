// The command table, per-command help and flags, and the process-level conventions (exit codes,
// closed pipes, Ctrl-C), each checked on the real process against the embedded emulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { run } from '../../src/cli/main.js';
import { cli, emuEnv, until } from './spawn.js';

const NOVA = 'amazon.nova-micro-v1:0';
let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await emu.close();
});

const sentBody = () => JSON.parse(new TextDecoder().decode(emu.requests.at(-1)!.body));
const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at |Error: .*\n.*node:/);

describe('bedrock-wire commands', () => {
  it('--version prints the package version', async () => {
    const { version } = (await import('../../package.json', { with: { type: 'json' } })).default;
    for (const flag of ['--version', '-V']) {
      const r = await cli([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe(`bedrock-wire ${version}`);
    }
  });

  it('every command has its own --help, listing exactly its flags', async () => {
    for (const c of COMMANDS) {
      const r = await cli([c.name, '--help']);
      expect(r.code, c.name).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: bedrock-wire ${c.name}\\b`));
      for (const f of Object.keys(c.flags)) expect(r.stdout, `${c.name} --${f}`).toContain(`--${f}`);
      // `help <command>` is the same text (in-process: the process part is proven above).
      let same = '';
      expect(await run(['help', c.name], { stdout: { write: (s: string) => (same += s) }, stderr: { write: () => {} }, stdin: (async function* () {})(), stdinIsTTY: true, env: {} })).toBe(0);
      expect(same).toBe(r.stdout);
    }
    const chatHelp = (await cli(['chat', '-h'])).stdout;
    expect(chatHelp).not.toContain('--port'); // the emulator's, not chat's
    const top = await cli(['--help']);
    expect(top.code).toBe(0);
    for (const c of COMMANDS) expect(top.stdout).toContain(`  ${c.name}`);
  });

  it('a misspelt flag: one line naming the closest flag, exit 2; a flag of another command is refused', async () => {
    const cases: [string[], RegExp][] = [
      [['chat', '--modle', NOVA, 'hi'], /^bedrock-wire: chat does not take --modle; did you mean --model\? \(bedrock-wire chat --help\)$/],
      [['chat', '--max-token', '5', 'hi'], /did you mean --max-tokens\?/],
      [['health', '--jsno'], /health does not take --jsno; did you mean --json\?/],
      [['chat', '--port', '80', 'hi'], /^bedrock-wire: chat does not take --port, an option of emulator/],
      [['models', '--system', 'x'], /models does not take --system, an option of chat/],
      [['chat', '-x', 'hi'], /chat does not take -x/],
      [['chta', 'hi'], /unknown command "chta"; did you mean chat\?/],
      [['--model', NOVA, 'chat'], /options go after the command/],
      [['chat', '--model'], /--model needs a value <id>/],
      [['chat', '--json=yes', 'hi'], /--json takes no value/],
    ];
    for (const [argv, re] of cases) {
      const r = await cli(argv, { env: emuEnv(emu) });
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), argv.join(' ')).toHaveLength(1);
      expect(r.stderr.trim(), argv.join(' ')).toMatch(re);
      expect(r.stdout).toBe('');
    }
  });

  it('piped stdin and a prompt argument are sent together', async () => {
    const before = emu.requests.length;
    const r = await cli(['chat', '-m', NOVA, '--max-tokens', '200', 'summarize:'], { env: emuEnv(emu), input: 'the file body\nline two\n' });
    expect(r.code).toBe(0);
    expect(emu.requests.length).toBe(before + 1);
    const sent = JSON.parse(new TextDecoder().decode(emu.requests.at(-1)!.body));
    expect(sent.messages[0].content[0].text).toBe('summarize:\n\nthe file body\nline two');
    expect(r.stdout).toMatch(/^You said: summarize: the file body/);
  });

  it('health -m MODEL checks that model', async () => {
    const r = await cli(['health', '-m', 'meta.llama3-8b-instruct-v1:0', '--json'], { env: emuEnv(emu) });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'healthy', model: 'meta.llama3-8b-instruct-v1:0' });
    expect(emu.requests.at(-1)!.modelId).toBe('meta.llama3-8b-instruct-v1:0');
  });

  it('an id no family codec places goes through Converse (an unknown one is the service\'s error); --family picks a body', async () => {
    const r = await cli(['chat', '-m', 'acme.unknown-model-v1', 'hi'], { env: emuEnv(emu) });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^bedrock-wire: model not found: .*The provided model identifier is invalid/);
    const qwen = await cli(['chat', '-m', 'qwen.qwen3-32b-v1:0', '--max-tokens', '20', 'hi'], { env: emuEnv(emu) });
    expect(qwen.code).toBe(0);
    expect(emu.requests.at(-1)!.path).toMatch(/\/converse-stream$|\/converse$/);
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123';
    const ok = await cli(['chat', '-m', arn, '--family', 'nova', '--max-tokens', '20', 'hi'], { env: emuEnv(emu) });
    expect(ok.stderr).toMatch(/out tokens/);
    expect(ok.code).toBe(0);
  });

  it('a network error is said once; with --json it is a JSON line on stdout', async () => {
    const env = { ...emuEnv(emu), AWS_ENDPOINT_URL_BEDROCK_RUNTIME: 'http://127.0.0.1:9' };
    const r = await cli(['chat', '-m', NOVA, 'hi'], { env });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^bedrock-wire: network error: /);
    expect(r.stderr.match(/network error/g)).toHaveLength(1);
    const j = await cli(['chat', '--json', '-m', NOVA, 'hi'], { env });
    expect(j.code).toBe(1);
    expect(j.stderr).toBe('');
    const line = JSON.parse(j.stdout);
    expect(line).toMatchObject({ type: 'error', error: { name: 'NetworkError', code: 'NetworkError', kind: 'network', retryable: true } });
    expect(line.error.message.match(/network error/g)).toHaveLength(1);
  });

  it('a service error with --json: a JSON line with status, request id and attempts', async () => {
    emu.inject({ kind: 'status', status: 403, errorType: 'AccessDeniedException', message: 'no access' });
    const j = await cli(['chat', '--json', '-m', NOVA, 'hi'], { env: emuEnv(emu) });
    expect(j.code).toBe(1);
    const line = JSON.parse(j.stdout.trim().split('\n').at(-1)!);
    expect(line.type).toBe('error');
    expect(line.error).toMatchObject({ name: 'AccessDeniedError', code: 'AccessDeniedException', kind: 'access_denied', httpStatus: 403 });
    expect(line.error.requestId).toBeTruthy();
  });

  it('a closed pipe (| head -c 20, --json | head -1) ends quietly with exit 141', async () => {
    for (const json of [false, true]) {
      emu.inject({ kind: 'delay', perChunkMs: 30 }, { operation: 'invoke-with-response-stream' });
      const r = await cli(['chat', ...(json ? ['--json'] : []), '-m', NOVA, '--max-tokens', '2000', 'tell me a long story'], {
        env: emuEnv(emu),
        drive(child, out) {
          void until(() => out.stdout.length >= 20).then(() => child.stdout.destroy());
        },
      });
      expect(r.stderr, `json=${json}`).toBe('');
      expect(r.code, `json=${json}`).toBe(141);
    }
  });

  it('Ctrl-C exits 130 without a stack trace', async () => {
    emu.inject({ kind: 'delay', perChunkMs: 50 }, { operation: 'invoke-with-response-stream' });
    const r = await cli(['chat', '-m', NOVA, '--max-tokens', '2000', 'tell me a long story'], {
      env: emuEnv(emu),
      drive(child, out) {
        void until(() => out.stdout.length > 0).then(() => child.kill('SIGINT'));
      },
    });
    expect(r.code).toBe(130);
    noStack(r.stderr);
    expect(r.stderr).toBe('');
  });

  it('reasoning: hidden when piped, shown with --reasoning before the answer; every chunk with --json', async () => {
    const model = 'anthropic.claude-3-7-sonnet-20250219-v1:0';
    const ask = ['chat', '-m', model, '--reasoning-budget', '1024', '--max-tokens', '2000', 'why?'];
    const plain = await cli(ask, { env: emuEnv(emu) });
    expect(plain.code).toBe(0);
    expect(sentBody().thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
    expect(plain.stdout).toMatch(/^You said: why\?/);
    expect(plain.stdout).not.toContain('Let me think');
    const shown = await cli([...ask, '--reasoning'], { env: emuEnv(emu) });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^Let me think about this\. .*\n\nYou said: why\?/s);
    expect(shown.stdout).not.toContain('\x1b['); // no colour codes into a pipe
    const json = await cli([...ask, '--json'], { env: emuEnv(emu) });
    const types = new Set(json.stdout.trim().split('\n').map((l) => JSON.parse(l).type));
    expect([...types]).toEqual(expect.arrayContaining(['reasoning', 'text', 'finish']));
  });

  it('BEDROCK_WIRE_DEBUG=1: one line per attempt on stderr, no secret', async () => {
    emu.inject({ kind: 'status', status: 503, errorType: 'ServiceUnavailableException' });
    const r = await cli(['chat', '-m', NOVA, '--max-tokens', '5', 'hi'], { env: { ...emuEnv(emu), BEDROCK_WIRE_DEBUG: '1' } });
    expect(r.code).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('[bedrock-wire]'));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\[bedrock-wire\] POST \/model\/amazon\.nova-micro-v1%3A0\/invoke-with-response-stream 503 ServiceUnavailableException request-id=\S+ attempt=1 \d+ms retry in \d+ ms$/);
    expect(lines[1]).toMatch(/ 200 request-id=\S+ attempt=2 \d+ms$/);
    expect(r.stderr).not.toContain(emu.credentials.secretAccessKey);
  });

  it('reasoning on a terminal: dimmed, then reset before the answer', async () => {
    let out = '';
    const io = { stdout: { write: (t: string) => (out += t) }, stderr: { write: () => {} }, stdin: (async function* () {})(), stdinIsTTY: true, stdoutIsTTY: true, env: emuEnv(emu) };
    expect(await run(['chat', '-m', 'anthropic.claude-3-7-sonnet-20250219-v1:0', '--reasoning-budget', '1024', 'why?'], io)).toBe(0);
    expect(out).toMatch(/^\x1b\[2mLet me think about this\..*\x1b\[0m\n\nYou said: why\?/s);
  });
});
