// `npm run bench ai-sdk`: the AI SDK's streamText over bedrock-wire/ai-sdk vs over the AI SDK's own
// @ai-sdk/amazon-bedrock, same emulator, same model, same prompt, in one run.
//
//   ours (converse)   createBedrockWire({ api: 'converse' }): ConverseStream, the operation the peer uses
//   ours (invoke)     createBedrockWire(): InvokeModelWithResponseStream with the Anthropic body (our default)
//   amazon-bedrock    createAmazonBedrock({ baseURL }): ConverseStream, SigV4 by its own code
//   ours doStream     the model's doStream() read directly (converse), no streamText: the provider's own cost
//   peer doStream     the same for @ai-sdk/amazon-bedrock
//   provider alone    BedrockProvider.generateStream (converse), no AI SDK at all
//
// The emulator runs in a child process in bulk mode, replaying one precomputed body per operation
// (a ConverseStream body and an Anthropic InvokeModel body of FRAMES frames each), so
// process.cpuUsage() here counts the client and the SDK alone. Each variant: one warm-up stream,
// then ROUNDS interleaved streams; chunks/s and CPU µs per text chunk are from the best round,
// time to first chunk (streamText called → first text delta) is the median over short answers
// (30 frames, a second emulator), where the first chunk is not queued behind a long body.
// Bundle size: esbuild, minified, gzip, nothing external, of the same minimal streamText app with
// each provider, for the browser/edge and for node.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { startReplayEmulator, type EmuInfo } from './replay-emulator.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
const PROMPT = 'Tell me about Paris.';
const QUICK = process.env.BENCH_QUICK === '1';
const FRAMES = QUICK ? 5_000 : 20_000;
const ROUNDS = QUICK ? 2 : 3;
const TTFC_STREAMS = QUICK ? 5 : 15;




type Variant = 'ours (converse)' | 'ours (invoke)' | 'amazon-bedrock' | 'ours doStream' | 'peer doStream' | 'provider alone';

interface Runner {
  /** Streams one answer; returns text chunks, the text, and ms from the call to the first text chunk. */
  stream(): Promise<{ chunks: number; text: string; ttfcMs: number }>;
  close(): Promise<void>;
}

async function makeRunner(v: Variant, emu: EmuInfo): Promise<Runner> {
  const { streamText } = await import('ai');
  const viaSdk = (model: Parameters<typeof streamText>[0]['model']) => async () => {
    const t0 = performance.now();
    let ttfcMs = 0;
    let chunks = 0;
    let text = '';
    const r = streamText({ model, prompt: PROMPT, maxOutputTokens: 4096, maxRetries: 0 });
    for await (const t of r.textStream) {
      if (chunks++ === 0) ttfcMs = performance.now() - t0;
      text += t;
    }
    return { chunks, text, ttfcMs };
  };
  // The LanguageModelV3 stream alone: what each provider costs, without streamText's own pipeline.
  const viaDoStream = (model: { doStream(o: object): PromiseLike<{ stream: ReadableStream<{ type: string; delta?: string }> }> }) => async () => {
    const t0 = performance.now();
    let ttfcMs = 0;
    let chunks = 0;
    let text = '';
    const { stream } = await model.doStream({ prompt: [{ role: 'user', content: [{ type: 'text', text: PROMPT }] }], maxOutputTokens: 4096 });
    for await (const p of stream as unknown as AsyncIterable<{ type: string; delta?: string }>) {
      if (p.type !== 'text-delta') continue;
      if (chunks++ === 0) ttfcMs = performance.now() - t0;
      text += p.delta;
    }
    return { chunks, text, ttfcMs };
  };
  if (v === 'amazon-bedrock' || v === 'peer doStream') {
    const { createAmazonBedrock } = await import('@ai-sdk/amazon-bedrock');
    const peer = createAmazonBedrock({ region: emu.region, baseURL: emu.url, accessKeyId: emu.credentials.accessKeyId, secretAccessKey: emu.credentials.secretAccessKey });
    return { stream: v === 'peer doStream' ? viaDoStream(peer(MODEL) as never) : viaSdk(peer(MODEL)), close: async () => {} };
  }
  if (v === 'provider alone') {
    const { BedrockProvider } = await import('../src/provider/index.js');
    const provider = new BedrockProvider({ region: emu.region, endpoint: emu.url, credentials: emu.credentials, api: 'converse' }, { env: {} });
    return {
      async stream() {
        const t0 = performance.now();
        let ttfcMs = 0;
        let chunks = 0;
        let text = '';
        for await (const c of provider.generateStream({ model: MODEL, messages: [{ role: 'user', content: PROMPT }], maxTokens: 4096 })) {
          if (c.type !== 'text') continue;
          if (chunks++ === 0) ttfcMs = performance.now() - t0;
          text += c.text;
        }
        return { chunks, text, ttfcMs };
      },
      close: () => provider.close(),
    };
  }
  const { createBedrockWire } = await import('../src/adapters/ai-sdk/index.js');
  const ours = createBedrockWire({ region: emu.region, endpoint: emu.url, credentials: emu.credentials, clientOptions: { env: {} }, ...(v !== 'ours (invoke)' && { api: 'converse' as const }) });
  return { stream: v === 'ours doStream' ? viaDoStream(ours(MODEL) as never) : viaSdk(ours(MODEL)), close: () => ours.close() };
}

