// `npm run build`, after tsc: writes the two third-party files the package loads, each one file
// bundled from the exact version package-lock.json pins, its licence copied beside it:
//
// dist/vendor/signature-v4.js — `@smithy/signature-v4` (through `#vendor/signature-v4`, see src/vendor/signature-v4.ts).
// It is smithy's ES module build (`module` field) bundled with esbuild for any platform, what the
// signer does not use shaken out: one file of ~14 KB, loaded in ~12 ms by a cold Node process where
// smithy's CommonJS graph (`main`, which Node and node bundlers take) costs 40-80 ms, and a node
// bundle no longer carries all of `@smithy/core/serde`.
//
// dist/vendor/undici-agent.js — undici's Agent and connector (through `#vendor/undici-agent`, Node
// only, see src/vendor/undici-agent.ts): ~30 ms for a cold process to load where undici's ~60
// CommonJS modules take ~55 ms. Its `require()` of Node built-ins goes to `process.getBuiltinModule`
// (Node ≥ 20.16, Bun, Deno), so the file has no import at all: a user's bundler, ESM or CommonJS
// output, takes it as it is.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'vendor');
const version = (pkg: string): string => (JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;

mkdirSync(out, { recursive: true });
const result = await build({
  entryPoints: [join(root, 'src', 'vendor', 'signature-v4.ts')],
  outfile: join(out, 'signature-v4.js'),
  bundle: true,
  format: 'esm',
  // The browser build of smithy (its `browser` field maps its few Node-only files away), which is
  // also what edge bundles of the package carried before: it runs the same on Node.
  platform: 'browser',
  mainFields: ['module', 'main'],
  target: 'es2022',
  treeShaking: true,
  legalComments: 'inline',
  metafile: true,
  logLevel: 'warning',
  banner: {
    js: `// @smithy/signature-v4 ${version('@smithy/signature-v4')} with the parts of @smithy/core ${version('@smithy/core')} it uses, bundled by scripts/vendor.ts.\n// Copyright Amazon.com, Inc. or its affiliates. Licensed under the Apache License 2.0: ./LICENSE-smithy.txt`,
  },
});
// Nothing Node-only may come in (edge bundles load this file too): fail the build on any import left.
const imports = Object.values(result.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
if (imports.length) throw new Error(`dist/vendor/signature-v4.js still imports ${imports.join(', ')}`);
copyFileSync(join(root, 'node_modules', '@smithy', 'signature-v4', 'LICENSE'), join(out, 'LICENSE-smithy.txt'));

// Three of the Agent's modules are replaced, each by one that says so if it is ever reached:
// - undici's non-SIMD parser (72 KB of base64, 24 KB gzip in every node bundle): the SIMD one
//   serves every platform but ppc64 before Node 24.12 (and UNDICI_NO_WASM_SIMD=1), where the
//   transport takes Node's own undici instead (src/runtime/undici.ts `wasmSimd`). Under Jest undici
//   requires it up front and keeps the value aside for that fallback: `undefined` there.
// - fetch's body extraction (with WebIDL, FormData and its parser: ~40 KB minified), which the
//   HTTP/1.1 and HTTP/2 writers load for FormData request bodies only; ours are always bytes.
// - the HTTP/2 client, used only when ALPN picks h2, which needs `allowH2` (never set: the
//   transport offers http/1.1 only; its bidirectional streams have their own HTTP/2 transport).
const STUBS: Record<string, string> = {
  '/llhttp/llhttp-wasm.js': `module.exports = process.env.JEST_WORKER_ID ? undefined : (() => {
  throw new Error("bedrock-wire ships only undici's SIMD HTTP parser; on this platform it uses Node's own undici (see wasmSimd in bedrock-wire's undici transport)");
})();`,
  '/web/fetch/body.js': `exports.extractBody = () => { throw new Error("bedrock-wire's undici Agent sends byte bodies only (no FormData)"); };`,
  '/dispatcher/client-h2.js': `module.exports = () => { throw new Error("bedrock-wire's undici Agent speaks HTTP/1.1 only (allowH2 is not set)"); };`,
};
const agent = await build({
  entryPoints: [join(root, 'src', 'vendor', 'undici-agent.ts')],
  plugins: [
    {
      name: 'undici-stubs',
      setup(b) {
        b.onResolve({ filter: /(llhttp-wasm|body|client-h2)\.js$/ }, (a) => {
          const key = Object.keys(STUBS).find((k) => join(a.resolveDir, a.path).endsWith(k));
          return key ? { path: key, namespace: 'undici-stub' } : undefined;
        });
        b.onLoad({ filter: /.*/, namespace: 'undici-stub' }, (a) => ({ contents: STUBS[a.path], loader: 'js' }));
      },
    },
  ],
  outfile: join(out, 'undici-agent.js'),
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  legalComments: 'inline',
  metafile: true,
  logLevel: 'warning',
  // esbuild turns each `require('node:…')` of the CommonJS sources into `__require(…)`, which
  // calls a `require` in scope: this one. A built-in the runtime lacks (undici probes for
  // `node:sqlite`) throws as `require` would.
  banner: {
    js: [
      `// undici ${version('undici')} (its Agent and connector), bundled by scripts/vendor.ts.`,
      '// Copyright (c) Matteo Collina and Undici contributors. MIT License: ./LICENSE-undici.txt',
      'const require = (id) => {',
      '  const m = globalThis.process.getBuiltinModule(id);',
      '  if (m === undefined) throw Object.assign(new Error(`Cannot find module \'${id}\'`), { code: "MODULE_NOT_FOUND" });',
      '  return m;',
      '};',
    ].join('\n'),
  },
});
// Each stub must have replaced something, and nothing it stands for may be in the file another way.
const inputs = Object.keys(agent.metafile.inputs);
for (const key of Object.keys(STUBS)) {
  if (!inputs.includes(`undici-stub:${key}`)) throw new Error(`undici no longer requires ${key}: check scripts/vendor.ts against its sources`);
}
const leaked = inputs.filter((f) => !f.startsWith('undici-stub:') && /\/(llhttp\/llhttp-wasm|web\/|dispatcher\/client-h2)/.test(f));
if (leaked.length) throw new Error(`dist/vendor/undici-agent.js still holds ${leaked.join(', ')}`);
const agentImports = Object.values(agent.metafile.outputs).flatMap((o) => o.imports.filter((i) => !i.path.startsWith('node:')).map((i) => i.path));
if (agentImports.length) throw new Error(`dist/vendor/undici-agent.js still imports ${agentImports.join(', ')}`);
copyFileSync(join(root, 'node_modules', 'undici', 'LICENSE'), join(out, 'LICENSE-undici.txt'));
// tsc's declarations of the two re-exports (src/vendor/*.ts) name the devDependencies; nothing in
// the package's types refers to them, so they do not ship. (tsc's .js of them were overwritten above.)
for (const f of ['signature-v4.d.ts', 'undici-agent.d.ts']) rmSync(join(out, f), { force: true });
