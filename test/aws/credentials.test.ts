import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cachedCredentials, type AwsCredentials } from '../../src/aws/index.js';

const T0 = new Date('2025-06-01T00:00:00Z').getTime();
const MIN = 60_000;

/** A provider that hands out numbered credentials expiring `lifetimeMs` after each fetch. */
function counting(lifetimeMs: number | undefined) {
  let calls = 0;
  const provider = vi.fn(async (): Promise<AwsCredentials> => {
    calls += 1;
    const creds: AwsCredentials = { accessKeyId: `AKID${calls}`, secretAccessKey: `secret${calls}`, sessionToken: `token${calls}` };
    if (lifetimeMs !== undefined) creds.expiration = new Date(Date.now() + lifetimeMs);
    return creds;
  });
  return provider;
}

describe('cachedCredentials', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
  });
  afterEach(() => vi.useRealTimers());

  it('keeps credentials without expiration for good', async () => {
    const provider = counting(undefined);
    const cached = cachedCredentials(provider);
    expect((await cached()).accessKeyId).toBe('AKID1');
    vi.setSystemTime(T0 + 1000 * 24 * 60 * MIN);
    expect((await cached()).accessKeyId).toBe('AKID1');
    expect(provider).toHaveBeenCalledTimes(1);
  });

  it('refreshes 5 minutes before expiration, not earlier', async () => {
    const provider = counting(60 * MIN);
    const cached = cachedCredentials(provider);
    expect((await cached()).accessKeyId).toBe('AKID1');
    vi.setSystemTime(T0 + 54 * MIN); // 6 min left
    expect((await cached()).accessKeyId).toBe('AKID1');
    vi.setSystemTime(T0 + 55 * MIN); // 5 min left: inside the margin
    expect((await cached()).accessKeyId).toBe('AKID2');
    expect(provider).toHaveBeenCalledTimes(2);
  });

  it('honours refreshBeforeMs', async () => {
    const provider = counting(60 * MIN);
    const cached = cachedCredentials(provider, { refreshBeforeMs: 30 * MIN });
    await cached();
    vi.setSystemTime(T0 + 29 * MIN);
    expect((await cached()).accessKeyId).toBe('AKID1');
    vi.setSystemTime(T0 + 30 * MIN);
    expect((await cached()).accessKeyId).toBe('AKID2');
  });

  it('concurrent callers share one in-flight fetch', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const provider = vi.fn(async () => {
      await gate;
      return { accessKeyId: 'A', secretAccessKey: 'S', expiration: new Date(Date.now() + 60 * MIN) };
    });
    const cached = cachedCredentials(provider);
    const all = Promise.all(Array.from({ length: 10 }, () => cached()));
    release();
    const results = await all;
    expect(provider).toHaveBeenCalledTimes(1);
    expect(new Set(results).size).toBe(1);
  });

  it('a failed refresh is not cached: the next call tries again', async () => {
    let fail = true;
    const provider = vi.fn(async () => {
      if (fail) throw new Error('sts down');
      return { accessKeyId: 'A', secretAccessKey: 'S' };
    });
    const cached = cachedCredentials(provider);
    await expect(cached()).rejects.toThrow('sts down');
    await expect(cached()).rejects.toThrow('sts down');
    fail = false;
    expect((await cached()).accessKeyId).toBe('A');
    expect(provider).toHaveBeenCalledTimes(3);
  });

  it('a failed refresh inside the margin keeps serving still-valid credentials, expired ones fail', async () => {
    let fail = false;
    let n = 0;
    const provider = vi.fn(async () => {
      if (fail) throw new Error('sts down');
      n += 1;
      return { accessKeyId: `A${n}`, secretAccessKey: 'S', expiration: new Date(T0 + 60 * MIN) };
    });
    const cached = cachedCredentials(provider);
    await cached();
    fail = true;
    vi.setSystemTime(T0 + 58 * MIN); // in the margin, not expired
    expect((await cached()).accessKeyId).toBe('A1');
    vi.setSystemTime(T0 + 60 * MIN); // expired
    await expect(cached()).rejects.toThrow('sts down');
    fail = false;
    vi.setSystemTime(T0 + 61 * MIN);
    expect((await cached()).accessKeyId).toBe('A2');
    expect(provider).toHaveBeenCalledTimes(4);
  });
});
