// README.md, extracted and executed as written. Every fenced block (```ts, ```sh, ```yaml and
// untagged ones) is a test of its own, against an emulator of its own:
// - ts: written to a file in a temporary project and run by Node (tsx strips the types), with the
//   environment a user of the emulator exports (AWS_ENDPOINT_URL_BEDROCK_RUNTIME, AWS_REGION, keys;
//   see `bedrock-wire emulator`). `bedrock-wire` and its subpaths resolve to this package's sources
//   (tsconfig `paths` that tsx reads); `ai`, `zod`, `@langchain/core` from node_modules. A block
//   whose default export has `fetch` is a Worker module: it is called as a Worker is.
// - sh: each line runs in bash, `bedrock-wire` being the CLI (src/cli/main.ts). `npm` is a shim
//   that checks what cannot run here: `npm install` → `npm ls` of this repository (offline),
//   `npm test` → the script holds typecheck, vitest and the size check (running it would recurse);
//   `npm start` runs the real script (the demo).
// - yaml: a file; its first line names it (`# config/config.yaml`). It is written before the
//   blocks run, must be read by one of them, and is loaded through bedrock-wire/config here too.
// Each block must exit 0; CHECKS below holds what each prints or sends (what its comments say).
// A block that cannot run here must carry `<!-- readme-test: skip because <why> -->` on the line
// above it; skips are counted and printed. A block in another language, an sh line that fails or
// a printing block without a check fails this file.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../src/emulator/index.js';
import { png } from '../src/emulator/ops/png.js';
import { BedrockProvider, BedrockRuntime, partialResponse, providerErrorKind, ThrottlingError } from '../src/index.js';
import { loadConfigFile } from '../src/provider/config-file.js';
import { encodeWav, parseWav } from '../src/sonic/wav.js';
import { pcmFrames } from './bidi/sonic-events.js';

const root = resolve(import.meta.dirname, '..');

export interface Block {
  lang: string;
  code: string;
  /** 1-based line of the opening fence. */
  line: number;
  section: string;
  /** `<section> · <lang> <n>`: n counts the section's blocks of that language. */
  id: string;
  skip?: string;
}

/** Every fenced block of `markdown`, in order, with the skip marker on the line above it (if any). */
export function readmeBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  let section = '(top)';
  const seen = new Map<string, number>();
  for (let i = 0; i < lines.length; i++) {
    const heading = /^## (.+)$/.exec(lines[i]!);
    if (heading) section = heading[1]!;
    const open = /^```(\S*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
    if (end === -1) throw new Error(`README.md:${i + 1}: a fence that is never closed`);
    const lang = open[1] || '(untagged)';
    const key = `${section} · ${lang}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    let above = i - 1;
    while (above >= 0 && lines[above]!.trim() === '') above--;
    const marker = above >= 0 ? /^<!-- readme-test: skip because (.+?) -->$/.exec(lines[above]!.trim()) : null;
    blocks.push({ lang, code: lines.slice(i + 1, end).join('\n') + '\n', line: i + 1, section, id: `${key} ${n}`, ...(marker && { skip: marker[1] }) });
    i = end;
  }
  return blocks;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  emu: Emulator;
  dir: string;
}
type Check = (r: Run) => void | Promise<void>;

const utf8 = new TextDecoder();
const body = (emu: Emulator, i: number) => JSON.parse(utf8.decode(emu.requests.at(i)!.body));
const ops = (emu: Emulator) => emu.requests.map((q) => q.operation);

