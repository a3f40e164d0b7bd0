// `npm run bench memory`: memory while streaming a long answer, each variant in a fresh process,
// against one emulator process replaying a precomputed Anthropic body (≈266 wire bytes a frame):
//
//   runtime    BedrockRuntime.invokeModelWithResponseStream, each chunk's JSON parsed and dropped
//   provider   BedrockProvider.generateStream (codec, StreamChunks, the final LLMResponse kept)
//   sdk        the official @aws-sdk/client-bedrock-runtime, each chunk's JSON parsed and dropped
//
// Figures: peak RSS growth during the stream over the RSS after a warm-up stream (sampled every
// 2 ms), the peak JS heap in use (garbage included), and the live heap at the end of the stream
// (after a GC, the final response still held) over the heap before it — for the provider that
// includes the answer text the final response carries, which no streaming can avoid.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startReplayEmulator, type EmuInfo } from './replay-emulator.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
const QUICK = process.env.BENCH_QUICK === '1';
const SIZES_MB = QUICK ? [20] : [20, 200];
const FRAME_BYTES = 266;




type Variant = 'runtime' | 'provider' | 'sdk';

const clientScript = (variant: Variant): string => `
const emu = JSON.parse(process.argv[2]);
const MODEL = ${JSON.stringify(MODEL)};
const body = JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 4096, messages: [{ role: 'user', content: [{ type: 'text', text: 'Tell me about Paris.' }] }] });
const utf8 = new TextDecoder();
const HALF = Math.floor(Number(process.argv[3]) / 2);
let liveMid = 0;
const mid = () => { globalThis.gc(); liveMid = process.memoryUsage().heapUsed; };
let stream;
${
  variant === 'provider'
    ? `const { BedrockProvider } = await import(${JSON.stringify(join(root, 'src/provider/index.ts'))});
const p = new BedrockProvider({ region: emu.region, endpoint: emu.url, credentials: emu.credentials }, { env: {} });
stream = async () => { let n = 0, response; for await (const c of p.generateStream({ model: MODEL, messages: [{ role: 'user', content: 'Tell me about Paris.' }], maxTokens: 4096 })) { n++; if (n === HALF) mid(); if (c.type === 'finish') response = c.response; } globalThis.gc(); const live = process.memoryUsage().heapUsed; return { n, response, live }; };
var close = () => p.close();`
    : variant === 'runtime'
      ? `const { BedrockRuntime } = await import(${JSON.stringify(join(root, 'src/runtime/index.ts'))});
const rt = new BedrockRuntime({ region: emu.region, endpoint: emu.url, credentials: emu.credentials, env: {} });
stream = async () => { let n = 0; for await (const e of rt.invokeModelWithResponseStream({ modelId: MODEL, body })) { JSON.parse(utf8.decode(e.bytes)); if (++n === HALF) mid(); } globalThis.gc(); const live = process.memoryUsage().heapUsed; return { n, live }; };
var close = () => rt.close();`
      : `const sdk = await import('@aws-sdk/client-bedrock-runtime');
const c = new sdk.BedrockRuntimeClient({ region: emu.region, endpoint: emu.url, credentials: emu.credentials });
stream = async () => { let n = 0; const r = await c.send(new sdk.InvokeModelWithResponseStreamCommand({ modelId: MODEL, body, contentType: 'application/json' })); for await (const e of r.body) if (e.chunk) { JSON.parse(utf8.decode(e.chunk.bytes)); if (++n === HALF) mid(); } globalThis.gc(); const live = process.memoryUsage().heapUsed; return { n, live }; };
var close = async () => c.destroy();`
}
await stream(); // warm-up: modules, JIT, the connection
globalThis.gc();
const rss0 = process.memoryUsage().rss, heap0 = process.memoryUsage().heapUsed;
let peak = rss0, heapPeak = heap0;
const sample = () => { const m = process.memoryUsage(); peak = Math.max(peak, m.rss); heapPeak = Math.max(heapPeak, m.heapUsed); };
const t = setInterval(sample, 2);
const result = await stream();
clearInterval(t);
sample();
globalThis.gc();
const heap1 = process.memoryUsage().heapUsed;
await close();
console.log(JSON.stringify({ rssGrowth: peak - rss0, heapPeak: heapPeak - heap0, heapGrowth: result.live - heap0, secondHalf: result.live - liveMid, chunks: result.n, text: result.response ? result.response.content.length : 0 }));
`;

function runChild(variant: Variant, emu: EmuInfo, frames: number): Promise<{ rssGrowth: number; heapPeak: number; heapGrowth: number; secondHalf: number; chunks: number; text: number }> {
  const dir = join(root, 'node_modules', '.cache', 'bedrock-wire-bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `memory-${variant}.mts`);
  writeFileSync(file, clientScript(variant));
  const child = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', file, JSON.stringify(emu), String(frames)], { stdio: ['ignore', 'pipe', 'inherit'], cwd: root });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(`${variant} exited ${code}: ${out}`)))),
  );
}

const mb = (b: number) => (b / 2 ** 20).toFixed(1);

async function main(): Promise<void> {
  console.log(`node ${process.version}; memory while streaming, fresh process per variant`);
  for (const size of SIZES_MB) {
    const frames = Math.round((size * 2 ** 20) / FRAME_BYTES);
    const emu = await startReplayEmulator(frames);
    try {
      const figs = new Map<Variant, Awaited<ReturnType<typeof runChild>>>();
      console.log(`\n${size} MB of event-stream (${frames} frames):`);
      console.log('  variant     peak RSS growth   peak heap growth   live heap at the end   live heap growth over the 2nd half   answer text kept');
      for (const v of ['runtime', 'provider', 'sdk'] as const) {
        const f = await runChild(v, emu, frames);
        figs.set(v, f);
        console.log(`  ${v.padEnd(10)} ${mb(f.rssGrowth).padStart(12)} MB ${mb(f.heapPeak).padStart(15)} MB ${mb(f.heapGrowth).padStart(19)} MB ${mb(f.secondHalf).padStart(31)} MB ${(f.text ? mb(f.text) + ' M chars' : '-').padStart(18)}`);
      }
      const r = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
      const [rt, pv, sdk] = (['runtime', 'provider', 'sdk'] as const).map((v) => figs.get(v)!);
      console.log(`  peak RSS growth: runtime vs sdk ${r(rt.rssGrowth, sdk.rssGrowth)}, provider vs sdk ${r(pv.rssGrowth, sdk.rssGrowth)}, provider vs runtime ${r(pv.rssGrowth, rt.rssGrowth)}`);
      console.log(`  peak heap growth: provider ${mb(pv.heapPeak)} MB vs runtime ${mb(rt.heapPeak)} MB`);
    } finally {
      emu.stop();
    }
  }
}

await main();
