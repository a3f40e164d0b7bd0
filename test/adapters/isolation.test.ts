// The adapters sit on the top floor: the core entry's import graph (static and dynamic imports,
// as a bundler follows them) reaches no adapter file and no framework package, so neither its
// bundle nor its import time grows for them. Checked on esbuild's metafile.
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const FRAMEWORKS = /node_modules\/(ai|@ai-sdk\/[^/]+|@langchain\/[^/]+|langchain|@opentelemetry\/[^/]+|zod)\//;

async function inputs(entry: string, external: string[] = []): Promise<string[]> {
  const r = await build({ entryPoints: [entry], bundle: true, write: false, metafile: true, format: 'esm', platform: 'node', logLevel: 'silent', external, mainFields: ['module', 'main'] });
  return Object.keys(r.metafile!.inputs);
}

describe('adapters stay out of the core', () => {
  it('the core entry reaches no src/adapters file and no framework package', async () => {
    const files = await inputs('src/index.ts', ['undici']);
    expect(files.length).toBeGreaterThan(20);
    expect(files.filter((f) => f.includes('src/adapters/'))).toEqual([]);
    expect(files.filter((f) => FRAMEWORKS.test(f))).toEqual([]);
  });

  it('the ai-sdk entry is what reaches @ai-sdk/provider (the check above can see a framework)', async () => {
    const files = await inputs('src/adapters/ai-sdk/index.ts', ['undici']);
    expect(files.some((f) => /node_modules\/@ai-sdk\/provider\//.test(f))).toBe(true);
    expect(files.some((f) => /node_modules\/ai\//.test(f))).toBe(false); // `ai` itself is the caller's
  });

  it('the langchain entry carries its own adapter and not the ai-sdk one', async () => {
    const files = await inputs('src/adapters/langchain/index.ts', ['undici', '@langchain/core']);
    expect(files.some((f) => f.includes('src/adapters/langchain/'))).toBe(true);
    expect(files.filter((f) => f.includes('src/adapters/ai-sdk/'))).toEqual([]);
  });

  it('the otel entry carries no core module (it instruments the provider the app already has)', async () => {
    const files = await inputs('src/adapters/otel/index.ts', ['@opentelemetry/api']);
    expect(files.filter((f) => !f.includes('src/adapters/otel/'))).toEqual([]);
  });
});
