// Nothing in an error (message, stack, fields, cause chain) contains a key, a token or a signature.
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { BedrockRuntime } from '../../src/runtime/index.js';
import { ANTHROPIC, anthropicBody, client, converseInput, drain, startTestEmulator } from './harness.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterEach(() => emu.clearFaults());
afterAll(() => emu.close());

function dump(err: unknown): string {
  return [inspect(err, { depth: 8, showHidden: true }), JSON.stringify(err), String(err), (err as Error)?.stack ?? ''].join('\n');
}

describe('errors carry no secret', () => {
  const secret = 'SECRETsecretSECRET0123456789abcdefSECRET';
  const token = 'TOKENtokenTOKEN0123456789TOKEN';
  const key = 'bedrock-api-key-KEYkeyKEY0123456789KEY';

  it('a rejected signature, a validation error, a network error, an in-stream exception', async () => {
    const errors: unknown[] = [];
    const sig = client(emu, 'undici', 'sigv4', { credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: secret, sessionToken: token } });
    const bearer = client(emu, 'undici', 'bearer', { apiKey: key });
    try {
      errors.push(await sig.invokeModel({ modelId: ANTHROPIC, body: anthropicBody }).catch((e) => e));
      errors.push(await bearer.invokeModel({ modelId: ANTHROPIC, body: anthropicBody }).catch((e) => e));
      const good = client(emu, 'undici', 'session');
      emu.inject({ kind: 'status', status: 400, errorType: 'ValidationException', message: 'bad' });
      errors.push(await good.converse(converseInput).catch((e) => e));
      emu.inject({ kind: 'reset', afterBytes: 600 });
      errors.push((await drain(good.invokeModelWithResponseStream({ modelId: ANTHROPIC, body: anthropicBody }))).error);
      emu.inject({ kind: 'exception', afterEvents: 1, exceptionType: 'validationException', message: 'nope' });
      errors.push((await drain(good.converseStream(converseInput))).error);
      await good.close();
      for (const err of errors) {
        expect(err).toBeInstanceOf(Error);
        const text = dump(err);
        for (const s of [secret, token, key, emu.credentials.secretAccessKey, emu.apiKey, emu.credentials.sessionToken]) {
          if (s) expect(text).not.toContain(s);
        }
        expect(text).not.toMatch(/Signature=[0-9a-f]{16}/);
        expect(text).not.toMatch(/Bearer\s+\S{8}/);
      }
    } finally {
      await sig.close();
      await bearer.close();
    }
  });

  it('refuses a credential over plain http to a non-loopback host, without echoing it', () => {
    let err: unknown;
    try {
      new BedrockRuntime({ region: 'us-east-1', endpoint: 'http://example.com', apiKey: key, env: {} });
    } catch (e) {
      err = e;
    }
    expect((err as Error).name).toBe('ConfigurationError');
    expect(dump(err)).not.toContain(key);
  });
});
