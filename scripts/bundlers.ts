// Bundles a small app that imports `bedrock-wire` the way a user's bundler would: the package as
// `npm pack` ships it (dist/ built first when stale), unpacked into a temporary app's node_modules,
// resolved through its own `exports`/`imports` maps, with nothing marked external. Shared by
// `npm run size`, test/bundlers/ and test/consumer/.
import { build as esbuild, type Metafile } from 'esbuild';
import type { Plugin } from 'rollup';
import { execFileSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export const root = resolve(import.meta.dirname, '..');

export type Bundler = 'esbuild-browser' | 'esbuild-browser-split' | 'esbuild-node' | 'esbuild-node-split' | 'rollup-browser' | 'rollup-node' | 'vite' | 'workerd';

export interface OutputFile {
  name: string;
  code: string;
  /** The app's own chunk (the others load when it imports them, statically or dynamically). */
  entry: boolean;
}

export interface Bundle {
  bundler: Bundler;
  files: OutputFile[];
  /** Minified bytes of every file, and gzip (level 9) of each file summed. */
  min: number;
  gzip: number;
  /** gzip of what loads before any dynamic import: the app's chunk and the chunks it imports statically. */
  initialGzip: number;
  /** Those files' names. */
  initialFiles: string[];
  /** Node built-ins the bundle still imports or that the bundler had to stub (browser builds: must be empty). */
  nodeBuiltins: string[];
  /** The bundler's warnings, one line each. */
  warnings: string[];
  /** Every source module in the output (absolute paths), to check what a build contains. */
  modules: string[];
  meta?: Metafile;
}

const BUILTIN = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
export const isBuiltin = (id: string): boolean => BUILTIN.has(id) || id.startsWith('node:');

/**
 * Builds `dist/` (`npm run build`) unless it is newer than every
 * file in `src/`. Test files run in parallel: a lock directory makes one of them build while the
 * others wait, then find it fresh.
 */
export async function ensureDist(): Promise<void> {
  const stamp = join(root, 'dist', '.built');
  const fresh = () => existsSync(stamp) && newest(join(root, 'src')) <= statSync(stamp).mtimeMs;
  const lock = join(root, 'node_modules', '.bw-dist.lock');
  for (;;) {
    if (fresh()) return;
    try {
      mkdirSync(lock);
    } catch {
      // Another process is building; a lock older than 5 minutes was left by a killed one.
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    try {
      if (fresh()) return;
      rmSync(join(root, 'dist'), { recursive: true, force: true });
      // package.json's own build script (tsc, the vendored files, the per-entry bundling): one list of steps.
      execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit', cwd: root });
      writeFileSync(stamp, '');
      return;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

let tarball: Promise<string> | undefined;

/**
 * `npm pack` of the built package (dist/ built first if stale), once per process: the tarball a
 * user installs, with only what `files` ships (no tsconfig.json, no sources).
 */
export function packPackage(): Promise<string> {
  return (tarball ??= (async () => {
    await ensureDist();
    const dir = mkdtempSync(join(tmpdir(), 'bw-pack-'));
    const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const [{ filename }] = JSON.parse(out) as Array<{ filename: string }>;
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    return join(dir, filename);
  })());
}

/**
 * A temporary app directory as after `npm install bedrock-wire`: the packed tarball unpacked into
 * `node_modules/bedrock-wire`, and every package of this repository's node_modules (the package's
 * dependencies, and the peers compared against) symlinked beside it — no registry involved.
 */
export async function appDir(): Promise<{ dir: string; write(name: string, code: string): string; close(): void }> {
  const tgz = await packPackage();
  const dir = mkdtempSync(join(tmpdir(), 'bw-app-'));
  const nm = join(dir, 'node_modules');
  mkdirSync(join(nm, 'bedrock-wire'), { recursive: true });
  execFileSync('tar', ['-xzf', tgz, '-C', join(nm, 'bedrock-wire'), '--strip-components=1']);
  for (const name of readdirSync(join(root, 'node_modules'))) {
    if (name.startsWith('.') || name === 'bedrock-wire') continue;
    symlinkSync(join(root, 'node_modules', name), join(nm, name), 'dir');
  }
  writeFileSync(join(dir, 'package.json'), '{ "name": "bw-app", "private": true, "type": "module" }\n');
  return {
    dir,
    write(name, code) {
      const file = join(dir, name);
      writeFileSync(file, code);
      return file;
    },
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function finish(bundler: Bundler, files: OutputFile[], nodeBuiltins: Iterable<string>, warnings: string[], modules: string[], meta?: Metafile, initial?: Set<string>): Bundle {
  const gz = (s: string) => gzipSync(s, { level: 9 }).length;
  return {
    bundler,
    files,
    min: files.reduce((n, f) => n + Buffer.byteLength(f.code), 0),
    gzip: files.reduce((n, f) => n + gz(f.code), 0),
    initialGzip: files.filter((f) => (initial ? initial.has(f.name) : f.entry)).reduce((n, f) => n + gz(f.code), 0),
    initialFiles: files.filter((f) => (initial ? initial.has(f.name) : f.entry)).map((f) => f.name),
    nodeBuiltins: [...new Set(nodeBuiltins)].sort(),
    warnings,
    modules: [...new Set(modules)].sort(),
    ...(meta && { meta }),
  };
}

/**
 * esbuild as its docs show, `--bundle --minify` and the platform: browser builds are ESM; a node
 * build is what `--platform=node` gives with no other flag, CommonJS. `esbuild-node-split` adds
 * `--splitting --format=esm` (dynamic imports become chunks of their own) with the banner esbuild's
 * docs give for bundling CommonJS packages (undici) into ESM for Node (`createRequire`);
 * `esbuild-browser-split` is the browser build with `--splitting`.
 * `workerd` bundles as wrangler does for a Worker without `nodejs_compat`: ESM, conditions
 * `workerd`, `worker`, `browser`.
 */
export async function bundleEsbuild(entry: string, bundler: 'esbuild-browser' | 'esbuild-browser-split' | 'esbuild-node' | 'esbuild-node-split' | 'workerd', outdir: string, external: string[] = [], conditions?: string[]): Promise<Bundle> {
  const node = bundler.startsWith('esbuild-node');
  const split = bundler.endsWith('-split');
  const r = await esbuild({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: bundler === 'esbuild-node' ? 'cjs' : 'esm',
    platform: node ? 'node' : 'browser',
    ...(bundler === 'workerd' && { conditions: ['workerd', 'worker', 'browser'] }),
    // A user's `--conditions` (esbuild keeps the platform's own `node`/`browser` beside them).
    ...(conditions && bundler !== 'workerd' && { conditions }),
    ...(split
      ? { splitting: true, outdir, chunkNames: 'chunk-[hash]', ...(node && { banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" } }) }
      : { outfile: join(outdir, bundler === 'esbuild-node' ? 'out.cjs' : 'out.js') }),
    external,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const builtins: string[] = [];
  for (const input of Object.values(r.metafile.inputs)) for (const i of input.imports) if (isBuiltin(i.path)) builtins.push(i.path);
  // The app's output (each dynamic import is an entry point of its own in esbuild's metafile), and
  // what it imports statically, transitively: what loads before any dynamic import.
  const outputs = r.metafile.outputs;
  const appOut = Object.keys(outputs).find((o) => outputs[o]!.entryPoint !== undefined && resolve(outputs[o]!.entryPoint!) === resolve(entry))!;
  const initial = new Set<string>();
  const walk = (o: string): void => {
    if (initial.has(o)) return;
    initial.add(o);
    for (const i of outputs[o]!.imports) if (i.kind === 'import-statement' && outputs[i.path]) walk(i.path);
  };
  walk(appOut);
  const rel = (p: string) => resolve(p).slice(resolve(outdir).length + 1);
  const files = r.outputFiles
    .filter((f) => /\.c?js$/.test(f.path))
    .map((f) => ({ name: f.path.slice(outdir.length + 1), code: f.text, entry: rel(appOut) === f.path.slice(outdir.length + 1) }));
  const modules = Object.values(outputs).flatMap((o) => Object.keys(o.inputs)).map((p) => resolve(p));
  return finish(bundler, files, node ? [] : builtins, r.warnings.map((w) => w.text), modules, r.metafile, new Set([...initial].map(rel)));
}

/**
 * What the Rollup node build passes to @rollup/plugin-commonjs: its defaults. (Until undici's Agent
 * became one vendored file, undici's `() => require('node:sqlite')` in lib/util/runtime-features.js
 * was hoisted by the plugin into a static `import 'node:sqlite'` that Node 20 cannot load, and the
 * build needed `ignore: ['node:sqlite']`; the vendored file has no `require` for the plugin to
 * hoist. test/bundlers checks that the defaults run on this Node.)
 */
export const ROLLUP_NODE_COMMONJS = {};

/**
 * Rollup with @rollup/plugin-node-resolve: the browser build with the plugin's defaults plus
 * `browser: true`; the node build as the plugins' READMEs set one up for a Node target — resolve
 * with the `node` condition and `preferBuiltins`, @rollup/plugin-commonjs (undici and the AWS
 * credential chain are CommonJS; `commonjs` defaults to ROLLUP_NODE_COMMONJS) and
 * @rollup/plugin-json — with only Node's built-ins external. In the node build an import Rollup
 * cannot resolve fails the build. Rollup does not minify; its output is minified with esbuild's
 * transform so that sizes compare with the others.
 */
export async function bundleRollup(entry: string, bundler: 'rollup-browser' | 'rollup-node', options: { commonjs?: Record<string, unknown> } = {}): Promise<Bundle> {
  const { rollup } = await import('rollup');
  const { nodeResolve } = await import('@rollup/plugin-node-resolve');
  const { transform } = await import('esbuild');
  const browser = bundler === 'rollup-browser';
  const warnings: string[] = [];
  const builtins: string[] = [];
  // Both plugins are CommonJS-typed default exports (module.exports = fn) under NodeNext.
  type PluginFactory = (options?: Record<string, unknown>) => Plugin;
  const plugins = browser
    ? [nodeResolve({ browser: true })]
    : [
        nodeResolve({ exportConditions: ['node'], preferBuiltins: true }),
        ((await import('@rollup/plugin-commonjs')).default as unknown as PluginFactory)(options.commonjs ?? ROLLUP_NODE_COMMONJS),
        ((await import('@rollup/plugin-json')).default as unknown as PluginFactory)(),
      ];
  const b = await rollup({
    input: entry,
    plugins,
    // Node's built-ins are what a Node build leaves to Node; nothing else is external.
    ...(!browser && { external: (id: string) => isBuiltin(id) }),
    onwarn(w) {
      if (!browser && w.code === 'UNRESOLVED_IMPORT') throw new Error(`rollup-node: ${w.message}`);
      warnings.push(`${w.code}: ${w.message}`);
      if (w.code === 'UNRESOLVED_IMPORT' && w.exporter && isBuiltin(w.exporter)) builtins.push(w.exporter);
    },
  });
  const { output } = await b.generate({ format: 'es', inlineDynamicImports: false });
  await b.close();
  const files: OutputFile[] = [];
  const modules: string[] = [];
  const chunks = new Map(output.flatMap((o) => (o.type === 'chunk' ? [[o.fileName, o] as const] : [])));
  // What loads before any dynamic import: the entry chunk and its static imports, transitively.
  const initial = new Set<string>();
  const walk = (name: string): void => {
    if (initial.has(name) || !chunks.has(name)) return;
    initial.add(name);
    for (const i of chunks.get(name)!.imports) walk(i);
  };
  for (const o of chunks.values()) if (o.isEntry) walk(o.fileName);
  for (const o of chunks.values()) {
    modules.push(...o.moduleIds);
    for (const i of [...o.imports, ...o.dynamicImports]) if (isBuiltin(i)) builtins.push(i);
    files.push({ name: o.fileName, code: (await transform(o.code, { minify: true, format: 'esm' })).code, entry: o.isEntry });
  }
  return finish(bundler, files, browser ? builtins : [], warnings, modules, undefined, initial);
}

/** `vite build` of an app whose entry is `entry` (no config file; Vite's defaults: browser, minified, code-split). */
export async function bundleVite(entry: string, dir: string): Promise<Bundle> {
  const { build } = await import('vite');
  const warnings: string[] = [];
  const logger = {
    info() {}, clearScreen() {}, hasErrorLogged: () => false, hasWarned: false,
    warn(msg: string) { warnings.push(msg.split('\n')[0]!); },
    warnOnce(msg: string) { warnings.push(msg.split('\n')[0]!); },
    error(msg: string) { warnings.push(`error: ${msg.split('\n')[0]}`); },
  };
  const out = await build({
    root: dir,
    configFile: false,
    logLevel: 'warn',
    customLogger: logger,
    build: { write: false, rollupOptions: { input: entry, preserveEntrySignatures: 'exports-only' }, modulePreload: false, reportCompressedSize: false },
  });
  const results = Array.isArray(out) ? out : [out];
  const files: OutputFile[] = [];
  const builtins: string[] = [];
  const modules: string[] = [];
  for (const r of results as Array<{ output: Array<{ type: string; fileName: string; code?: string; isEntry?: boolean; moduleIds?: string[] }> }>) {
    for (const o of r.output) {
      if (o.type !== 'chunk') continue;
      modules.push(...(o.moduleIds ?? []));
      for (const id of o.moduleIds ?? []) if (id.includes('__vite-browser-external')) builtins.push(id.replace(/^.*__vite-browser-external:?/, '') || 'a Node built-in');
      files.push({ name: o.fileName, code: o.code!, entry: !!o.isEntry });
    }
  }
  for (const w of warnings) {
    const m = /Module "([^"]+)" has been externalized for browser compatibility/.exec(w);
    if (m) builtins.push(m[1]!);
  }
  return finish('vite', files, builtins, warnings, modules);
}

/**
 * `external` (esbuild only): packages left out — the size rows leave out only peer dependencies.
 * `commonjs` (rollup-node only): @rollup/plugin-commonjs's options instead of ROLLUP_NODE_COMMONJS.
 */
export async function bundle(bundler: Bundler, entry: string, dir: string, options: { external?: string[]; commonjs?: Record<string, unknown>; conditions?: string[] } = {}): Promise<Bundle> {
  if (bundler === 'rollup-browser' || bundler === 'rollup-node') return bundleRollup(entry, bundler, options.commonjs ? { commonjs: options.commonjs } : {});
  if (bundler === 'vite') return bundleVite(entry, dir);
  return bundleEsbuild(entry, bundler, join(dir, 'out-' + bundler + (options.conditions ? '-c' : '')), options.external, options.conditions);
}
