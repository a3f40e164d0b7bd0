import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
const root = new URL('..', import.meta.url).pathname;
const child = spawn(process.execPath, ['--import', 'tsx', root + 'bench/e2e.bench.ts', 'emulator', 'fixed', '0'], { stdio: ['pipe', 'pipe', 'inherit'], cwd: root });
const emu = await new Promise<any>((r) => createInterface({ input: child.stdout! }).once('line', (l) => r(JSON.parse(l))));
const { BedrockRuntime } = await import(root + 'node_modules/.cache/bedrock-wire-bench/floor/ours.mjs');
const rt = new BedrockRuntime({ region: emu.region, endpoint: emu.url, credentials: emu.credentials, env: {} });
const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
const body = () => JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 16, messages: [{ role: 'user', content: [{ type: 'text', text: 'Tell me about Paris.' }] }] });
const f = async () => { await rt.invokeModel({ modelId: MODEL, body: body() }); };
for (let r = 0; r < 30; r++) { const c0 = process.cpuUsage(); for (let i = 0; i < 400; i += 32) await Promise.all(Array.from({ length: 32 }, f)); const c = process.cpuUsage(c0); if (r % 5 === 4) console.log(((c.user + c.system) / 400).toFixed(0)); }
await rt.close(); child.stdin!.end();
