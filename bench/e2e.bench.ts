// End-to-end: bedrock-wire's BedrockRuntime vs the official @aws-sdk/client-bedrock-runtime, against
// the same emulator, side by side in one run. `npm run bench e2e`.
//
// The emulators run in child processes so that process.cpuUsage() here counts the client alone.
// Peak RSS, import cost and process start → first chunk are measured in fresh child processes.
//
//   streaming   chunks/s, MB/s, CPU µs per chunk: bulk (≈16 KiB writes) and one frame per write
//   ttfc        time to first chunk of a short stream (median)
//   latency     small InvokeModel, sequential and 32 concurrent (median per request)
//   rss         peak RSS growth while streaming ~200 MB
//   import      time to import the package
//   cold        process start → first streamed chunk
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { NodeSha256 } from './node-sha256.js';
import { ensureDist } from '../scripts/bundlers.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const self = fileURLToPath(import.meta.url);
const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
const QUICK = process.env.BENCH_QUICK === '1';
// BENCH_ONLY=latency,rss runs only those sections (stream, ttfc, latency, rss, import, cold/exit).
const ONLY = process.env.BENCH_ONLY?.split(',');
const want = (section: string): boolean => !ONLY || ONLY.includes(section);

interface EmuInfo {
  url: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

function body(maxTokens: number): string {
  return JSON.stringify({
    anthropic_version: 'bedrock-2023-05-31',
    max_tokens: maxTokens,
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Tell me about Paris.' }] }],
  });
}

// ---------------------------------------------------------------- child: an emulator process

/**
 * The least a server can do for InvokeModel: a fixed Anthropic answer, no verification, on one port
 * for HTTP/1.1 and h2c (the emulator's own listener). Per-request latency against it is client cost
 * plus loopback, which is what the per-request overhead goal is about.
 */
async function fixedChild(): Promise<void> {
  const { listen } = await import('../src/emulator/listen.js');
  const answer = JSON.stringify({
    id: 'msg_bdrk_fixed', type: 'message', role: 'assistant', model: 'claude-3-5-haiku-20241022',
    content: [{ type: 'text', text: 'Hello there, friend.' }], stop_reason: 'end_turn', stop_sequence: null,
    usage: { input_tokens: 9, output_tokens: 5 },
  });
  const l = await listen((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-amzn-requestid': 'fixed-0000', 'x-amzn-bedrock-input-token-count': '9', 'x-amzn-bedrock-output-token-count': '5' });
      res.end(answer);
    });
  }, 0, '127.0.0.1');
  process.stdout.write(JSON.stringify({ url: `http://127.0.0.1:${l.port}`, region: 'us-east-1', credentials: { accessKeyId: 'AKIDFIXED', secretAccessKey: 'fixed-secret' } }) + '\n');
  process.stdin.resume();
  process.stdin.on('end', () => void l.close().then(() => process.exit(0)));
}

async function emulatorChild(args: string[]): Promise<void> {
  const [mode, n] = args;
  if (mode === 'fixed') return fixedChild();
  const { startEmulator } = await import('../src/emulator/index.js');
  // 'bare' skips the emulator's own SigV4 verification (clients still sign): the server's work per
  // request is then small next to the clients', so per-request latency shows client overhead.
  const emu = await startEmulator({
    coalesce: mode !== 'frame',
    outputWords: mode === 'big' || mode === 'small' || mode === 'bare' ? Number(n) : undefined,
    maxOutputWords: mode === 'big' ? Number(n) : undefined,
    seed: 3,
    verifyAuth: mode !== 'bare',
  });
  if (mode === 'bulk' || mode === 'frame') {
    // A precomputed body replayed verbatim, so the server spends nothing building frames and the
    // client is the bottleneck: 16 KiB slices in bulk, one write per frame otherwise.
    const { anthropicStreamBody } = await import('./workloads.js');
    emu.inject({ kind: 'replay', body: anthropicStreamBody(Number(n), 11) }, { times: Infinity, operation: 'invoke-with-response-stream' });
  }
  // One frame per write with a turn of the event loop between them, so each frame gets its own read.
  if (mode === 'frame') emu.inject({ kind: 'delay', perChunkMs: 0 }, { times: Infinity });
  process.stdout.write(JSON.stringify({ url: emu.url, region: emu.region, credentials: emu.credentials }) + '\n');
  // Keep no log: the emulator's request log would grow for the whole run.
  setInterval(() => {
    emu.requests.length = 0;
  }, 1000);
  process.stdin.resume();
  process.stdin.on('end', () => void emu.close().then(() => process.exit(0)));
}

