// InvokeModelWithBidirectionalStream: bedrock-wire vs the official @aws-sdk/client-bedrock-runtime
// against the same emulator (a child process, verifying every event signature), side by side in
// one run. `npm run bench bidi`.
//
//   upstream    events/s and CPU µs per event sent (encode + sign + frame + HTTP/2 write): a Nova
//               Sonic session streaming N silent 32 ms audio frames (no answers)
//   downstream  events/s and CPU µs per event received: one text turn with a long spoken answer
//   round trip  the audio frame that ends a spoken turn → the first audio answer (median)
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const self = fileURLToPath(import.meta.url);
const MODEL = 'amazon.nova-sonic-v1:0';
const QUICK = process.env.BENCH_QUICK === '1';
const UP = QUICK ? 500 : 3000;
const WORDS = QUICK ? 60 : 300;
const TRIPS = QUICK ? 5 : 15;

interface EmuInfo {
  url: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}


function startChild(): Promise<EmuInfo & { stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', self, 'emulator'], { stdio: ['pipe', 'pipe', 'inherit'], cwd: root });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => resolve({ ...(JSON.parse(line) as EmuInfo), stop: () => child.stdin!.end() }));
    child.once('exit', (code) => reject(new Error(`emulator exited ${code}`)));
  });
}

// ---------------------------------------------------------------- the events

const promptName = 'p';
const ev = (name: string, body: object) => ({ event: { [name]: body } });
function opening(): object[] {
  return [
    ev('sessionStart', { inferenceConfiguration: { maxTokens: 1024, topP: 0.9, temperature: 0.7 } }),
    ev('promptStart', {
      promptName,
      textOutputConfiguration: { mediaType: 'text/plain' },
      audioOutputConfiguration: { mediaType: 'audio/lpcm', sampleRateHertz: 24000, sampleSizeBits: 16, channelCount: 1, voiceId: 'matthew', encoding: 'base64', audioType: 'SPEECH' },
    }),
  ];
}
const audioStart = (contentName: string) =>
  ev('contentStart', { promptName, contentName, type: 'AUDIO', interactive: true, role: 'USER', audioInputConfiguration: { mediaType: 'audio/lpcm', sampleRateHertz: 16000, sampleSizeBits: 16, channelCount: 1, audioType: 'SPEECH', encoding: 'base64' } });
const audioFrame = (contentName: string, pcm: Buffer) => ev('audioInput', { promptName, contentName, content: pcm.toString('base64') });
const closingEvents = (open: string[]) => [...open.map((c) => ev('contentEnd', { promptName, contentName: c })), ev('promptEnd', { promptName }), ev('sessionEnd', {})];
function textTurn(text: string): object[] {
  return [
    ev('contentStart', { promptName, contentName: 't', type: 'TEXT', interactive: true, role: 'USER', textInputConfiguration: { mediaType: 'text/plain' } }),
    ev('textInput', { promptName, contentName: 't', content: text }),
    ev('contentEnd', { promptName, contentName: 't' }),
  ];
}
const SILENT = Buffer.alloc(1024); // 32 ms at 16 kHz 16-bit
const LOUD = Buffer.alloc(1024);
for (let i = 0; i < 512; i++) LOUD.writeInt16LE(Math.round(6000 * Math.sin((2 * Math.PI * 300 * i) / 16000)), i * 2);

// ---------------------------------------------------------------- the two clients, one shape

interface Session {
  send(e: object): Promise<void>;
  end(): Promise<void>;
  events: AsyncIterable<Uint8Array>;
}
type Open = () => Session;

async function ours(emu: EmuInfo): Promise<{ open: Open; close(): Promise<void> }> {
  const { BedrockRuntime } = await import('../src/runtime/index.js');
  const rt = new BedrockRuntime({ region: emu.region, endpoint: emu.url, credentials: emu.credentials, env: {} });
  return {
    open() {
      const s = rt.invokeModelWithBidirectionalStream({ modelId: MODEL });
      return {
        send: (e) => s.send(e),
        end: () => s.end(),
        events: (async function* () {
          for await (const c of s) yield c.bytes;
        })(),
      };
    },
    close: () => rt.close(),
  };
}

async function official(emu: EmuInfo): Promise<{ open: Open; close(): Promise<void> }> {
  const { BedrockRuntimeClient, InvokeModelWithBidirectionalStreamCommand } = await import('@aws-sdk/client-bedrock-runtime');
  const client = new BedrockRuntimeClient({ endpoint: emu.url, region: emu.region, credentials: emu.credentials, maxAttempts: 1 });
  const enc = new TextEncoder();
  return {
    open() {
      // The official client pulls its input: a queue it reads from, with the sender waiting for the pull.
      const queue: { bytes: Uint8Array | null; taken: () => void }[] = [];
      let wake: (() => void) | undefined;
      const push = (bytes: Uint8Array | null) =>
        new Promise<void>((taken) => {
          queue.push({ bytes, taken });
          wake?.();
        });
      async function* input() {
        for (;;) {
          while (queue.length === 0) await new Promise<void>((ok) => (wake = ok));
          const item = queue.shift()!;
          item.taken();
          if (item.bytes === null) return;
          yield { chunk: { bytes: item.bytes } };
        }
      }
      const response = client.send(new InvokeModelWithBidirectionalStreamCommand({ modelId: MODEL, body: input() }));
      return {
        send: (e) => push(enc.encode(JSON.stringify(e))),
        end: () => push(null),
        events: (async function* () {
          const out = await response;
          for await (const e of out.body!) if (e.chunk?.bytes) yield e.chunk.bytes;
        })(),
      };
    },
    close: async () => client.destroy(),
  };
}

