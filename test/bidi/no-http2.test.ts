// Where there is no HTTP/2 (the browser/edge build: `#runtime/platform` resolves to its edge half,
// which has neither undici nor node:http2), a bidirectional stream fails with a ConfigurationError
// that says so, before anything is sent.
import { describe, expect, it, vi } from 'vitest';

vi.mock('#runtime/platform', async () => await import('../../src/runtime/platform-edge.js'));

describe('bidirectional stream without HTTP/2', () => {
  it('is a ConfigurationError naming HTTP/2, from send() and from iterating, and nothing is sent', async () => {
    const { BedrockRuntime } = await import('../../src/runtime/index.js');
    const fetched: unknown[] = [];
    const rt = new BedrockRuntime({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:9', // loopback, should the mock ever not apply
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      env: {},
      fetch: async (...args: unknown[]) => {
        fetched.push(args);
        return new Response('unexpected', { status: 500 });
      },
    });
    const s = rt.invokeModelWithBidirectionalStream({ modelId: 'amazon.nova-sonic-v1:0' });
    await expect(s.send({ event: { sessionStart: {} } })).rejects.toMatchObject({ name: 'ConfigurationError', message: expect.stringMatching(/HTTP\/2/) });
    let caught: unknown;
    try {
      for await (const _ of s) void _;
    } catch (e) {
      caught = e;
    }
    expect(caught).toMatchObject({ name: 'ConfigurationError', message: expect.stringMatching(/HTTP\/2/) });
    expect(fetched).toEqual([]);
    await rt.close();
  });
});
