// The undici transport compiles undici's WebAssembly HTTP parser with V8's baseline compiler only
// (the flag set around that one synchronous compile and reset right after), so a short-lived
// process does not wait ~100-300 ms after close() for V8's background optimisation of it. The
// exit delay itself is measured in bench/e2e.bench.ts (`exit` section); here: the mechanism.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BedrockRuntime } from '../../src/runtime/index.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ seed: 1 });
});
afterAll(async () => {
  await emu.close();
});

const MODEL = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const body = { anthropic_version: 'bedrock-2023-05-31', max_tokens: 8, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] };

describe('undici parser compile', () => {
  it('the default compiles the parser under --liftoff-only, set around the first connection only', async () => {
    const v8 = process.getBuiltinModule('v8') as { setFlagsFromString(f: string): void };
    const flags: string[] = [];
    const compiledUnder: string[] = [];
    const spy = vi.spyOn(v8, 'setFlagsFromString').mockImplementation((f: string) => {
      flags.push(f);
    });
    const RealModule = WebAssembly.Module;
    // Records the flag state at each WebAssembly compile (undici compiles its parser once per process).
    (WebAssembly as { Module: unknown }).Module = new Proxy(RealModule, {
      construct(target, args) {
        compiledUnder.push(flags.at(-1) ?? 'none');
        return Reflect.construct(target, args);
      },
    });
    try {
      const rt = new BedrockRuntime({ region: emu.region, endpoint: emu.url, credentials: emu.credentials, env: {} });
      await rt.invokeModel({ modelId: MODEL, body });
      await rt.invokeModel({ modelId: MODEL, body });
      await rt.close();
      // The first connection of this module's life only (later connections and clients: nothing).
      expect(flags).toEqual(['--liftoff-only', '--no-liftoff-only']);
      // vitest runs each file in a fresh process: undici's one parser compile happened here, in that window.
      expect(compiledUnder).toEqual(['--liftoff-only']);

    } finally {
      spy.mockRestore();
      (WebAssembly as { Module: unknown }).Module = RealModule;
    }
  });
});