interface Figures {
  chunks: number;
  ms: number;
  cpuUs: number;
  text: string;
  ttfcMs: number;
}

async function once(r: Runner): Promise<Figures> {
  globalThis.gc?.();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { chunks, text, ttfcMs } = await r.stream();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { chunks, ms, cpuUs: cpu.user + cpu.system, text, ttfcMs };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The same minimal streamText app with each provider, bundled with nothing external. */
async function bundles(): Promise<Array<{ name: string; browser: number | string; node: number | string; split: number | string }>> {
  const { build } = await import('esbuild');
  const dir = mkdtempSync(join(tmpdir(), 'bw-ai-sdk-'));
  const apps = {
    'bedrock-wire/ai-sdk': `import { streamText } from 'ai';\nimport { createBedrockWire } from ${JSON.stringify(join(root, 'src/adapters/ai-sdk/index.ts'))};\nconst bedrock = createBedrockWire({ region: 'us-east-1', apiKey: globalThis.KEY });\nconst r = streamText({ model: bedrock('${MODEL}'), prompt: 'Hi' });\nfor await (const t of r.textStream) console.log(t);\n`,
    // The SDK alone (a model passed in from outside): the floor under both rows above.
    'ai alone (no provider)': `import { streamText } from 'ai';\nconst r = streamText({ model: globalThis.MODEL, prompt: 'Hi' });\nfor await (const t of r.textStream) console.log(t);\n`,
    '@ai-sdk/amazon-bedrock': `import { streamText } from 'ai';\nimport { createAmazonBedrock } from '@ai-sdk/amazon-bedrock';\nconst bedrock = createAmazonBedrock({ region: 'us-east-1', apiKey: globalThis.KEY });\nconst r = streamText({ model: bedrock('${MODEL}'), prompt: 'Hi' });\nfor await (const t of r.textStream) console.log(t);\n`,
  };
  const out: Array<{ name: string; browser: number | string; node: number | string; split: number | string }> = [];
  try {
    for (const [name, code] of Object.entries(apps)) {
      const entry = join(dir, `${name.replace(/\W/g, '_')}.mjs`);
      writeFileSync(entry, code);
      // A failed build (a Node built-in reached from the browser graph, say) is reported, not fatal.
      const size = async (platform: 'browser' | 'node'): Promise<number | string> => {
        const r = await build({
          entryPoints: [entry], bundle: true, minify: true, format: 'esm', platform, write: false, logLevel: 'silent', target: 'es2022',
          nodePaths: [join(root, 'node_modules')],
          mainFields: platform === 'browser' ? ['browser', 'module', 'main'] : ['module', 'main'],
        });
        return gzipSync(r.outputFiles[0].contents, { level: 9 }).length;
      };
      // A code-splitting bundler (esbuild --splitting) puts lazily imported modules in chunks that load
      // only when used: the initial load is the entry chunk and what it imports statically.
      const initial = async (): Promise<number | string> => {
        const r = await build({
          entryPoints: [entry], bundle: true, minify: true, format: 'esm', platform: 'node', write: false, logLevel: 'silent', target: 'es2022',
          splitting: true, outdir: join(dir, 'out'), metafile: true, nodePaths: [join(root, 'node_modules')], mainFields: ['module', 'main'],
        });
        const outputs = r.metafile!.outputs;
        const start = Object.keys(outputs).find((k) => outputs[k].entryPoint && resolve(outputs[k].entryPoint!) === entry)!;
        const seen = new Set<string>([start]);
        for (const k of seen) for (const i of outputs[k].imports) if (i.kind === 'import-statement' && outputs[i.path]) seen.add(i.path);
        let gz = 0;
        const wanted = new Set([...seen].map((k) => resolve(k)));
        for (const f of r.outputFiles) if (wanted.has(f.path)) gz += gzipSync(f.contents, { level: 9 }).length;
        return gz;
      };
      const safe = (platform: 'browser' | 'node') =>
        size(platform).catch((e: { errors?: Array<{ text: string }> }) => `build failed: ${e.errors?.[0]?.text ?? String(e)} (+${(e.errors?.length ?? 1) - 1} more)`);
      out.push({ name, browser: await safe('browser'), node: await safe('node'), split: await initial().catch((e: Error) => `build failed: ${e.message.split('\n')[0]}`) });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

async function main(): Promise<void> {
  const emu = await startReplayEmulator(FRAMES);
  // Time to first chunk on short answers, from an emulator of its own (a 30-frame body).
  const short = await startReplayEmulator(30);
  const variants: Variant[] = ['ours (converse)', 'ours (invoke)', 'amazon-bedrock', 'ours doStream', 'peer doStream', 'provider alone'];
  const runners = new Map<Variant, Runner>();
  for (const v of variants) runners.set(v, await makeRunner(v, emu));
  const best = new Map<Variant, Figures>();
  for (const r of runners.values()) await once(r); // warm-up: JIT, connections, lazy imports
  for (let round = 0; round < ROUNDS; round++) {
    for (const [v, r] of runners) {
      const f = await once(r);
      const prev = best.get(v);
      if (!prev || f.chunks / f.ms > prev.chunks / prev.ms) best.set(v, f);
    }
  }
  for (const r of runners.values()) await r.close();
  emu.stop();
  const ttfcShort = new Map<Variant, number[]>();
  const shortRunners = new Map<Variant, Runner>();
  for (const v of variants) shortRunners.set(v, await makeRunner(v, short));
  for (const r of shortRunners.values()) await r.stream(); // warm-up
  for (let i = 0; i < TTFC_STREAMS; i++) {
    for (const [v, r] of shortRunners) ttfcShort.set(v, [...(ttfcShort.get(v) ?? []), (await r.stream()).ttfcMs]);
  }
  for (const r of shortRunners.values()) await r.close();
  short.stop();

  // Same body, same answer, or the race is not fair: the ConverseStream variants must agree, and
  // the InvokeModel one must deliver every text delta of its body.
  const conv = ['ours (converse)', 'amazon-bedrock', 'ours doStream', 'peer doStream', 'provider alone'].map((v) => best.get(v as Variant)!.text);
  if (new Set(conv).size !== 1) throw new Error('ConverseStream variants decoded different text');
  // The Anthropic body has one frame more around its text than the Converse one (5 vs 4).
  if (best.get('ours (invoke)')!.chunks !== FRAMES - 5 || best.get('amazon-bedrock')!.chunks !== FRAMES - 4) throw new Error('a variant delivered a different number of text chunks');

  const peer = best.get('amazon-bedrock')!;
  const peerRate = peer.chunks / (peer.ms / 1000);
  const peerTtfc = median(ttfcShort.get('amazon-bedrock')!);
  console.log(`AI SDK streamText, ${MODEL}, ${FRAMES}-frame answers (${peer.chunks} text chunks), bulk writes; best of ${ROUNDS}; ttfc: median of ${TTFC_STREAMS} 30-frame answers`);
  console.log('variant             chunks/s   CPU µs/chunk   ttfc ms   chunks/s vs peer   CPU/chunk vs peer   ttfc vs peer');
  for (const v of variants) {
    const f = best.get(v)!;
    const rate = f.chunks / (f.ms / 1000);
    const cpu = f.cpuUs / f.chunks;
    const t = median(ttfcShort.get(v)!);
    console.log(
      `${v.padEnd(17)} ${Math.round(rate).toString().padStart(10)} ${cpu.toFixed(2).padStart(14)} ${t.toFixed(2).padStart(9)} ${(rate / peerRate).toFixed(2).padStart(17)}x ${(cpu / (peer.cpuUs / peer.chunks)).toFixed(2).padStart(18)}x ${(t / peerTtfc).toFixed(2).padStart(13)}x`,
    );
  }
  console.log('\nminimal streamText app, esbuild minified + gzip, nothing external');
  const sizes = await bundles();
  const peerSize = sizes.find((s) => s.name === '@ai-sdk/amazon-bedrock')!;
  const cell = (v: number | string, peerV: number | string) =>
    typeof v === 'string' ? v : `${(v / 1024).toFixed(1).padStart(6)} KB` + (typeof peerV === 'number' ? ` (${(v / peerV).toFixed(2)}x)` : '');
  const floor = sizes.find((s) => s.name.startsWith('ai alone'))!;
  for (const s of sizes) {
    console.log(`${s.name.padEnd(24)} browser ${cell(s.browser, peerSize.browser)}   node ${cell(s.node, peerSize.node)}   node, split, initial chunks ${cell(s.split, peerSize.split)}`);
  }
  // What each provider adds on top of the SDK itself, where both builds succeeded.
  for (const s of sizes.filter((x) => x !== floor)) {
    const add = (k: 'browser' | 'node' | 'split') => (typeof s[k] === 'number' && typeof floor[k] === 'number' ? `${(((s[k] as number) - (floor[k] as number)) / 1024).toFixed(1)} KB` : 'n/a');
    console.log(`  ${s.name} adds to the SDK: browser ${add('browser')}, node ${add('node')}, node split initial ${add('split')}`);
  }
}

await main();