// What each block prints and sends, keyed by Block.id. Every printing ts block needs an entry.
const CHECKS: Record<string, Check> = {
  'Generate · ts 1': ({ stdout, emu }) => {
    expect(stdout).toMatch(/^You said: Why is the sky blue\?.* stop \{\n? *inputTokens: \d+,\n? *outputTokens: \d+,\n? *totalTokens: \d+/s);
    expect(emu.requests.map((q) => q.modelId)).toEqual(['us.anthropic.claude-sonnet-4-20250514-v1:0']);
  },
  'Stream · ts 1': ({ stdout }) => {
    expect(stdout).toMatch(/^You said: Tell me about the sea\..*\nstop \{\s+inputTokens: \d+/s);
  },
  'Tools, images, reasoning · ts 1': ({ stdout, emu }) => {
    expect(stdout.trim()).toBe('tool_calls → stop');
    // The second call: the user's turn (text and image), the tool call, its result — in that order.
    const second = body(emu, 1);
    expect(second.messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(second.messages[0].content.map((c: { type: string }) => c.type)).toEqual(['text', 'image']);
    expect(second.messages[1].content[0]).toMatchObject({ type: 'tool_use', name: 'get_weather' });
    expect(second.messages[2].content[0]).toMatchObject({ type: 'tool_result', tool_use_id: second.messages[1].content[0].id, content: '21 °C, sunny' });
  },
  'Caching, documents, citations, structured output, reasoning parts, guardrails · ts 1': ({ stdout, emu }) => {
    expect(stdout.trim()).toMatch(/^\{ city: '.+' \}$/);
    expect(ops(emu)).toEqual(['converse']);
    const sent = body(emu, 0);
    expect(sent.messages[0].content.map((b: object) => Object.keys(b)[0])).toEqual(['document', 'cachePoint', 'text']);
    expect(sent.system).toEqual([{ text: 'You are a careful analyst.' }, { cachePoint: { type: 'default', ttl: '1h' } }]);
    expect(sent.guardrailConfig).toMatchObject({ guardrailIdentifier: 'my-guardrail', guardrailVersion: '1', trace: 'enabled' });
    expect(sent.outputConfig.textFormat).toBeDefined();
  },
  'Cross-region inference profiles · ts 1': ({ stdout }) => {
    expect(stdout.trim().split('\n')).toEqual([
      'us.anthropic.claude-3-5-haiku-20241022-v1:0',
      'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0',
    ]);
  },
  'Config files, endpoints, timeouts, abort · ts 1': ({ stdout, emu }) => {
    const [models, answer] = stdout.trim().split('\n');
    expect(models).toBe("[ 'anthropic.claude-3-5-haiku-20241022-v1:0', 'amazon.nova-lite-v1:0' ]");
    expect(answer).toMatch(/^You said: Hello/);
    // cross_region_inference: true in the file: the model is called through its geography's profile.
    expect(emu.requests.map((q) => [q.modelId, q.status])).toEqual([['us.amazon.nova-lite-v1:0', 200]]);
  },
  'The wire client · ts 1': ({ stdout, emu }) => {
    expect(stdout.trim()).toMatch(/^\{\s+inputTokens: \d+/);
    expect(ops(emu)).toEqual(['invoke', 'invoke-with-response-stream', 'converse-stream', 'count-tokens']);
  },
  'Bundlers, browsers and edge runtimes · ts 1': ({ stdout, emu }) => {
    expect(stdout.trim()).toMatch(/^200 You said: Hello from a Worker/);
    expect(emu.requests.map((q) => q.auth)).toEqual(['bearer']);
  },
  'Embeddings · ts 1': ({ stdout }) => expect(stdout.trim()).toBe('2 256'),
  'Speech: bidirectional streams and Nova Sonic · ts 1': ({ stdout, emu }) => {
    expect(stdout.trim()).toBe('true');
    expect(ops(emu)).toEqual(['invoke-with-bidirectional-stream']);
  },
  'Images, rerank, guardrails, async invoke · ts 1': ({ stdout }) => {
    const [refused, summary] = stdout.trim().split('\n');
    expect(refused).toMatch(/^refused: .+/);
    expect(summary).toMatch(/^2 \[ \{ index: 0, score: [\d.e-]+ \} \] NONE InProgress$/);
  },
  'AI SDK, LangChain, OpenTelemetry · ts 1': ({ stdout }) => expect(stdout).toMatch(/^2 The tool returned: 21 °C in Paris/),
  'AI SDK, LangChain, OpenTelemetry · ts 2': ({ stdout }) => {
    expect(stdout).toMatch(/^You said: Why is the sky blue\?/);
    expect(stdout).toMatch(/input_tokens: \d+/);
    expect(stdout).toContain("{ city: 'Paris' }");
  },
  'The emulator in your own tests · ts 1': ({ stdout }) => expect(stdout.trim()).toBe('3 [ 429, 429, 200 ]'),
};

// The CLI block's lines, by how each begins (after `bedrock-wire `, or the whole line).
const LINE_CHECKS: Record<string, Check> = {
  'npm install && npm start': ({ stdout }) => expect(stdout).toMatch(/families · \d+ chunks/),
  'npm test': ({ stdout }) => expect(stdout).toContain('npm test: typecheck, vitest, size'),
  'chat -m us.anthropic.claude-sonnet-4-20250514-v1:0 "hello"': ({ stdout, stderr }) => {
    expect(stdout).toMatch(/^You said: hello/);
    expect(stderr).toMatch(/stop · \d+ in \/ \d+ out tokens · first token \d+ ms/);
  },
  'cat notes.md | ': ({ stdout }) => expect(stdout).toMatch(/^You said: summarize: # Meeting notes/),
  'chat -i ': ({ stderr }) => expect(stderr).toMatch(/bedrock-wire chat · anthropic\.claude-3-5-haiku-20241022-v1:0 · \/help/),
  'chat -m amazon.nova-lite-v1:0 -a photo.png': ({ emu }) => expect(body(emu, 0).messages[0].content[1]).toMatchObject({ image: { format: 'png' } }),
  'chat -m anthropic.claude-3-5-haiku-20241022-v1:0 -a report.pdf': ({ emu }) =>
    expect(body(emu, 0).messages[0].content[1]).toMatchObject({ type: 'document', title: 'report', source: { media_type: 'application/pdf' } }),
  'chat --help': ({ stdout }) => expect(stdout).toMatch(/^Usage: bedrock-wire chat/),
  'echo "hello" | ': ({ stdout }) => {
    const chunks = stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string });
    expect(chunks.at(-1)!.type).toBe('finish');
  },
  'models ': ({ stdout }) => expect(stdout).toMatch(/amazon\.nova-lite-v1:0 +nova .*vision,documents/),
  'health ': ({ stdout, stderr }) => expect(stdout + stderr).toMatch(/healthy|ok/i),
  'emulator ': ({ stdout }) => expect(stdout).toMatch(/export AWS_ENDPOINT_URL_BEDROCK_RUNTIME=http:\/\/127\.0\.0\.1:\d+/),
  'demo': ({ stdout }) => expect(stdout).toMatch(/families · \d+ chunks/),
  'sonic --in question.wav --out answer.wav': ({ stdout, dir }) => {
    expect(stdout).toMatch(/1\.2 seconds of speech/); // the transcript: what the emulator heard
    expect(parseWav(readFileSync(join(dir, 'answer.wav'))).sampleRate).toBe(24000);
  },
  'sonic --text ': ({ stdout, emu }) => {
    expect(stdout.trim().length).toBeGreaterThan(0);
    expect(ops(emu)).toEqual(['invoke-with-bidirectional-stream']);
  },
  'embed ': ({ stdout }) => expect((JSON.parse(stdout) as { embeddings: number[][] }).embeddings).toHaveLength(2),
  'image ': ({ dir }) => expect([...readFileSync(join(dir, 'out.png')).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]),
  'rerank ': ({ stdout }) => expect(stdout).toMatch(/^0\t[\d.]+\tParis is…\n1\t[\d.]+\tBananas…\n$/),
  'guardrail ': ({ stdout }) => expect(stdout).toMatch(/NONE/),
};
/** Lines that run until they print this, then get Ctrl-C (servers). */
const SERVERS: Record<string, RegExp> = { 'emulator ': /AWS_SECRET_ACCESS_KEY=/ };

const blocks = readmeBlocks(readFileSync(join(root, 'README.md'), 'utf8'));
let dir: string;
let bin: string;
const startedAt = performance.now();
const counts = { executed: 0, skipped: [] as string[] };

// The package's entries, from package.json `exports` (./dist/x.js → src/x.ts), as tsconfig paths.
function pathsToSources(): Record<string, string[]> {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, string | { default: string }> };
  // The package's own `#imports` as the repository's tsconfig.json maps them to sources (the
  // package.json `imports` map points at dist/, which a clean checkout has not built).
  const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8').replace(/^\s*\/\/.*$/gm, '')) as { compilerOptions: { paths: Record<string, string[]> } };
  const paths: Record<string, string[]> = {};
  for (const [name, targets] of Object.entries(tsconfig.compilerOptions.paths)) {
    if (name.startsWith('#')) paths[name] = targets.map((t) => join(root, t));
  }
  if (!paths['#vendor/signature-v4'] || !paths['#vendor/undici-agent']) throw new Error('tsconfig.json paths: the #imports are missing');
  for (const [sub, target] of Object.entries(pkg.exports)) {
    const file = typeof target === 'string' ? target : target.default;
    if (!file.startsWith('./dist/')) continue;
    paths[sub === '.' ? 'bedrock-wire' : `bedrock-wire/${sub.slice(2)}`] = [join(root, 'src', file.slice('./dist/'.length).replace(/\.js$/, '.ts'))];
  }
  return paths;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bw-readme-'));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, 'package.json'), '{ "name": "readme-app", "private": true, "type": "module" }\n');
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', paths: pathsToSources() } }));
  bin = join(dir, 'bin');
  mkdirSync(bin);
  const node = process.execPath;
  const script = (name: string, text: string) => {
    writeFileSync(join(bin, name), text);
    chmodSync(join(bin, name), 0o755);
  };
  script('bedrock-wire', `#!/bin/sh\nexec "${node}" --import tsx "${join(root, 'src/cli/main.ts')}" "$@"\n`);
  // The real npm, found before the shim is on PATH.
  const npm = `"${execFileSync('bash', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim()}"`;
  script(
    'npm',
    `#!/bin/sh
# README's npm lines: what can be checked here without a registry or recursion.
case "$1" in
  install) PATH="${dirname(node)}:$PATH" ${npm} ls --prefix "${root}" --depth=0 >/dev/null && echo "npm install: every dependency of package.json present" ;;
  start) PATH="${dirname(node)}:$PATH" ${npm} --prefix "${root}" --silent start ;;
  test) grep -q '"test": "npm run typecheck && vitest run && npm run size"' "${root}/package.json" && echo "npm test: typecheck, vitest, size" ;;
  *) echo "npm $1: not a README command" >&2; exit 1 ;;
esac
`,
  );
  // The files the blocks read.
  writeFileSync(join(dir, 'photo.png'), png(8, 8, 1, 'readme'));
  writeFileSync(join(dir, 'notes.md'), '# Meeting notes\n- ship the CLI\n');
  writeFileSync(join(dir, 'report.pdf'), '%PDF-1.4 a short report\n');
  writeFileSync(join(dir, 'question.wav'), encodeWav(Buffer.concat([...pcmFrames(1200, true), ...pcmFrames(700, false)]), 16000)); // speech, then the silence that ends a turn
  writeFileSync(join(dir, 'recorded-stream.bin'), readFileSync(join(root, 'test/fixtures/recorded/ai21-jamba/ddtrace-js-ai21.jamba-1-5-mini-v1_0-5f96d68e.bin')));
  // File blocks (yaml) first: the code blocks read them.
  for (const b of blocks.filter((b) => b.lang === 'yaml' && !b.skip)) {
    const name = /^# (\S+\.ya?ml)\s*$/.exec(b.code.split('\n')[0]!)?.[1];
    if (!name) continue; // its own test fails
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), b.code);
  }
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  const s = counts.skipped;
  console.log(
    `README: ${blocks.length} blocks (${[...new Set(blocks.map((b) => b.lang))].map((l) => `${blocks.filter((b) => b.lang === l).length} ${l}`).join(', ')}): ` +
      `${counts.executed} executed, ${s.length} skipped${s.length ? ` (${s.join('; ')})` : ''} in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`,
  );
});

