// The package as a user's bundler sees it: test/bundlers/app.mjs imports `bedrock-wire` by name
// and is bundled from the built `dist/` through the package's `exports` and `imports` maps (see
// scripts/bundlers.ts), with nothing marked external and no flags beyond each tool's defaults.
// Browser/edge builds must reach no Node built-in, no undici and no AWS credential chain; the
// builds then run against the emulator: in an edge-like Node (test/edge/runner.mjs), in Node, and
// in workerd (miniflare, no nodejs_compat).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { bundleApp, expectAppWorked, NODE_ONLY, params, runInEdgeLikeNode } from './harness.js';
import type { Bundler } from '../../scripts/bundlers.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await emu?.close();
});

const NO_CHAIN = /No AWS credentials: this browser\/edge build of bedrock-wire has no AWS default credential chain.*Pass credentials/;

describe('browser and edge builds: nothing external, no Node built-in reached', () => {
  const browserBuilds: Bundler[] = ['esbuild-browser', 'rollup-browser', 'vite', 'workerd'];
  for (const bundler of browserBuilds) {
    it(`${bundler}: builds clean and runs in an edge-like runtime against the emulator`, async () => {
      const b = await bundleApp(bundler);
      try {
        expect(b.nodeBuiltins).toEqual([]);
        expect(b.modules.filter((m) => NODE_ONLY.test(m))).toEqual([]);
        // The package's own modules are in the build (it did bundle bedrock-wire, from dist).
        expect(b.modules.some((m) => m.includes('/bedrock-wire/dist/'))).toBe(true);
        expect(b.modules.some((m) => m.endsWith('/dist/aws/platform-edge.js'))).toBe(true);
        expect(b.warnings).toEqual([]);
        const result = await runInEdgeLikeNode(b.entryFile, emu);
        expectAppWorked(result);
        expect(result.hasProcess).toBe(false);
        // No zlib without process.getBuiltinModule: the table CRC decoded every frame.
        expect(result.crc32Impl).toBe('js');
        expect(result.noCredentials).toMatch(NO_CHAIN);
      } finally {
        b.close();
      }
    }, 120_000);
  }

  it('the browser build inside Node (process present) uses fetch, not undici', async () => {
    const b = await bundleApp('esbuild-browser');
    try {
      const before = emu.requests.length;
      const result = await runInEdgeLikeNode(b.entryFile, emu, true);
      expectAppWorked(result);
      expect(result.hasProcess).toBe(true);
      expect(emu.requests.length).toBeGreaterThan(before);
      expect(result.nodeUndiciLoaded).toBe(true); // Node's fetch runs on Node's own undici
    } finally {
      b.close();
    }
  }, 120_000);

  it('workerd (miniflare, no nodejs_compat) runs the workerd build against the emulator on loopback', async () => {
    const { Miniflare } = await import('miniflare');
    const b = await bundleApp('workerd');
    const mf = new Miniflare({ modules: true, script: b.files.find((f) => f.entry)!.code, compatibilityDate: '2025-09-01' });
    try {
      const query = new URLSearchParams(params(emu));
      const res = await mf.dispatchFetch(`http://worker.test/?${query}`);
      const result = (await res.json()) as Record<string, unknown>;
      expectAppWorked(result);
      expect(result.hasProcess).toBe(false);
      expect(result.noCredentials).toMatch(NO_CHAIN);
    } finally {
      await mf.dispose();
      b.close();
    }
  }, 120_000);
});