function startEmu(mode: 'bulk' | 'frame' | 'small' | 'big' | 'bare' | 'fixed', n: number): Promise<EmuInfo & { stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', self, 'emulator', mode, String(n)], { stdio: ['pipe', 'pipe', 'inherit'], cwd: root });
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', (line) => resolve({ ...(JSON.parse(line) as EmuInfo), stop: () => child.stdin!.end() }));
    child.once('exit', (code) => reject(new Error(`emulator exited ${code}`)));
  });
}

// ---------------------------------------------------------------- clients under test

type Variant = 'ours' | 'ours-fetch' | 'sdk-h2' | 'sdk-h1';
interface Client {
  stream(maxTokens: number, onChunk: (bytes: Uint8Array) => void): Promise<void>;
  invoke(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The signed-undici floor for one InvokeModel: `@smithy/signature-v4` (with Node's SHA-256) and
 * `undici.request` on a keep-alive Agent, the body read whole, nothing else (no retries, no
 * timers, no error parsing). What a hand-written minimal client costs; ours is compared with it.
 */
async function floorClient(emu: EmuInfo): Promise<Client> {
  const { SignatureV4 } = await import('@smithy/signature-v4');
  const { Agent } = await import('undici');
  const signer = new SignatureV4({ service: 'bedrock', region: emu.region, credentials: emu.credentials, sha256: NodeSha256 as never, uriEscapePath: true, applyChecksum: false });
  const agent = new Agent({ keepAliveTimeout: 30_000 });
  const url = new URL(emu.url);
  const path = `/model/${encodeURIComponent(MODEL)}/invoke`;
  return {
    async stream() {
      throw new Error('floor: invoke only');
    },
    async invoke() {
      const b = body(16);
      const signed = await signer.sign(
        { method: 'POST', protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path, headers: { host: url.host, 'content-type': 'application/json', accept: 'application/json' }, body: b },
        { signingDate: new Date() },
      );
      const res = await agent.request({ origin: url.origin, path, method: 'POST', headers: signed.headers, body: b });
      await res.body.arrayBuffer();
    },
    close: () => agent.close(),
  };
}

async function makeClient(variant: Variant | 'floor', emu: EmuInfo): Promise<Client> {
  if (variant === 'floor') return floorClient(emu);
  if (variant === 'ours' || variant === 'ours-fetch') {
    // The esbuild bundle, as a user runs the built package: tsx's transpiled source adds a helper
    // call per function (keepNames) that inflated our per-request CPU by ~20% against the floor.
    const { BedrockRuntime } = (await import((oursBundle ??= await bundleOurs()))) as typeof import('../src/runtime/index.js');
    const rt = new BedrockRuntime({
      region: emu.region,
      endpoint: emu.url,
      credentials: emu.credentials,
      env: {},
      ...(variant === 'ours-fetch' ? { fetch: globalThis.fetch } : {}),
    });
    return {
      async stream(maxTokens, onChunk) {
        for await (const e of rt.invokeModelWithResponseStream({ modelId: MODEL, body: body(maxTokens) })) onChunk(e.bytes);
      },
      async invoke() {
        await rt.invokeModel({ modelId: MODEL, body: body(16) });
      },
      close: () => rt.close(),
    };
  }
  const sdk = await import('@aws-sdk/client-bedrock-runtime');
  const { NodeHttpHandler } = await import('@smithy/node-http-handler');
  const client = new sdk.BedrockRuntimeClient({
    region: emu.region,
    endpoint: emu.url,
    credentials: emu.credentials,
    ...(variant === 'sdk-h1' ? { requestHandler: new NodeHttpHandler({ httpAgent: { keepAlive: true, maxSockets: 64 } }) } : {}),
  });
  return {
    async stream(maxTokens, onChunk) {
      const res = await client.send(new sdk.InvokeModelWithResponseStreamCommand({ modelId: MODEL, body: body(maxTokens), contentType: 'application/json' }));
      for await (const e of res.body!) if (e.chunk?.bytes) onChunk(e.chunk.bytes);
    },
    async invoke() {
      await client.send(new sdk.InvokeModelCommand({ modelId: MODEL, body: body(16), contentType: 'application/json' }));
    },
    async close() {
      client.destroy();
    },
  };
}

// ---------------------------------------------------------------- measurements

interface StreamFigures {
  chunks: number;
  bytes: number;
  ms: number;
  cpuUs: number;
}

async function streamOnce(c: Client): Promise<StreamFigures> {
  let chunks = 0;
  let bytes = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await c.stream(1_000_000, (b) => {
    chunks++;
    bytes += b.length;
  });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { chunks, bytes, ms, cpuUs: cpu.user + cpu.system };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function streaming(emu: EmuInfo, variants: Variant[], rounds: number): Promise<Map<Variant, StreamFigures>> {
  const clients = new Map<Variant, Client>();
  for (const v of variants) clients.set(v, await makeClient(v, emu));
  for (const c of clients.values()) await streamOnce(c); // warm-up: JIT, connections, lazy imports
  const best = new Map<Variant, StreamFigures>();
  for (let r = 0; r < rounds; r++) {
    for (const [v, c] of clients) {
      globalThis.gc?.();
      const f = await streamOnce(c);
      const prev = best.get(v);
      if (!prev || f.chunks / f.ms > prev.chunks / prev.ms) best.set(v, f);
    }
  }
  for (const c of clients.values()) await c.close();
  return best;
}

async function ttfc(emu: EmuInfo, variants: Variant[], n: number): Promise<Map<Variant, number>> {
  const out = new Map<Variant, number>();
  const clients = new Map<Variant, Client>();
  for (const v of variants) clients.set(v, await makeClient(v, emu));
  const samples = new Map<Variant, number[]>(variants.map((v) => [v, []]));
  for (let i = 0; i < n + 5; i++) {
    for (const [v, c] of clients) {
      const t0 = performance.now();
      let first = 0;
      await c.stream(64, () => {
        if (!first) first = performance.now() - t0;
      });
      if (i >= 5) samples.get(v)!.push(first);
    }
  }
  for (const [v, c] of clients) {
    out.set(v, median(samples.get(v)!));
    await c.close();
  }
  return out;
}

/** Median latency (ms) and this process's CPU per request (µs: the client's own cost, steadier on a busy machine). */
async function latency(emu: EmuInfo, variants: (Variant | 'floor')[], n: number, concurrency: number): Promise<Map<Variant | 'floor', { ms: number; cpuUs: number }>> {
  const out = new Map<Variant | 'floor', { ms: number; cpuUs: number }>();
  for (const v of variants) {
    const c = await makeClient(v, emu);
    for (let i = 0; i < 20; i++) await c.invoke();
    const samples: number[] = [];
    const one = async () => {
      const t0 = performance.now();
      await c.invoke();
      samples.push(performance.now() - t0);
    };
    const cpu0 = process.cpuUsage();
    for (let done = 0; done < n; done += concurrency) await Promise.all(Array.from({ length: concurrency }, one));
    const cpu = process.cpuUsage(cpu0);
    out.set(v, { ms: median(samples), cpuUs: (cpu.user + cpu.system) / samples.length });
    await c.close();
  }
  return out;
}

// ---------------------------------------------------------------- child processes: rss, import, cold start

/** A plain-JS bundle of our entry (esbuild), so child processes time JS, not tsx transpiling TS. */
let oursBundle: string | undefined;

async function bundleOurs(): Promise<string> {
  const esbuild = await import('esbuild');
  const dir = join(root, 'node_modules', '.cache', 'bedrock-wire-bench');
  mkdirSync(dir, { recursive: true });
  // Splitting keeps `import('./undici.js')` a separate chunk, loaded on the first request as in the package.
  await esbuild.build({
    entryPoints: { ours: join(root, 'src/runtime/index.ts') },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    logLevel: 'silent',
  });
  return join(dir, 'ours.mjs');
}

function script(name: string, code: string): string {
  const dir = join(root, 'node_modules', '.cache', 'bedrock-wire-bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, code);
  return file;
}

function run(file: string, args: string[] = [], nodeArgs: string[] = []): Promise<{ out: string; ms: number; firstLineMs: number; closedMs: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, file, ...args], { stdio: ['ignore', 'pipe', 'inherit'], cwd: root });
  let out = '';
  let firstLineMs = 0;
  let closedMs = 0;
  child.stdout!.on('data', (d: Buffer) => {
    if (!firstLineMs && d.includes(10)) firstLineMs = performance.now() - t0;
    out += d;
    if (!closedMs && out.includes('closed ')) closedMs = performance.now() - t0;
  });
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve({ out, ms: performance.now() - t0, firstLineMs, closedMs }) : reject(new Error(`${file} exited ${code}: ${out}`)))),
  );
}

