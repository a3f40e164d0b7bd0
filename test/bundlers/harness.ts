// Shared by the bundler and edge tests: the tiny app bundled by each bundler, once per process,
// and a check of what `run()` (test/bundlers/app.mjs) returned against the emulator.
import { expect } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { appDir, bundle, type Bundle, type Bundler } from '../../scripts/bundlers.js';
import type { Emulator } from '../../src/emulator/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const appSource = join(here, 'app.mjs');

/** The emulator's address and keys, as `run()` takes them. */
export function params(emu: Emulator): Record<string, string> {
  return { url: emu.url, region: emu.region, accessKeyId: emu.credentials.accessKeyId, secretAccessKey: emu.credentials.secretAccessKey, apiKey: emu.apiKey };
}

/** Bundles the app with `bundler` from the built package (dist is built first if stale); writes the files; returns the entry's path. */
export async function bundleApp(bundler: Bundler, options: Parameters<typeof bundle>[3] = {}): Promise<Bundle & { entryFile: string; close(): void }> {
  const app = await appDir();
  const { readFileSync } = await import('node:fs');
  const entry = app.write('app.mjs', readFileSync(appSource, 'utf8'));
  const b = await bundle(bundler, entry, app.dir, options);
  const out = join(app.dir, 'out');
  let entryFile = '';
  for (const f of b.files) {
    const file = join(out, f.name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, f.code);
    if (f.entry) entryFile = file;
  }
  return { ...b, entryFile, close: app.close };
}

/** Runs the bundle with test/edge/runner.mjs in a child Node process (without `process` unless `keepProcess`). */
export async function runInEdgeLikeNode(entryFile: string, emu: Emulator, keepProcess = false): Promise<Record<string, unknown>> {
  const args = [join(here, '../edge/runner.mjs'), pathToFileURL(entryFile).href, JSON.stringify(params(emu))];
  if (keepProcess) args.push('keep-process');
  // Async: the emulator answers from this process, so it must not be blocked while the child runs.
  const r = await promisify(execFile)(process.execPath, args, { encoding: 'utf8', timeout: 30_000, env: {} });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
}

/** What every run of the app against the emulator must show. */
export function expectAppWorked(result: Record<string, unknown>): void {
  expect(result.error).toBeUndefined();
  expect(result.streamText).toMatch(/^You said: hello edge\b/);
  expect(result.finishReason).toMatch(/stop|length/);
  expect(result.generateText).toMatch(/^You said: hi from a worker\b/);
  expect(result.converseEvents).toEqual(expect.arrayContaining(['messageStart', 'contentBlockDelta', 'messageStop', 'metadata']));
  expect(result.errorName).toBe('AccessDeniedError');
  expect(result.errorIsAccessDenied).toBe(true);
}

/** Source modules a browser/edge build must not contain. */
// dist/ is bundled per entry (scripts/bundle-dist.ts): the Node halves are the entries
// platform-node.js (the shared-config reader inlined in the aws one), the chunks their dynamic
// imports became (_chunks/node-chain-*.js: our default credential chain, STS, SSO, instance
// metadata; _chunks/undici-*.js, _chunks/http2-*.js: the transports). The SDK's credential
// providers are no runtime dependency any more; a path to them would be a regression too.
export const NODE_ONLY = /node_modules\/(undici|@aws-sdk\/credential-provider[^/]*)\/|\/dist\/(aws|runtime)\/platform-node\.js$|\/dist\/_chunks\/(node-chain|undici|http2)-[A-Z0-9]+\.js$|\/dist\/vendor\/undici-agent\.js$/;
