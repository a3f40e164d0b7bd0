// The README's "AI SDK, LangChain, OpenTelemetry" examples, run as written (each in its own tsx
// process, `bedrock-wire/*` pointed at src/): if one stops working, this fails.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## AI SDK, LangChain, OpenTelemetry'), readme.indexOf('## The emulator in your own tests'));
const snippets = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
// Under the repo, so that the snippets' own imports (ai, zod, @langchain/core) resolve.
const dir = join(root, 'node_modules', '.cache', 'bw-readme-adapters');

const entries: Record<string, string> = {
  'bedrock-wire': 'src/index.ts',
  'bedrock-wire/ai-sdk': 'src/adapters/ai-sdk/index.ts',
  'bedrock-wire/langchain': 'src/adapters/langchain/index.ts',
  'bedrock-wire/otel': 'src/adapters/otel/index.ts',
  'bedrock-wire/emulator': 'src/emulator/index.ts',
};

function run(code: string, i: number): string {
  const source = code.replace(/from '(bedrock-wire(?:\/[a-z-]+)?)'/g, (_m, spec: string) => `from ${JSON.stringify(join(root, entries[spec]))}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `snippet-${i}.mts`);
  writeFileSync(file, source);
  return execFileSync(process.execPath, ['--import', 'tsx', file], { cwd: root, encoding: 'utf8', env: { ...process.env, AWS_REGION: '', AWS_PROFILE: '' }, timeout: 60_000 });
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('README: AI SDK, LangChain, OpenTelemetry', () => {
  it('has the three examples, each importing only from bedrock-wire entries we map', () => {
    expect(snippets).toHaveLength(3);
    for (const s of snippets) for (const m of s.matchAll(/from '(bedrock-wire[^']*)'/g)) expect(entries[m[1]]).toBeDefined();
  });

  it('AI SDK: the tool loop takes two steps, then streams text', () => {
    const out = run(snippets[0], 0);
    expect(out).toMatch(/^2 The tool returned: 21 °C in Paris/);
  });

  it('LangChain: invoke with usage, stream, structured output', () => {
    const out = run(snippets[1], 1);
    expect(out).toMatch(/^You said: Why is the sky blue\?/);
    expect(out).toMatch(/input_tokens: \d+/);
    expect(out).toContain("{ city: 'Paris' }");
  });

  it('OpenTelemetry: instrument, call, uninstrument', () => {
    expect(() => run(snippets[2], 2)).not.toThrow();
  });
});