function clientCode(ours: string, variant: Variant): string {
  const isOurs = variant.startsWith('ours');
  return isOurs
    ? `const { BedrockRuntime } = await import(${JSON.stringify(ours)});
const make = (emu) => { const rt = new BedrockRuntime({ region: emu.region, endpoint: emu.url, credentials: emu.credentials, env: {} ${variant === 'ours-fetch' ? ', fetch: globalThis.fetch' : ''} });
  return { stream: async (maxTokens, on) => { for await (const e of rt.invokeModelWithResponseStream({ modelId: ${JSON.stringify(MODEL)}, body: body(maxTokens) })) on(e.bytes); }, close: () => rt.close() }; };`
    : `const sdk = await import('@aws-sdk/client-bedrock-runtime');
${variant === 'sdk-h1' ? "const { NodeHttpHandler } = await import('@smithy/node-http-handler');" : ''}
const make = (emu) => { const c = new sdk.BedrockRuntimeClient({ region: emu.region, endpoint: emu.url, credentials: emu.credentials ${variant === 'sdk-h1' ? ', requestHandler: new NodeHttpHandler()' : ''} });
  return { stream: async (maxTokens, on) => { const r = await c.send(new sdk.InvokeModelWithResponseStreamCommand({ modelId: ${JSON.stringify(MODEL)}, body: body(maxTokens), contentType: 'application/json' })); for await (const e of r.body) if (e.chunk) on(e.chunk.bytes); }, close: async () => c.destroy() }; };`;
}