function env(emu: Emulator): Record<string, string> {
  return {
    PATH: `${bin}:${dirname(process.execPath)}:${process.env.PATH}`,
    HOME: dir, // no ~/.aws of the machine
    AWS_EC2_METADATA_DISABLED: 'true',
    NO_COLOR: '1',
    TSX_TSCONFIG_PATH: join(dir, 'tsconfig.json'),
    AWS_REGION: emu.region,
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: emu.url,
    AWS_ACCESS_KEY_ID: emu.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: emu.credentials.secretAccessKey,
  };
}

/** Runs a command in the project directory (async: the emulator answers from this process). */
function exec(cmd: string, args: string[], emu: Emulator, until?: RegExp): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { cwd: dir, env: env(emu), stdio: ['ignore', 'pipe', 'pipe'] });
    const r: Run = { code: null, stdout: '', stderr: '', emu, dir };
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      r.stdout += s;
      if (until?.test(r.stdout)) child.kill('SIGINT');
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => (r.stderr += s));
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      r.code = code;
      done(r);
    });
  });
}

async function withEmulator(fn: (emu: Emulator) => Promise<void>): Promise<void> {
  const emu = await startEmulator();
  try {
    await fn(emu);
  } finally {
    await emu.close();
  }
}

function runTs(b: Block, emu: Emulator): Promise<Run> {
  const name = `block-${b.line}`;
  writeFileSync(join(dir, `${name}.ts`), b.code);
  let file = `${name}.ts`;
  if (/^export default \{/m.test(b.code) && /\basync fetch\(/.test(b.code)) {
    // A Worker module: called as a Worker is, with its secret in `env`.
    file = `${name}.worker-host.ts`;
    writeFileSync(
      join(dir, file),
      `import worker from './${name}.ts';\n` +
        `const res = await worker.fetch(new Request('http://worker.test/', { method: 'POST', body: 'Hello from a Worker' }), { BEDROCK_API_KEY: ${JSON.stringify(emu.apiKey)} });\n` +
        'console.log(res.status, await res.text());\n',
    );
  }
  return exec(process.execPath, ['--import', 'tsx', file], emu);
}

const expectOk = (r: Run, what: string) => expect(r.code, `${what}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`).toBe(0);

describe('README.md, every fenced block executed as written', () => {
  it('holds blocks of every kind, each with a check for what it prints; no check is stale', () => {
    const langs = new Set(blocks.map((b) => b.lang));
    expect([...langs].sort()).toEqual(['sh', 'ts', 'yaml']);
    expect(blocks.filter((b) => b.lang === 'ts').length).toBeGreaterThanOrEqual(15);
    const ids = new Set(blocks.map((b) => b.id));
    expect(Object.keys(CHECKS).filter((id) => !ids.has(id))).toEqual([]);
    const printing = blocks.filter((b) => b.lang === 'ts' && !b.skip && /console\.log|process\.stdout\.write/.test(b.code));
    expect(printing.filter((b) => !CHECKS[b.id]).map((b) => b.id)).toEqual([]);
    const cliLines = blocks.filter((b) => b.lang === 'sh').flatMap((b) => shLines(b));
    expect(Object.keys(LINE_CHECKS).filter((k) => !cliLines.some((l) => lineKey(l) === k))).toEqual([]);
  });

  for (const b of blocks) {
    const title = `${b.id} (README.md:${b.line})`;
    if (b.skip) {
      it.skip(`${title}: ${b.skip}`, () => {});
      counts.skipped.push(`${b.id}: ${b.skip}`);
      continue;
    }
    if (b.lang === 'ts') {
      it.concurrent(title, async () => {
        await withEmulator(async (emu) => {
          const r = await runTs(b, emu);
          expectOk(r, b.id);
          await CHECKS[b.id]?.(r);
        });
        counts.executed++;
      }, 60_000);
    } else if (b.lang === 'yaml') {
      it(title, async () => {
        const name = /^# (\S+\.ya?ml)\s*$/.exec(b.code.split('\n')[0]!)?.[1];
        expect(name, 'a yaml block names its file on its first line: # path/to/file.yaml').toBeDefined();
        // A block reads it, and bedrock-wire/config loads it.
        expect(blocks.some((o) => o.lang === 'ts' && o.code.includes(`'${name}'`)), `no block reads ${name}`).toBe(true);
        const config = await loadConfigFile(join(dir, name!), { env: {} });
        expect(config).toMatchObject({ region: 'us-east-1', crossRegionInference: true, models: ['anthropic.claude-3-5-haiku-20241022-v1:0', 'amazon.nova-lite-v1:0'] });
        counts.executed++;
      });
    } else if (b.lang === 'sh') {
      describe.concurrent(title, () => {
        for (const line of shLines(b)) {
          it(line, async () => {
            await withEmulator(async (emu) => {
              const key = lineKey(line);
              const r = await exec('bash', ['-c', line], emu, key ? SERVERS[key] : undefined);
              if (key && SERVERS[key]) expect([0, 130], r.stderr).toContain(r.code);
              else expectOk(r, line);
              if (key) await LINE_CHECKS[key]!(r);
            });
          }, 60_000);
        }
        it('(block)', () => void counts.executed++);
      });
    } else {
      it(title, () => {
        throw new Error(`README.md:${b.line}: a \`\`\`${b.lang} block this test cannot execute; tag it ts, sh or yaml, or mark it <!-- readme-test: skip because <why> -->`);
      });
    }
  }
});

function shLines(b: Block): string[] {
  return b.code.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
}

/** The LINE_CHECKS key a line starts with (after `bedrock-wire `), if any. */
function lineKey(line: string): string | undefined {
  const cmd = line.replace(/\s+#.*$/, '');
  const bare = cmd.replace(/^bedrock-wire /, '');
  return Object.keys(LINE_CHECKS).find((k) => bare.startsWith(k) || `${bare} `.startsWith(k) || cmd.startsWith(k));
}

// What the README says in prose, beyond its blocks.
describe('README claims beside the blocks', () => {
  let emu: Emulator;
  let bedrock: BedrockProvider;
  beforeAll(async () => {
    emu = await startEmulator();
    bedrock = new BedrockProvider({ region: emu.region, endpoint: emu.url, credentials: emu.credentials }, { env: {} });
  });
  afterAll(async () => {
    await bedrock.close();
    await emu.close();
  });

  it('"The same request works for every family"', async () => {
    for (const model of ['us.anthropic.claude-sonnet-4-20250514-v1:0', 'amazon.nova-lite-v1:0', 'meta.llama3-3-70b-instruct-v1:0', 'cohere.command-r-plus-v1:0']) {
      const res = await bedrock.generate({ model, system: 'Answer in one sentence.', messages: [{ role: 'user', content: 'Why is the sky blue?' }], maxTokens: 200 });
      expect(res.content, model).toMatch(/^You said: Why is the sky blue\?/);
      expect(res.finishReason).toBe('stop');
      expect(res.usage.totalTokens).toBe(res.usage.inputTokens + res.usage.outputTokens);
    }
  });

  it('Stream: "exactly one finish chunk carries the whole LLMResponse"', async () => {
    let text = '';
    const kinds: string[] = [];
    for await (const chunk of bedrock.generateStream({ model: 'anthropic.claude-3-5-haiku-20241022-v1:0', messages: [{ role: 'user', content: 'stream please' }], maxTokens: 500 })) {
      kinds.push(chunk.type);
      if (chunk.type === 'text') text += chunk.text;
      if (chunk.type === 'finish') expect(chunk.response.content).toBe(text);
    }
    expect(kinds.filter((k) => k === 'finish')).toHaveLength(1);
    expect(kinds.at(-1)).toBe('finish');
  });

  it('Errors and retries: throttled twice then success; a mid-stream failure keeps the partial content', async () => {
    emu.inject({ kind: 'status', status: 429, errorType: 'ThrottlingException' }, { times: 2 });
    const before = emu.requests.length;
    const ok = await bedrock.generate({ model: 'amazon.nova-lite-v1:0', messages: [{ role: 'user', content: 'retry me' }], maxTokens: 8 });
    expect(ok.content).toMatch(/^You said: retry me/);
    expect(emu.requests.length - before).toBe(3);
    emu.inject({ kind: 'exception', afterEvents: 3, exceptionType: 'throttlingException', message: 'slow down' });
    let got = '';
    try {
      for await (const c of bedrock.generateStream({ model: 'anthropic.claude-3-5-haiku-20241022-v1:0', messages: [{ role: 'user', content: 'partial' }] })) if (c.type === 'text') got += c.text;
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ThrottlingError);
      expect(providerErrorKind(err)).toBe('rate_limited');
      expect(partialResponse(err)?.content).toBe(got);
      expect(got.length).toBeGreaterThan(0);
    }
  });

  it('Speech: "SigV4 only: a Bedrock API key is refused before connecting"', () => {
    const rt = new BedrockRuntime({ region: 'us-east-1', apiKey: 'bedrock-api-key-x', env: {} });
    expect(() => rt.invokeModelWithBidirectionalStream({ modelId: 'amazon.nova-sonic-v1:0' })).toThrow(/API keys/);
  });
});
