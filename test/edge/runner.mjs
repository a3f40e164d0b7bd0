// Runs a bundle of test/bundlers/app.mjs in a Node process made to look like an edge runtime: no
// `process` (so no env, no getBuiltinModule: no Node crypto, no zlib), only the web globals —
// fetch, Web Crypto, streams, TextEncoder. Prints one JSON line with what `run()` returned.
// `keep-process`: the same browser build inside Node (a test runner, SSR): it must use fetch too.
const [bundle, params, mode] = process.argv.slice(2);
const log = console.log.bind(console);
if (mode !== 'keep-process') delete globalThis.process;
const { run } = await import(bundle);
const result = await run(JSON.parse(params));
// Whether Node's own undici was loaded (it registers its global dispatcher under undici's shared key).
if (mode === 'keep-process') result.nodeUndiciLoaded = globalThis[Symbol.for('undici.globalDispatcher.1')] !== undefined;
log(JSON.stringify(result));
