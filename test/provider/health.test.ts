import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { DEFAULT_HEALTH_CHECK_MODEL } from '../../src/provider/index.js';
import { lastBody, lastPath, makeProvider, startTestEmulator } from './harness.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterEach(() => emu.clearFaults());
afterAll(async () => {
  await emu.close();
});

describe('health', () => {
  it('healthy: a minimal generate against the cheap model, the result kept', async () => {
    const p = makeProvider(emu);
    try {
      expect(p.lastHealth).toBeUndefined();
      const h = await p.getHealth();
      expect(h.status).toBe('healthy');
      expect(h.errorCount).toBe(0);
      expect(h.model).toBe(DEFAULT_HEALTH_CHECK_MODEL);
      expect(h.modelCount).toBe(p.getModels().length);
      expect(h.latencyMs).toBeGreaterThan(0);
      expect(h.lastError).toBeUndefined();
      expect(lastPath(emu)).toBe(`/model/${encodeURIComponent(DEFAULT_HEALTH_CHECK_MODEL)}/invoke`);
      expect(lastBody(emu).max_tokens).toBe(5);
      expect(p.lastHealth).toBe(h);
      expect(await p.isAvailable()).toBe(true);
    } finally {
      await p.close();
    }
  });

  it('a configured cheap model and token count are used, even outside the allow-list', async () => {
    const p = makeProvider(emu, { models: ['anthropic.claude-3-5-sonnet-20241022-v2:0'], healthCheckModel: 'amazon.nova-micro-v1:0', healthCheckMaxTokens: 1 });
    try {
      expect((await p.getHealth()).status).toBe('healthy');
      expect(lastPath(emu)).toBe(`/model/${encodeURIComponent('amazon.nova-micro-v1:0')}/invoke`);
      expect((lastBody(emu).inferenceConfig as { max_new_tokens: number }).max_new_tokens).toBe(1);
    } finally {
      await p.close();
    }
  });

  it('an allow-list that starts with an embedding model: the health check uses its first text model', async () => {
    const p = makeProvider(emu, { models: ['amazon.titan-embed-text-v2:0', 'cohere.rerank-v3-5:0', 'amazon.nova-micro-v1:0'] });
    try {
      const h = await p.getHealth();
      expect(h.lastError?.message).toBeUndefined();
      expect(h.status).toBe('healthy');
      expect(h.model).toBe('amazon.nova-micro-v1:0');
      expect(lastPath(emu)).toBe(`/model/${encodeURIComponent('amazon.nova-micro-v1:0')}/invoke`);
    } finally {
      await p.close();
    }
  });

  it('unhealthy: status, consecutive error count, last error; recovers', async () => {
    const p = makeProvider(emu, { maxAttempts: 1 });
    try {
      emu.inject({ kind: 'status', status: 503, errorType: 'ServiceUnavailableException', message: 'down for a bit' }, { times: 2 });
      const a = await p.getHealth();
      expect(a.status).toBe('unhealthy');
      expect(a.errorCount).toBe(1);
      expect(a.lastError).toMatchObject({ name: 'ServiceUnavailableError', code: 'ServiceUnavailableException', kind: 'unavailable' });
      expect(a.lastError!.message).toContain('down for a bit');
      const b = await p.getHealth();
      expect(b.errorCount).toBe(2);
      expect(p.lastHealth).toBe(b);
      expect(await p.isAvailable()).toBe(false); // the fresh unhealthy result is reused
      const c = await p.getHealth();
      expect(c.status).toBe('healthy');
      expect(c.errorCount).toBe(0);
      expect(await p.isAvailable({ maxAgeMs: 0 })).toBe(true);
    } finally {
      await p.close();
    }
  });

  it('bad credentials make it unhealthy with an access error that leaks no secret', async () => {
    const p = makeProvider(emu, { credentials: { accessKeyId: 'AKIDWRONG0000000000', secretAccessKey: 'wrong-secret-value-123' }, maxAttempts: 1 });
    try {
      const h = await p.getHealth();
      expect(h.status).toBe('unhealthy');
      expect(h.lastError!.kind).toBe('access_denied');
      expect(JSON.stringify(h)).not.toContain('wrong-secret-value-123');
      expect(await p.isAvailable()).toBe(false);
    } finally {
      await p.close();
    }
  });

  it('an aborted health check rejects instead of reporting', async () => {
    const p = makeProvider(emu);
    try {
      const ac = new AbortController();
      ac.abort(new Error('cancelled'));
      await expect(p.getHealth({ signal: ac.signal })).rejects.toThrow('cancelled');
      expect(p.lastHealth).toBeUndefined();
    } finally {
      await p.close();
    }
  });
});
