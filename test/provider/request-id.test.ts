import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { BedrockProvider } from '../../src/provider/index.js';

let emu: Emulator;
let provider: BedrockProvider;
beforeAll(async () => {
  emu = await startEmulator();
  provider = new BedrockProvider({ region: emu.region, endpoint: emu.url, credentials: emu.credentials }, { env: {} });
});
afterAll(async () => {
  await provider.close();
  await emu.close();
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('request ids on the response', () => {
  it('keeps the caller id, the model message id and the service request id apart', async () => {
    const request = { id: 'caller-42', model: 'anthropic.claude-3-5-haiku-20241022-v1:0', messages: [{ role: 'user' as const, content: 'hi' }], maxTokens: 8 };
    const a = await provider.generate(request);
    let streamed;
    for await (const c of provider.generateStream(request)) if (c.type === 'finish') streamed = c.response;
    for (const r of [a, streamed!]) {
      expect(r.requestId).toBe('caller-42');
      expect(r.id).toMatch(/^msg_bdrk_/);
      expect(r.serviceRequestId).toMatch(UUID);
    }
    expect(streamed!.serviceRequestId).not.toBe(a.serviceRequestId);
  });

  it('uses the service request id as the response id when the body carries none (Titan)', async () => {
    const r = await provider.generate({ model: 'amazon.titan-text-express-v1', messages: [{ role: 'user', content: 'hi' }], maxTokens: 8 });
    expect(r.serviceRequestId).toMatch(UUID);
    expect(r.id).toBe(r.serviceRequestId);
  });
});
