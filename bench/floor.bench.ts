// `npm run bench floor`: client CPU per small InvokeModel, ours vs the signed-undici floor, against
// a fixed-answer server in another process (bench/e2e.bench.ts `fixed` mode: no verification, so
// the server's cost stays out of the client's figure). Ours is the esbuild bundle of the runtime
// (as a user runs the built package, not tsx's transpiled source). The floor: `@smithy/signature-v4`
// with Node's SHA-256 and `undici`'s Agent.request, the body read whole, nothing else.
// Best of 8 interleaved rounds of 400 requests each (the least disturbed by a busy machine).
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NodeSha256 } from './node-sha256.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const MODEL = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const ROUNDS = process.env.BENCH_QUICK === '1' ? 3 : 8;
const N = 400;

interface EmuInfo {
  url: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}


async function bundle(): Promise<string> {
  const esbuild = await import('esbuild');
  const dir = join(root, 'node_modules', '.cache', 'bedrock-wire-bench', 'floor');
  mkdirSync(dir, { recursive: true });
  await esbuild.build({ entryPoints: { ours: join(root, 'src/runtime/index.ts') }, bundle: true, splitting: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', outdir: dir, outExtension: { '.js': '.mjs' }, logLevel: 'silent' });
  return join(dir, 'ours.mjs');
}

const body = () => JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 16, messages: [{ role: 'user', content: [{ type: 'text', text: 'Tell me about Paris.' }] }] });

async function main(): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench/e2e.bench.ts'), 'emulator', 'fixed', '0'], { stdio: ['pipe', 'pipe', 'inherit'], cwd: root });
  const emu = await new Promise<EmuInfo>((r) => createInterface({ input: child.stdout! }).once('line', (l) => r(JSON.parse(l) as EmuInfo)));
  const { BedrockRuntime } = (await import(await bundle())) as typeof import('../src/runtime/index.js');
  const { SignatureV4 } = await import('@smithy/signature-v4');
  const { Agent } = await import('undici');
  const rt = new BedrockRuntime({ region: emu.region, endpoint: emu.url, credentials: emu.credentials, env: {} });
  const signer = new SignatureV4({ service: 'bedrock', region: emu.region, credentials: emu.credentials, sha256: NodeSha256 as never, uriEscapePath: true, applyChecksum: false });
  const agent = new Agent({ keepAliveTimeout: 30_000 });
  const url = new URL(emu.url);
  const path = `/model/${encodeURIComponent(MODEL)}/invoke`;
  const variants: Record<'ours' | 'floor', () => Promise<void>> = {
    ours: async () => {
      await rt.invokeModel({ modelId: MODEL, body: body() });
    },
    floor: async () => {
      const b = body();
      const s = await signer.sign({ method: 'POST', protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path, headers: { host: url.host, 'content-type': 'application/json', accept: 'application/json' }, body: b }, { signingDate: new Date() });
      const r = await agent.request({ origin: url.origin, path, method: 'POST', headers: s.headers, body: b });
      await r.body.arrayBuffer();
    },
  };
  console.log(`node ${process.version}; small InvokeModel, client CPU per request (best of ${ROUNDS} rounds of ${N})`);
  for (const conc of [1, 32]) {
    const best = { ours: Infinity, floor: Infinity };
    for (let round = 0; round < ROUNDS; round++) {
      for (const k of ['ours', 'floor'] as const) {
        const f = variants[k];
        for (let i = 0; i < 50; i++) await f();
        const c0 = process.cpuUsage();
        for (let i = 0; i < N; i += conc) await Promise.all(Array.from({ length: conc }, f));
        const c = process.cpuUsage(c0);
        best[k] = Math.min(best[k], (c.user + c.system) / N);
      }
    }
    console.log(`  ${conc === 1 ? 'sequential   ' : `${conc} concurrent`}  ours ${best.ours.toFixed(0)} µs, floor ${best.floor.toFixed(0)} µs: ours / floor ${(best.ours / best.floor).toFixed(2)}×`);
  }
  await rt.close();
  await agent.close();
  child.stdin!.end();
}

await main();
