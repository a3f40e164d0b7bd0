// Load: 1,000 concurrent streams and 10,000 sequential calls against the emulator (a child
// process), ours and the official client (@aws-sdk/client-bedrock-runtime over HTTP/1.1) with the
// same load, in one run. `npm run bench load`. LOAD_STREAMS / LOAD_CALLS scale it down.
//   streams  N streams opened at once, each held open after its first event (the emulator stalls
//            them): errors, time until all N delivered their first event, RSS and heap per open
//            stream (after GC, over the baseline before them), then every stream left (break)
//   calls    M sequential small InvokeModel calls: errors, p50 / p99 latency
//   sockets  this process's TCP sockets after close() (0 = nothing leaked)
import { spawn } from 'node:child_process';
import { Agent } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);
const STREAMS = Number(process.env.LOAD_STREAMS ?? 1000);
const CALLS = Number(process.env.LOAD_CALLS ?? 10_000);
const MODEL = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const body = (maxTokens: number) =>
  JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: maxTokens, messages: [{ role: 'user', content: 'load test' }] });

interface EmuInfo {
  url: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

async function emulatorChild(): Promise<void> {
  const { startEmulator } = await import('../src/emulator/index.js');
  const emu = await startEmulator({ seed: 3, outputWords: 20, maxLoggedRequests: 0, coalesce: true });
  // Streams stay open after their first event until the client leaves.
  emu.inject({ kind: 'stall', afterEvents: 1 }, { times: Infinity, operation: 'invoke-with-response-stream' });
  process.stdout.write(JSON.stringify({ url: emu.url, region: emu.region, credentials: emu.credentials }) + '\n');
  const rl = createInterface({ input: process.stdin });
  rl.on('line', () => process.stdout.write(JSON.stringify({ open: emu.openConnections() }) + '\n'));
  rl.on('close', () => void emu.close().then(() => process.exit(0)));
}

function startEmu(): Promise<EmuInfo & { stop(): void; openConnections(): Promise<number> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', self, 'emulator'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const rl = createInterface({ input: child.stdout! });
  const lines: ((line: string) => void)[] = [];
  return new Promise((resolve, reject) => {
    rl.once('line', (first) => {
      rl.on('line', (line) => lines.shift()?.(line));
      resolve({
        ...(JSON.parse(first) as EmuInfo),
        stop: () => child.stdin!.end(),
        openConnections: () =>
          new Promise((r) => {
            lines.push((line) => r((JSON.parse(line) as { open: number }).open));
            child.stdin!.write('open?\n');
          }),
      });
    });
    child.once('exit', (code) => reject(new Error(`emulator exited ${code}`)));
  });
}

interface Client {
  /** Opens a stream and resolves after its first event; `leave()` breaks out of it. */
  open(): Promise<{ leave(): Promise<void> }>;
  invoke(): Promise<void>;
  close(): Promise<void>;
}

async function makeClient(variant: 'ours' | 'official', emu: EmuInfo): Promise<Client> {
  if (variant === 'ours') {
    const { BedrockRuntime } = await import('../src/runtime/index.js');
    const rt = new BedrockRuntime({ region: emu.region, endpoint: emu.url, credentials: emu.credentials, env: {}, maxAttempts: 1 });
    return {
      async open() {
        const it = rt.invokeModelWithResponseStream({ modelId: MODEL, body: body(50) })[Symbol.asyncIterator]();
        const first = await it.next();
        if (first.done) throw new Error('stream ended before its first event');
        return { leave: async () => void (await it.return?.()) };
      },
      invoke: async () => void (await rt.invokeModel({ modelId: MODEL, body: body(16) })),
      close: () => rt.close(),
    };
  }
  const sdk = await import('@aws-sdk/client-bedrock-runtime');
  const { NodeHttpHandler } = await import('@smithy/node-http-handler');
  // As many sockets as streams: its default (50) would queue the 51st stream behind stalled ones.
  const httpAgent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const client = new sdk.BedrockRuntimeClient({
    region: emu.region,
    endpoint: emu.url,
    credentials: emu.credentials,
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpAgent }),
  });
  return {
    async open() {
      const ac = new AbortController();
      const res = await client.send(new sdk.InvokeModelWithResponseStreamCommand({ modelId: MODEL, body: body(50), contentType: 'application/json' }), { abortSignal: ac.signal });
      const it = res.body![Symbol.asyncIterator]();
      const first = await it.next();
      if (first.done) throw new Error('stream ended before its first event');
      return {
        async leave() {
          ac.abort();
          await it.return?.().catch(() => {});
        },
      };
    },
    invoke: async () => void (await client.send(new sdk.InvokeModelCommand({ modelId: MODEL, body: body(16), contentType: 'application/json' }))),
    async close() {
      client.destroy();
      httpAgent.destroy();
    },
  };
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const settle = async () => {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 50));
  }
};
const sockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;

