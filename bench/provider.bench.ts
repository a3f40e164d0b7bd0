// `npm run bench provider`: provider-level streaming, in one run against the same emulator.
//
//   provider     BedrockProvider.generateStream: signing, undici, our framing, the Anthropic codec,
//                typed StreamChunks (text deltas counted), the final LLMResponse
//   sdk+parser   the official @aws-sdk/client-bedrock-runtime plus a hand-written Anthropic chunk
//                parser: JSON.parse of each chunk's bytes, text_delta accumulated (what users of the
//                official client write by hand; it does less than the codec: no usage, no tool calls)
//   runtime      our BedrockRuntime plus the same hand-written parser (how much the codec costs)
//
// The emulator runs in a child process in bulk mode (a precomputed Anthropic body replayed
// verbatim in ≈16 KiB writes), so the client is the bottleneck and process.cpuUsage() here counts
// the client alone. Each variant: one warm-up stream, then ROUNDS interleaved streams; the best
// round is reported (the least disturbed by the machine), with CPU µs per text chunk.
import { startReplayEmulator, type EmuInfo } from './replay-emulator.js';

const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
const QUICK = process.env.BENCH_QUICK === '1';
const FRAMES = QUICK ? 20_000 : 100_000;
const ROUNDS = QUICK ? 3 : 7;




type Variant = 'provider' | 'sdk+parser' | 'runtime';

interface Runner {
  /** Streams one answer; returns the number of text chunks and the final text. */
  stream(): Promise<{ chunks: number; text: string }>;
  close(): Promise<void>;
}

const PROMPT = 'Tell me about Paris.';
const rawBody = JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 4096, messages: [{ role: 'user', content: [{ type: 'text', text: PROMPT }] }] });

/** The hand-written parser: what a user of the official client writes for Anthropic streams. */
function handParser(): { push(bytes: Uint8Array): void; chunks: number; text: string } {
  const utf8 = new TextDecoder();
  const p = {
    chunks: 0,
    text: '',
    push(bytes: Uint8Array) {
      const e = JSON.parse(utf8.decode(bytes));
      if (e.type === 'content_block_delta' && e.delta?.type === 'text_delta') {
        p.chunks++;
        p.text += e.delta.text;
      }
    },
  };
  return p;
}

async function makeRunner(v: Variant, emu: EmuInfo): Promise<Runner> {
  if (v === 'provider') {
    const { BedrockProvider } = await import('../src/provider/index.js');
    const provider = new BedrockProvider({ region: emu.region, endpoint: emu.url, credentials: emu.credentials }, { env: {} });
    return {
      async stream() {
        let chunks = 0;
        let text = '';
        for await (const c of provider.generateStream({ model: MODEL, messages: [{ role: 'user', content: PROMPT }], maxTokens: 4096 })) {
          if (c.type === 'text') chunks++;
          else if (c.type === 'finish') text = c.response.content;
        }
        return { chunks, text };
      },
      close: () => provider.close(),
    };
  }
  if (v === 'runtime') {
    const { BedrockRuntime } = await import('../src/runtime/index.js');
    const rt = new BedrockRuntime({ region: emu.region, endpoint: emu.url, credentials: emu.credentials, env: {} });
    return {
      async stream() {
        const p = handParser();
        for await (const e of rt.invokeModelWithResponseStream({ modelId: MODEL, body: rawBody })) p.push(e.bytes);
        return p;
      },
      close: () => rt.close(),
    };
  }
  const sdk = await import('@aws-sdk/client-bedrock-runtime');
  const client = new sdk.BedrockRuntimeClient({ region: emu.region, endpoint: emu.url, credentials: emu.credentials });
  return {
    async stream() {
      const p = handParser();
      const res = await client.send(new sdk.InvokeModelWithResponseStreamCommand({ modelId: MODEL, body: rawBody, contentType: 'application/json' }));
      for await (const e of res.body!) if (e.chunk?.bytes) p.push(e.chunk.bytes);
      return p;
    },
    async close() {
      client.destroy();
    },
  };
}

interface Figures {
  chunks: number;
  ms: number;
  cpuUs: number;
  text: string;
}

async function once(r: Runner): Promise<Figures> {
  globalThis.gc?.();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { chunks, text } = await r.stream();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { chunks, ms, cpuUs: cpu.user + cpu.system, text };
}

async function main(): Promise<void> {
  const emu = await startReplayEmulator(FRAMES);
  const variants: Variant[] = ['provider', 'sdk+parser', 'runtime'];
  const runners = new Map<Variant, Runner>();
  for (const v of variants) runners.set(v, await makeRunner(v, emu));
  const best = new Map<Variant, Figures>();
  /** The least CPU per chunk any round took: on a busy machine the steadiest figure of the work itself. */
  const leastCpu = new Map<Variant, number>();
  for (const r of runners.values()) await once(r); // warm-up: JIT, connections, lazy imports
  for (let round = 0; round < ROUNDS; round++) {
    for (const [v, r] of runners) {
      const f = await once(r);
      const prev = best.get(v);
      if (!prev || f.chunks / f.ms > prev.chunks / prev.ms) best.set(v, f);
      leastCpu.set(v, Math.min(leastCpu.get(v) ?? Infinity, f.cpuUs / f.chunks));
    }
  }
  for (const r of runners.values()) await r.close();
  emu.stop();

  // Same body, same answer: the variants must agree on the text, or the race is not fair.
  const texts = new Set([...best.values()].map((f) => f.text));
  if (texts.size !== 1) throw new Error('variants decoded different text');

  const base = best.get('sdk+parser')!;
  console.log(`provider streaming, Anthropic body of ${FRAMES} frames (${base.chunks} text chunks), bulk writes, best of ${ROUNDS}`);
  console.log('variant       chunks/s     CPU µs/chunk   vs sdk+parser   least CPU µs/chunk of any round');
  for (const v of variants) {
    const f = best.get(v)!;
    const rate = f.chunks / (f.ms / 1000);
    const ratio = rate / (base.chunks / (base.ms / 1000));
    console.log(`${v.padEnd(12)} ${Math.round(rate).toString().padStart(10)} ${(f.cpuUs / f.chunks).toFixed(2).padStart(14)} ${ratio.toFixed(2).padStart(12)}x   ${leastCpu.get(v)!.toFixed(2).padStart(8)}`);
  }
  const over = leastCpu.get('provider')! - leastCpu.get('runtime')!;
  console.log(`provider CPU over the runtime + hand parser: ${over >= 0 ? '+' : ''}${over.toFixed(2)} µs/chunk (least of each; goal ≤ +0.3)`);
}

await main();
