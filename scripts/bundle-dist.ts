// `npm run build`, last step (after tsc and scripts/vendor.ts): the JavaScript of dist/ bundled per
// entry point, so that `import 'bedrock-wire'` loads a few files instead of ~90 modules.
//
// Node's ES module loader costs ~0.5 ms a file (resolve, read, compile, link); tsc's one-file-per-
// module output made importing the package root ~70 ms on this machine where the same code bundled
// loads in ~35 ms. esbuild bundles every entry of package.json (`exports`, the targets of
// `imports`, the `bin`) in ONE build with code splitting, so code two entries share lives in one
// shared chunk (dist/_chunks/) and is one module instance however it is reached — `instanceof
// BedrockError` holds across `bedrock-wire`, `bedrock-wire/sonic`, the platform halves. Dynamic
// imports stay dynamic (their own chunks, loaded on first use). What stays external: every
// package (dependencies and peers resolve at the user's install), Node built-ins, and the
// package's own `#imports` (conditions are picked at the user's install: node vs browser/edge).
// The `.d.ts` files are tsc's, untouched; tsc's per-module `.js` files are replaced.
import { build } from 'esbuild';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, string | Record<string, string>>;
  imports: Record<string, Record<string, string>>;
  bin: Record<string, string>;
};

const targets = new Set<string>();
for (const v of Object.values(pkg.exports)) if (typeof v === 'object' && v.default) targets.add(v.default);
const internal = Object.keys(pkg.imports);
for (const v of Object.values(pkg.imports)) for (const t of Object.values(v)) if (t.endsWith('.js') && !t.startsWith('./dist/vendor/')) targets.add(t);
for (const t of Object.values(pkg.bin)) targets.add(t);
const entryPoints = [...targets].map((t) => join(root, t));
for (const e of entryPoints) if (!existsSync(e)) throw new Error(`bundle-dist: ${relative(root, e)} (named in package.json) was not built`);

const out = join(root, 'dist-bundle.tmp');
rmSync(out, { recursive: true, force: true });
await build({
  entryPoints,
  outbase: dist,
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  packages: 'external',
  external: [...internal, 'node:*'],
  chunkNames: '_chunks/[name]-[hash]',
  legalComments: 'inline',
  logLevel: 'warning',
});

// Replace tsc's .js files (not the vendored ones, not the .d.ts) with the bundle's.
function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'vendor' && dir === dist ? [] : jsFiles(p);
    return name.endsWith('.js') ? [p] : [];
  });
}
for (const f of jsFiles(dist)) rmSync(f);
rmSync(join(dist, '_chunks'), { recursive: true, force: true });
cpSync(out, dist, { recursive: true });
rmSync(out, { recursive: true, force: true });