const bodyFn = `const body = (n) => JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: n, messages: [{ role: 'user', content: [{ type: 'text', text: 'Tell me about Paris.' }] }] });`;

async function rss(ours: string, emu: EmuInfo, variant: Variant, warmTokens: number): Promise<{ growthMb: number; baseMb: number; mb: number }> {
  const file = script(`rss-${variant}.mjs`, `${bodyFn}
${clientCode(ours, variant)}
const emu = JSON.parse(process.argv[2]);
const c = make(emu);
await c.stream(Number(process.argv[3]), () => {});
globalThis.gc?.();
const base = process.memoryUsage().rss;
let peak = base, bytes = 0;
const t = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 2);
await c.stream(100000000, (b) => { bytes += b.length; });
clearInterval(t);
// Sampled only: the process's maxRSS would include the peak of loading modules before the stream.
peak = Math.max(peak, process.memoryUsage().rss);
await c.close();
console.log(JSON.stringify({ growth: peak - base, base, bytes }));
`);
  const r = JSON.parse((await run(file, [JSON.stringify(emu), String(warmTokens)], ['--expose-gc', ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [])])).out) as { growth: number; base: number; bytes: number };
  return { growthMb: r.growth / 2 ** 20, baseMb: r.base / 2 ** 20, mb: r.bytes / 2 ** 20 };
}

async function importCost(ours: string, n: number): Promise<{ ours: number; sdk: number; node: number }> {
  const time = (spec: string) =>
    script(`import-${spec === ours ? 'ours' : spec ? 'sdk' : 'none'}.mjs`, `const t0 = performance.now();
${spec ? `await import(${JSON.stringify(spec)});` : ''}
console.log(performance.now() - t0);`);
  const files = { ours: time(ours), sdk: time('@aws-sdk/client-bedrock-runtime'), node: time('') };
  const samples = { ours: [] as number[], sdk: [] as number[], node: [] as number[] };
  const wall = { ours: [] as number[], sdk: [] as number[], node: [] as number[] };
  for (let i = 0; i < n; i++) {
    for (const k of ['ours', 'sdk', 'node'] as const) {
      const r = await run(files[k]);
      samples[k].push(Number(r.out));
      wall[k].push(r.ms);
    }
  }
  return { ours: median(samples.ours), sdk: median(samples.sdk), node: median(wall.node) };
}

type ColdVariant = Variant | 'ours-tierup' | 'ours-nodeundici';
interface Cold {
  first: number;
  /** CPU time of the process (all its threads) from start to the first chunk: steady when the machine is busy. */
  firstCpu: number;
  exit: number;
  afterClose: number;
}

