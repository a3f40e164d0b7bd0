// One emulator in a child process, replaying precomputed bodies verbatim in ≈16 KiB writes (an
// Anthropic InvokeModelWithResponseStream body and a ConverseStream body of FRAMES frames), so the
// server spends nothing building frames and the client under test is the bottleneck. Shared by the
// provider, memory and ai-sdk benches: `startReplayEmulator(frames)` spawns this file.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);
const root = join(dirname(self), '..');

export interface EmuInfo {
  url: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

async function child(frames: number): Promise<void> {
  const { startEmulator } = await import('../src/emulator/index.js');
  const { anthropicStreamBody, converseStreamBody } = await import('./workloads.js');
  const emu = await startEmulator({ coalesce: true, seed: 3 });
  emu.inject({ kind: 'replay', body: converseStreamBody(frames, 11) }, { times: Infinity, operation: 'converse-stream' });
  emu.inject({ kind: 'replay', body: anthropicStreamBody(frames, 11) }, { times: Infinity, operation: 'invoke-with-response-stream' });
  process.stdout.write(JSON.stringify({ url: emu.url, region: emu.region, credentials: emu.credentials }) + '\n');
  setInterval(() => {
    emu.requests.length = 0; // keep no request log: it would grow for the whole run
  }, 1000);
  process.stdin.resume();
  process.stdin.on('end', () => void emu.close().then(() => process.exit(0)));
}

/** Spawns the replaying emulator; `stop()` ends it. */
export function startReplayEmulator(frames: number): Promise<EmuInfo & { stop(): void }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', self, String(frames)], { stdio: ['pipe', 'pipe', 'inherit'], cwd: root });
  return new Promise((resolve, reject) => {
    createInterface({ input: proc.stdout! }).once('line', (line) => resolve({ ...(JSON.parse(line) as EmuInfo), stop: () => proc.stdin!.end() }));
    proc.once('exit', (code) => reject(new Error(`emulator exited ${code}`)));
  });
}

if (process.argv[1] === self) await child(Number(process.argv[2]));