describe('node builds: nothing external', () => {
  /**
   * What every node build holds: undici's Agent as the package's vendored file of it (not undici's
   * index — fetch, WebSocket, caches, mocks — and no other copy of undici) and the Node half of
   * src/aws, never the edge half; no warning.
   */
  function expectNodeModules(b: Awaited<ReturnType<typeof bundleApp>>): void {
    expect(b.warnings).toEqual([]);
    expect(b.modules.some((m) => m.endsWith('/dist/vendor/undici-agent.js'))).toBe(true);
    expect(b.modules.some((m) => m.includes('node_modules/undici/'))).toBe(false);
    expect(b.modules.some((m) => m.endsWith('/dist/aws/platform-node.js'))).toBe(true);
    expect(b.modules.some((m) => m.endsWith('/dist/aws/platform-edge.js'))).toBe(false);
  }

  /** Runs the build in Node against the emulator; Node has the default chain, so no credentials is not an error at construction. */
  async function expectRunsInNode(b: Awaited<ReturnType<typeof bundleApp>>, nodeUndici = false): Promise<void> {
    const result = await runInEdgeLikeNode(b.entryFile, emu, true);
    expectAppWorked(result);
    expect(result.noCredentials).toBe('constructed');
    // The vendored Agent served, and Node's own undici was never loaded — or, under the
    // bedrock-wire-node-undici condition, the other way round.
    expect(result.nodeUndiciLoaded).toBe(nodeUndici);
  }

  it('esbuild --platform=node --conditions=bedrock-wire-node-undici: no undici in the build; runs in Node on Node\'s own undici', async () => {
    const b = await bundleApp('esbuild-node', { conditions: ['bedrock-wire-node-undici'] });
    try {
      expect(b.warnings).toEqual([]);
      expect(b.modules.some((m) => m.endsWith('/dist/runtime/node-undici-agent.js'))).toBe(true);
      expect(b.modules.filter((m) => /\/dist\/vendor\/undici-agent\.js$|node_modules\/undici\//.test(m))).toEqual([]);
      expect(b.files.some((f) => /AGFzbQ/.test(f.code))).toBe(false); // no WebAssembly module inside
      await expectRunsInNode(b, true);
    } finally {
      b.close();
    }
  }, 120_000);

  it('esbuild --platform=node (CommonJS out): runs in Node with undici, the credential chain kept for when it is needed', async () => {
    const b = await bundleApp('esbuild-node');
    try {
      expectNodeModules(b);
      // Our signer is the vendored copy, and the only one: our credential chain signs its STS
      // calls with it (the SDK's chain, before, brought smithy's CommonJS signer and clients).
      expect(b.modules.some((m) => m.endsWith('/dist/vendor/signature-v4.js'))).toBe(true);
      expect(b.modules.filter((m) => /node_modules\/(@smithy\/signature-v4|@aws-sdk\/(credential-provider|nested-clients)|@smithy\/core)/.test(m))).toEqual([]);
      expect(b.modules.some((m) => /\/dist\/_chunks\/node-chain-[A-Z0-9]+\.js$/.test(m))).toBe(true);
      await expectRunsInNode(b);
    } finally {
      b.close();
    }
  }, 120_000);

  it('Rollup for Node (node-resolve with the node condition and preferBuiltins, commonjs, json; only Node built-ins external): builds without a warning and runs in Node', async () => {
    const b = await bundleApp('rollup-node');
    try {
      // An unresolved import would have thrown (bundleRollup); no warning of any kind either.
      expectNodeModules(b);
      // Code-split like esbuild --splitting: undici and the credential chain are not loaded up front.
      const initial = b.files.filter((f) => b.initialFiles.includes(f.name));
      expect(b.files.length).toBeGreaterThan(initial.length);
      const lazy = [/llhttp/, /credential_process did not return Version 1/]; // undici's parser; our AWS default chain
      for (const re of lazy) {
        expect(initial.some((f) => re.test(f.code)), String(re)).toBe(false);
        expect(b.files.some((f) => re.test(f.code)), String(re)).toBe(true);
      }
      // The plugins' defaults: nothing hoisted into a static import of a built-in this Node lacks
      // (undici's lazy require('node:sqlite') was, before undici's Agent became one vendored file).
      expect(b.files.filter((f) => /from\s*["']node:sqlite["']/.test(f.code)).map((f) => f.name)).toEqual([]);
      await expectRunsInNode(b);
    } finally {
      b.close();
    }
  }, 120_000);

  it('esbuild --platform=node --format=esm --splitting: the credential chain and undici are chunks of their own, loaded only when needed', async () => {
    const b = await bundleApp('esbuild-node-split');
    try {
      expect(b.files.length).toBeGreaterThan(1);
      // Which chunk holds which modules (esbuild's metafile): our credential chain is only in chunks
      // the entry imports dynamically; undici's Agent too.
      const outputs = Object.entries(b.meta!.outputs).filter(([name]) => name.endsWith('.js'));
      const aws = (o: (typeof outputs)[number]) => Object.keys(o[1].inputs).some((m) => /\/dist\/_chunks\/node-chain-[A-Z0-9]+\.js$/.test(m));
      const undici = (o: (typeof outputs)[number]) => Object.keys(o[1].inputs).some((m) => m.endsWith('/dist/vendor/undici-agent.js'));
      // What loads up front (the app's chunk and its static imports) holds neither; other chunks do.
      const initial = outputs.filter(([name]) => b.initialFiles.some((f) => name.endsWith(`/${f}`)));
      expect(initial.length).toBeGreaterThan(0);
      expect(initial.some((o) => aws(o) || undici(o))).toBe(false);
      expect(outputs.some((o) => !initial.includes(o) && aws(o))).toBe(true);
      expect(outputs.some((o) => !initial.includes(o) && undici(o))).toBe(true);
      await expectRunsInNode(b);
    } finally {
      b.close();
    }
  }, 120_000);
});
