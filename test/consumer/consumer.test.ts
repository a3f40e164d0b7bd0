// A strict consumer project, built from the package as a user installs it: `npm pack` of the built
// package, unpacked into a fresh project's node_modules/bedrock-wire (no registry: the package's
// own dependencies are symlinked from this repository's node_modules, where `npm ci` put them).
// The project is `strict` with `exactOptionalPropertyTypes` and `skipLibCheck: false` (errors in
// third-party declaration files are not ours to fix: only those are tolerated), and
// compiles (tsc) every ```ts example of README.md and the type tests of test/types/ — now
// importing 'bedrock-wire' from the PACKED types — under moduleResolution nodenext AND node10.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packPackage, root } from '../../scripts/bundlers.js';

let dir: string;
let project: string;


/** The README's ```ts blocks, in order. */
export function readmeExamples(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
}

beforeAll(async () => {
  const tgz = await packPackage();
  dir = mkdtempSync(join(tmpdir(), 'bw-consumer-'));
  // What `files` ships: dist, the README and package.json; no sources, tests or tsconfig.
  const shipped = execFileSync('tar', ['-tzf', tgz], { encoding: 'utf8' }).split('\n').filter(Boolean);
  expect(shipped.filter((p) => !/^package\/(dist\/|README\.md$|package\.json$|LICENSE)/.test(p))).toEqual([]);
  expect(shipped).toContain('package/dist/index.d.ts');

  project = join(dir, 'project');
  const nm = join(project, 'node_modules');
  mkdirSync(join(nm, 'bedrock-wire'), { recursive: true });
  execFileSync('tar', ['-xzf', tgz, '-C', join(nm, 'bedrock-wire'), '--strip-components=1']);
  for (const name of readdirSync(join(root, 'node_modules'))) {
    if (name.startsWith('.') || name === 'bedrock-wire') continue;
    symlinkSync(join(root, 'node_modules', name), join(nm, name), 'dir');
  }
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies: { 'bedrock-wire': '*' } }));

  const src = join(project, 'src');
  mkdirSync(src);
  // Every example stands alone (test/readme.test.ts runs each as written): no names from others.
  readmeExamples(readFileSync(join(root, 'README.md'), 'utf8')).forEach((code, i) => {
    // Each example is a module of its own (top-level await), as a user pastes it into a file.
    writeFileSync(join(src, `readme-${i + 1}.ts`), `${code}\nexport {};\n`);
  });
  for (const f of readdirSync(join(root, 'test/types'))) {
    const code = readFileSync(join(root, 'test/types', f), 'utf8').replaceAll("'../../src/index.js'", "'bedrock-wire'");
    expect(code).not.toMatch(/\.\.\/src\//);
    writeFileSync(join(src, f.replace(/\.test-d\.ts$/, '.types.ts')), code);
  }
  const strict = { strict: true, exactOptionalPropertyTypes: true, noEmit: true, skipLibCheck: false, target: 'es2022', lib: ['es2023', 'dom'], types: ['node'], isolatedModules: true };
  writeFileSync(join(project, 'tsconfig.nodenext.json'), JSON.stringify({ compilerOptions: { ...strict, module: 'nodenext', moduleResolution: 'nodenext' }, include: ['src'] }));
  writeFileSync(join(project, 'tsconfig.node10.json'), JSON.stringify({ compilerOptions: { ...strict, module: 'es2022', moduleResolution: 'node10' }, include: ['src'] }));
}, 240_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a strict consumer of the packed package', () => {
  it('has README examples and type tests to compile', () => {
    const files = readdirSync(join(project, 'src'));
    expect(files.filter((f) => f.startsWith('readme-')).length).toBeGreaterThanOrEqual(5);
    expect(files).toEqual(expect.arrayContaining(['errors.types.ts', 'converse.types.ts']));
  });

  it('moduleResolution node10 finds every entry: main/module/types and a typesVersions row per subpath', () => {
    const pkg = JSON.parse(readFileSync(join(project, 'node_modules/bedrock-wire/package.json'), 'utf8'));
    expect(pkg.main).toBe('./dist/index.js');
    expect(pkg.types).toBe('./dist/index.d.ts');
    expect(pkg.sideEffects).toBe(false);
    const subpaths = Object.keys(pkg.exports).filter((k) => k !== '.' && !k.endsWith('.json'));
    for (const sub of subpaths) expect(pkg.typesVersions['*'][sub.slice(2)], `typesVersions row for ${sub}`).toEqual([pkg.exports[sub].types]);
  });

  for (const resolution of ['nodenext', 'node10']) {
    it(`compiles every README example and the narrowing type tests (moduleResolution ${resolution})`, () => {
      const r = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', `tsconfig.${resolution}.json`], { cwd: project, encoding: 'utf8' });
      // Every error in the examples, the type tests or OUR declaration files fails the test. The
      // frameworks an adapter example imports (ai, @langchain/core, ...) ship declaration files
      // that do not compile under these settings themselves; those are theirs, listed, not ours.
      const lines = (r.stdout + r.stderr).split('\n').filter((l) => /error TS/.test(l));
      const ours = lines.filter((l) => l.startsWith('src/') || l.startsWith('node_modules/bedrock-wire/'));
      expect(ours).toEqual([]);
      expect(lines.every((l) => /^(\.\.\/)+.*node_modules\//.test(l)), lines.join('\n')).toBe(true);
      expect(r.status === 0 || lines.length > 0).toBe(true);
    }, 120_000);
  }
});