function coldScript(ours: string, variant: ColdVariant): string {
  const code =
    variant === 'ours-tierup'
      ? clientCode(ours, 'ours').replace('env: {}', 'env: {}, optimizeHttpParser: true')
      : variant === 'ours-nodeundici'
        ? clientCode(ours, 'ours').replace('env: {}', "env: { UNDICI_NO_WASM_SIMD: '1' }")
        : clientCode(ours, variant);
  return script(`cold-${variant}.mjs`, `${bodyFn}
${code}
const c = make(JSON.parse(process.argv[2]));
let first = true;
await c.stream(64, () => { if (first) { first = false; const u = process.cpuUsage(); process.stdout.write('first ' + (u.user + u.system) / 1000 + '\\n'); } });
await c.close();
process.stdout.write('closed ' + performance.now() + '\\n');
`);
}

/**
 * Spawn → first streamed chunk (wall and CPU), spawn → process exit, and close() → exit: medians of
 * fresh processes, the variants interleaved round by round so that a busy moment hits all alike.
 */
async function cold(ours: string, emu: EmuInfo, variants: ColdVariant[], n: number): Promise<Map<ColdVariant, Cold>> {
  const files = new Map(variants.map((v) => [v, coldScript(ours, v)] as const));
  const samples = new Map(variants.map((v) => [v, { first: [] as number[], firstCpu: [] as number[], exit: [] as number[], afterClose: [] as number[] }] as const));
  for (let i = 0; i < n; i++) {
    for (const v of variants) {
      const r = await run(files.get(v)!, [JSON.stringify(emu)]);
      const s = samples.get(v)!;
      s.first.push(r.firstLineMs);
      s.firstCpu.push(Number(/first ([\d.]+)/.exec(r.out)?.[1]));
      s.exit.push(r.ms);
      s.afterClose.push(r.ms - r.closedMs);
    }
  }
  return new Map(variants.map((v) => {
    const s = samples.get(v)!;
    return [v, { first: median(s.first), firstCpu: median(s.firstCpu), exit: median(s.exit), afterClose: median(s.afterClose) }] as const;
  }));
}

// ---------------------------------------------------------------- report

const fmt = (x: number, d = 1) => x.toFixed(d);

function ratio(a: number, b: number): string {
  return `${fmt(a / b, 2)}×`;
}