// ---------------------------------------------------------------- the measurements

async function upstream(open: Open): Promise<{ perSec: number; cpuUs: number }> {
  const s = open();
  const reading = (async () => {
    for await (const _ of s.events) void _;
  })();
  for (const e of opening()) await s.send(e);
  await s.send(audioStart('a'));
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (let i = 0; i < UP; i++) await s.send(audioFrame('a', SILENT));
  const c1 = process.cpuUsage(c0);
  const t1 = performance.now();
  for (const e of closingEvents(['a'])) await s.send(e);
  await s.end();
  await reading;
  return { perSec: (UP * 1000) / (t1 - t0), cpuUs: (c1.user + c1.system) / UP };
}

async function downstream(open: Open): Promise<{ perSec: number; cpuUs: number; events: number }> {
  const s = open();
  const text = Array.from({ length: WORDS }, (_, i) => `word${i}`).join(' ');
  for (const e of [...opening(), ...textTurn(text), ...closingEvents([])]) await s.send(e);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let n = 0;
  const ending = s.end();
  for await (const _ of s.events) n++;
  await ending;
  const c1 = process.cpuUsage(c0);
  const t1 = performance.now();
  return { perSec: (n * 1000) / (t1 - t0), cpuUs: (c1.user + c1.system) / n, events: n };
}

async function roundTrip(open: Open): Promise<number> {
  const s = open();
  for (const e of [...opening(), audioStart('a'), audioFrame('a', LOUD), audioFrame('a', LOUD), audioFrame('a', LOUD)]) await s.send(e);
  // 18 silent frames = 576 ms, one short of the 600 ms that ends the turn: the 19th is the trigger.
  for (let i = 0; i < 18; i++) await s.send(audioFrame('a', SILENT));
  const it = s.events[Symbol.asyncIterator]();
  const t0 = performance.now();
  await s.send(audioFrame('a', SILENT));
  let ms = NaN;
  for (let r = await it.next(); !r.done; r = await it.next()) {
    const { event } = JSON.parse(new TextDecoder().decode(r.value));
    if (event.audioOutput) {
      ms = performance.now() - t0;
      break;
    }
  }
  for (const e of closingEvents(['a'])) await s.send(e);
  await s.end();
  for (let r = await it.next(); !r.done; r = await it.next()) void r;
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f = (n: number, d = 0) => n.toFixed(d).padStart(9);

async function main(): Promise<void> {
  const emu = await startChild();
  const clients = { 'bedrock-wire': await ours(emu), official: await official(emu) };
  const rows: Record<string, { up: Awaited<ReturnType<typeof upstream>>; down: Awaited<ReturnType<typeof downstream>>; rtt: number }> = {};
  try {
    for (const [name, c] of Object.entries(clients)) {
      await upstream(c.open); // warm-up
      await downstream(c.open);
      const up = await upstream(c.open);
      const down = await downstream(c.open);
      const trips: number[] = [];
      for (let i = 0; i < TRIPS; i++) trips.push(await roundTrip(c.open));
      rows[name] = { up, down, rtt: median(trips) };
    }
  } finally {
    for (const c of Object.values(clients)) await c.close();
    emu.stop();
  }
  const a = rows['bedrock-wire'];
  const b = rows.official;
  console.log(`bidirectional stream, ${UP} audio events up, ${a.down.events} events down, ${TRIPS} round trips; emulator in a child process verifying every event signature`);
  console.log(`${''.padEnd(28)}${'bedrock-wire'.padStart(14)}${'official'.padStart(14)}${'ratio'.padStart(10)}`);
  const line = (label: string, x: number, y: number, d: number, better: 'higher' | 'lower') =>
    console.log(`${label.padEnd(28)}${f(x, d).padStart(14)}${f(y, d).padStart(14)}${((better === 'higher' ? x / y : y / x).toFixed(2) + '×').padStart(10)}`);
  line('up: events/s', a.up.perSec, b.up.perSec, 0, 'higher');
  line('up: CPU µs/event', a.up.cpuUs, b.up.cpuUs, 1, 'lower');
  line('down: events/s', a.down.perSec, b.down.perSec, 0, 'higher');
  line('down: CPU µs/event', a.down.cpuUs, b.down.cpuUs, 1, 'lower');
  line('audio → first audio (ms)', a.rtt, b.rtt, 2, 'lower');
  console.log('(ratio: how many times better bedrock-wire is; > 1 is better)');
}

if (process.argv[2] === 'emulator') {
  const { startEmulator } = await import('../src/emulator/index.js');
  const emu = await startEmulator({ seed: 1 });
  console.log(JSON.stringify({ url: emu.url, region: emu.region, credentials: emu.credentials }));
  process.stdin.resume();
  process.stdin.on('end', () => void emu.close().then(() => process.exit(0)));
} else {
  await main();
}
