// `npm run build`, after tsc: writes dist/vendor/signature-v4.js, the one copy of
// `@smithy/signature-v4` the package loads (through `#aws/sigv4`, see src/aws/sigv4.ts).
//
// It is smithy's ES module build (`module` field) bundled with esbuild for any platform, what the
// signer does not use shaken out: one file of ~14 KB, loaded in ~12 ms by a cold Node process where
// smithy's CommonJS graph (`main`, which Node and node bundlers take) costs 40-80 ms, and a node
// bundle no longer carries all of `@smithy/core/serde`. The versions are the exact ones
// package-lock.json pins; the licence (Apache-2.0) is copied next to the file.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'vendor');
const version = (pkg: string): string => (JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;

mkdirSync(out, { recursive: true });
const result = await build({
  entryPoints: [join(root, 'src', 'aws', 'sigv4.ts')],
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
// tsc's re-export of the package is not used by the package (the imports map points at the copy).
for (const f of ['sigv4.js', 'sigv4.d.ts']) rmSync(join(root, 'dist', 'aws', f), { force: true });