interface Figures {
  streamErrors: number;
  openMs: number;
  rssPerStream: number;
  heapPerStream: number;
  callErrors: number;
  p50: number;
  p99: number;
  socketsAfter: number;
  serverOpenAfter: number;
}

async function measure(variant: 'ours' | 'official', emu: Awaited<ReturnType<typeof startEmu>>): Promise<Figures> {
  const c = await makeClient(variant, emu);
  await c.invoke(); // load the transport and signer before the baseline
  await settle();
  const m0 = process.memoryUsage();
  const t0 = performance.now();
  const opened = await Promise.allSettled(Array.from({ length: STREAMS }, () => c.open()));
  const openMs = performance.now() - t0;
  await settle();
  const m1 = process.memoryUsage();
  const open = opened.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<{ leave(): Promise<void> }>).value);
  const streamErrors = opened.length - open.length;
  await Promise.all(open.map((s) => s.leave()));

  const lat: number[] = [];
  let callErrors = 0;
  for (let i = 0; i < CALLS; i++) {
    const t = performance.now();
    try {
      await c.invoke();
    } catch {
      callErrors++;
    }
    lat.push(performance.now() - t);
  }
  lat.sort((a, b) => a - b);
  await c.close();
  await new Promise((r) => setTimeout(r, 200));
  const per = Math.max(1, open.length);
  return {
    streamErrors,
    openMs,
    rssPerStream: (m1.rss - m0.rss) / per,
    heapPerStream: (m1.heapUsed - m0.heapUsed) / per,
    callErrors,
    p50: lat[Math.floor(lat.length * 0.5)],
    p99: lat[Math.floor(lat.length * 0.99)],
    socketsAfter: sockets(),
    serverOpenAfter: await emu.openConnections(),
  };
}

async function main(): Promise<void> {
  console.log(`load · node ${process.version} · ${STREAMS} concurrent streams, ${CALLS} sequential InvokeModel calls, emulator in a child process (HTTP/1.1)`);
  const results: Record<string, Figures> = {};
  // Each client against a fresh emulator, ours first then the official one (one process: the
  // official client's modules load after our figures are taken).
  for (const variant of ['ours', 'official'] as const) {
    const emu = await startEmu();
    try {
      results[variant] = await measure(variant, emu);
    } finally {
      emu.stop();
    }
  }
  const o = results.ours;
  const s = results.official;
  const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
  const rows: Array<[string, string, string, string]> = [
    ['stream errors', String(o.streamErrors), String(s.streamErrors), ''],
    [`${STREAMS} streams to first event`, `${o.openMs.toFixed(0)} ms`, `${s.openMs.toFixed(0)} ms`, `${(s.openMs / o.openMs).toFixed(2)}x`],
    ['RSS per open stream', kb(o.rssPerStream), kb(s.rssPerStream), `${(s.rssPerStream / o.rssPerStream).toFixed(2)}x`],
    ['heap per open stream', kb(o.heapPerStream), kb(s.heapPerStream), `${(s.heapPerStream / o.heapPerStream).toFixed(2)}x`],
    ['call errors', String(o.callErrors), String(s.callErrors), ''],
    ['call p50', `${o.p50.toFixed(2)} ms`, `${s.p50.toFixed(2)} ms`, `${(s.p50 / o.p50).toFixed(2)}x`],
    ['call p99', `${o.p99.toFixed(2)} ms`, `${s.p99.toFixed(2)} ms`, `${(s.p99 / o.p99).toFixed(2)}x`],
    ['client sockets after close()', String(o.socketsAfter), String(s.socketsAfter), ''],
    ['emulator sockets after close()', String(o.serverOpenAfter), String(s.serverOpenAfter), ''],
  ];
  console.log(`${''.padEnd(32)} ${'ours'.padStart(12)} ${'official'.padStart(12)}  official/ours`);
  for (const [name, a, b, r] of rows) console.log(`${name.padEnd(32)} ${a.padStart(12)} ${b.padStart(12)}  ${r}`);
}

if (process.argv[2] === 'emulator') await emulatorChild();
else await main();