async function main(): Promise<void> {
  const variants: Variant[] = ['ours', 'ours-fetch', 'sdk-h2', 'sdk-h1'];
  const frames = QUICK ? 20_000 : 100_000;
  const [bulk, frame, small, big, bare, fixed] = await Promise.all([
    startEmu('bulk', frames),
    startEmu('frame', frames),
    startEmu('small', 8),
    startEmu('big', 5_000_000),
    startEmu('bare', 8),
    startEmu('fixed', 0),
  ]);
  try {
    console.log(`node ${process.version}, ${frames} frames per streamed answer (replayed), ratios are ours (undici) / the official client\n`);

    for (const [name, emu] of want('stream') ? ([['bulk (≈16 KiB writes)', bulk], ['one frame per write', frame]] as const) : []) {
      const figs = await streaming(emu, variants, QUICK ? 2 : 4);
      console.log(`streaming, ${name}:`);
      console.log('  variant       chunks/s     MB/s   CPU µs/chunk   chunks');
      for (const [v, f] of figs) {
        console.log(`  ${v.padEnd(12)} ${fmt((f.chunks / f.ms) * 1000, 0).padStart(9)} ${fmt(f.bytes / 2 ** 20 / (f.ms / 1000)).padStart(8)} ${fmt(f.cpuUs / f.chunks, 2).padStart(13)}   ${f.chunks}`);
      }
      const o = figs.get('ours')!;
      for (const peer of ['sdk-h2', 'sdk-h1'] as const) {
        const p = figs.get(peer)!;
        console.log(`  ours vs ${peer}: chunks/s ${ratio(o.chunks / o.ms, p.chunks / p.ms)}, CPU/chunk ${ratio(o.cpuUs / o.chunks, p.cpuUs / p.chunks)}`);
      }
      console.log();
    }

    if (want('ttfc')) {
      const t = await ttfc(small, variants, QUICK ? 20 : 50);
      console.log('time to first chunk (median, short stream):');
      for (const [v, ms] of t) console.log(`  ${v.padEnd(12)} ${fmt(ms, 3)} ms`);
      console.log(`  ours vs sdk-h2 ${ratio(t.get('ours')!, t.get('sdk-h2')!)}, vs sdk-h1 ${ratio(t.get('ours')!, t.get('sdk-h1')!)}\n`);
    }

    for (const [server, emu, conc] of !want('latency') ? [] : [
      ['emulator verifying SigV4', small, 1],
      ['emulator verifying SigV4', small, 32],
      ['emulator not verifying', bare, 1],
      ['emulator not verifying', bare, 32],
      ['a fixed-answer server (client overhead)', fixed, 1],
      ['a fixed-answer server (client overhead)', fixed, 32],
    ] as const) {
      const l = await latency(emu, [...variants, 'floor'], QUICK ? 320 : 960, conc);
      console.log(`small InvokeModel, ${conc === 1 ? 'sequential' : `${conc} concurrent`}, ${server} (median latency):`);
      for (const [v, f] of l) console.log(`  ${v.padEnd(12)} ${fmt(f.ms, 3)} ms   client CPU ${fmt(f.cpuUs, 0).padStart(5)} µs/request`);
      const o = l.get('ours')!;
      const vs = (k: Variant | 'floor') => `${ratio(o.ms, l.get(k)!.ms)} (CPU ${ratio(o.cpuUs, l.get(k)!.cpuUs)})`;
      console.log(`  ours vs sdk-h2 ${vs('sdk-h2')}, vs sdk-h1 ${vs('sdk-h1')}, vs the signed-undici floor ${vs('floor')}\n`);
    }

    // Fresh processes load the package as installed: `bedrock-wire` (dist/index.js, the built
    // package, built first if stale), dependencies from node_modules.
    await ensureDist();
    const ours = join(root, 'dist', 'index.js');
    // Two figures: after a tiny first stream (module loading only), and after a ~2 MB warm-up
    // stream. Ours shows a one-time native RSS spike (~35 MB, back within a few MB) at the start
    // of its first fast stream that the warm-up absorbs; the growth with stream length is the second.
    for (const [label, warm] of want('rss') ? ([['after a 64-token first stream', 64], ['after a 100k-token warm-up stream', 100_000]] as const) : []) {
      console.log(`peak RSS growth while streaming, ${label} (fresh process each):`);
      const r = new Map<Variant, number>();
      for (const v of variants) {
        const x = await rss(ours, big, v, warm);
        r.set(v, x.growthMb);
        console.log(`  ${v.padEnd(12)} ${fmt(x.growthMb)} MB over ${fmt(x.mb, 0)} MB of model JSON (RSS before the stream ${fmt(x.baseMb)} MB)`);
      }
      console.log(`  ours vs sdk-h2 ${ratio(r.get('ours')!, r.get('sdk-h2')!)}, vs sdk-h1 ${ratio(r.get('ours')!, r.get('sdk-h1')!)}\n`);
    }

    if (want('import')) {
      const imp = await importCost(ours, QUICK ? 5 : 15);
      console.log(`import (median of fresh processes; bare node start ${fmt(imp.node)} ms):`);
      console.log(`  bedrock-wire (the package root, as installed) ${fmt(imp.ours, 2)} ms, official client ${fmt(imp.sdk, 2)} ms: ${ratio(imp.ours, imp.sdk)}\n`);
    }

    if (want('cold') || want('exit')) {
      console.log('cold start, fresh process each (median): spawn → first streamed chunk, spawn → exit, close() → exit');
      console.log('  (ours-tierup: ours with optimizeHttpParser: true, i.e. V8 optimising undici\'s parser as before;');
      console.log("   ours-nodeundici: ours on Node's own undici, as where undici's SIMD parser is not used — what a node bundle without undici would cost)");
      const c = await cold(ours, small, [...variants, 'ours-tierup', 'ours-nodeundici'], QUICK ? 5 : 11);
      for (const [v, f] of c) {
        console.log(`  ${v.padEnd(12)} first chunk ${fmt(f.first).padStart(6)} ms (CPU ${fmt(f.firstCpu).padStart(6)} ms)   exit ${fmt(f.exit).padStart(6)} ms   close→exit ${fmt(f.afterClose).padStart(6)} ms`);
      }
      const best = (k: 'first' | 'firstCpu' | 'exit') => Math.min(c.get('sdk-h2')![k], c.get('sdk-h1')![k]);
      for (const v of ['ours', 'ours-fetch', 'ours-tierup', 'ours-nodeundici'] as const) {
        console.log(`  ${v} vs best official: first chunk ${ratio(c.get(v)!.first, best('first'))} (CPU ${ratio(c.get(v)!.firstCpu, best('firstCpu'))}), exit ${ratio(c.get(v)!.exit, best('exit'))}`);
      }
    }
  } finally {
    for (const e of [bulk, frame, small, big, bare, fixed]) e.stop();
  }
}

if (process.argv[2] === 'emulator') await emulatorChild(process.argv.slice(3));
else await main();
