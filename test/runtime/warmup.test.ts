// warmup(): the transport and signer loaded, credentials resolved and a connection opened ahead
// of the first request; the first request then reuses that connection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('warmup', () => {
  it('resolves the credentials once and opens the connection the first request then reuses', async () => {
    let calls = 0;
    const rt = new BedrockRuntime({
      region: emu.region,
      endpoint: emu.url,
      env: {},
      credentials: async () => {
        calls++;
        return emu.credentials;
      },
    });
    try {
      const before = emu.requests.length;
      await rt.warmup();
      expect(calls).toBe(1);
      // The warm-up GET reached the server (and was answered, whatever the status).
      expect(emu.requests.length).toBe(before + 1);
      const sockets = emu.openConnections();
      const out = await rt.invokeModel({ modelId: MODEL, body });
      expect(out.body.length).toBeGreaterThan(0);
      expect(emu.openConnections()).toBe(sockets); // no second connection
    } finally {
      await rt.close();
    }
  });

  it('connect: false loads and resolves without sending anything', async () => {
    const rt = new BedrockRuntime({ region: emu.region, endpoint: emu.url, credentials: emu.credentials, env: {} });
    try {
      const before = emu.requests.length;
      await rt.warmup({ connect: false });
      expect(emu.requests.length).toBe(before);
    } finally {
      await rt.close();
    }
  });

  it('a warm-up that cannot connect rejects with a typed error, and the client still works after', async () => {
    const rt = new BedrockRuntime({ region: 'us-east-1', endpoint: 'http://127.0.0.1:1', credentials: emu.credentials, env: {} });
    await expect(rt.warmup()).rejects.toMatchObject({ name: 'NetworkError' });
    await rt.close();
  });
});
