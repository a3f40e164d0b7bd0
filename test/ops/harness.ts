import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/index.js';
import { BedrockRuntime } from '../../src/runtime/index.js';

export async function setup(options: EmulatorOptions = {}): Promise<{ emu: Emulator; rt: BedrockRuntime }> {
  const emu = await startEmulator({ seed: 5, ...options });
  const rt = new BedrockRuntime({ region: emu.region, endpoint: emu.url, credentials: emu.credentials, env: {}, retry: { baseDelayMs: 1, maxDelayMs: 2 } });
  return { emu, rt };
}

/** An official AWS SDK client config pointed at the emulator. */
export const sdkConfig = (emu: Emulator) => ({ region: emu.region, endpoint: emu.url, credentials: emu.credentials, maxAttempts: 1 });

export const lastBody = (emu: Emulator) => JSON.parse(Buffer.from(emu.requests.at(-1)!.body).toString());
