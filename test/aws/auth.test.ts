import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import { resolveAuth, type Auth, type AuthOptions } from '../../src/aws/index.js';

const ENV_KEYS = { AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 'envsecret' };
const EXPLICIT = { accessKeyId: 'AKIDEXPLICIT', secretAccessKey: 'explicitsecret' };

async function describeAuth(auth: Auth): Promise<string> {
  if (auth.type === 'bearer') return `bearer:${auth.token}`;
  if (auth.source === 'chain') return 'sigv4:chain'; // not called here: that would run the real chain
  const c = await auth.credentials();
  return `sigv4:${auth.source}:${c.accessKeyId}${c.sessionToken ? `+${c.sessionToken}` : ''}`;
}

describe('resolveAuth order (auto)', () => {
  const table: Array<[string, AuthOptions, string]> = [
    ['apiKey first', { apiKey: 'k1', credentials: EXPLICIT, env: { AWS_BEARER_TOKEN_BEDROCK: 'k2', ...ENV_KEYS } }, 'bearer:k1'],
    ['then AWS_BEARER_TOKEN_BEDROCK (over explicit keys, as the SDK)', { credentials: EXPLICIT, env: { AWS_BEARER_TOKEN_BEDROCK: 'k2', ...ENV_KEYS } }, 'bearer:k2'],
    ['then explicit credentials', { credentials: EXPLICIT, env: ENV_KEYS }, 'sigv4:explicit:AKIDEXPLICIT'],
    ['then explicit provider', { credentials: async () => ({ ...EXPLICIT, accessKeyId: 'FROMFN' }), env: ENV_KEYS }, 'sigv4:explicit:FROMFN'],
    ['then env keys', { env: ENV_KEYS }, 'sigv4:env:AKIDENV'],
    ['env keys with session token', { env: { ...ENV_KEYS, AWS_SESSION_TOKEN: 'tok' } }, 'sigv4:env:AKIDENV+tok'],
    ['only one env key: chain', { env: { AWS_ACCESS_KEY_ID: 'AKIDENV' } }, 'sigv4:chain'],
    ['nothing: chain', { env: {} }, 'sigv4:chain'],
    ['blank values count as unset', { apiKey: ' ', env: { AWS_BEARER_TOKEN_BEDROCK: '  ', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: 'x' } }, 'sigv4:chain'],
    ['a named profile goes to the chain, over env keys (as the SDK)', { profile: 'dev', env: ENV_KEYS }, 'sigv4:chain'],
    ['AWS_PROFILE too', { env: { ...ENV_KEYS, AWS_PROFILE: 'dev' } }, 'sigv4:chain'],
    ['authMode sigv4 skips bearer keys', { authMode: 'sigv4', apiKey: 'k1', env: { AWS_BEARER_TOKEN_BEDROCK: 'k2', ...ENV_KEYS } }, 'sigv4:env:AKIDENV'],
    ['authMode bearer takes the env key', { authMode: 'bearer', credentials: EXPLICIT, env: { AWS_BEARER_TOKEN_BEDROCK: 'k2' } }, 'bearer:k2'],
    ['assumeRole does not apply to bearer keys', { apiKey: 'k1', assumeRole: { roleArn: 'arn:aws:iam::1:role/r' }, env: {} }, 'bearer:k1'],
  ];
  for (const [name, options, expected] of table) {
    it(name, async () => expect(await describeAuth(resolveAuth(options))).toBe(expected));
  }

  it('assumeRole wraps the resolved credentials (source assumeRole), without I/O', () => {
    const auth = resolveAuth({ credentials: EXPLICIT, assumeRole: { roleArn: 'arn:aws:iam::123456789012:role/r' }, env: {} });
    expect(auth).toMatchObject({ type: 'sigv4', source: 'assumeRole' });
  });

  it('authMode bearer without a key is a ConfigurationError', () => {
    expect(() => resolveAuth({ authMode: 'bearer', credentials: EXPLICIT, env: ENV_KEYS })).toThrow(ConfigurationError);
    expect(() => resolveAuth({ authMode: 'bearer', env: {} })).toThrow(/AWS_BEARER_TOKEN_BEDROCK/);
  });

  it('incomplete explicit keys and an unknown authMode are ConfigurationErrors', () => {
    expect(() => resolveAuth({ credentials: { accessKeyId: 'A', secretAccessKey: '' }, env: {} })).toThrow(ConfigurationError);
    expect(() => resolveAuth({ authMode: 'iam' as never, env: {} })).toThrow(ConfigurationError);
    expect(() => resolveAuth({ credentials: EXPLICIT, assumeRole: { roleArn: '' }, env: {} })).toThrow(ConfigurationError);
  });

  it('a bearer key that cannot be a header value is refused without being echoed', () => {
    for (const bad of ['abc def', 'abc\r\nx-evil: 1', 'clé']) {
      let error: unknown;
      try {
        resolveAuth({ apiKey: bad, env: {} });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).not.toContain(bad);
    }
  });

  it('an STS endpoint over plain http must be loopback (the base keys sign that call)', () => {
    const role = (stsEndpoint: string) => resolveAuth({ credentials: EXPLICIT, assumeRole: { roleArn: 'arn:aws:iam::1:role/r', stsEndpoint }, env: {} });
    expect(() => role('http://sts.example.com')).toThrow(ConfigurationError);
    expect(() => role('not a url')).toThrow(ConfigurationError);
    expect(() => role('http://127.0.0.1:9999')).not.toThrow();
    expect(() => role('https://sts.eu-west-1.amazonaws.com')).not.toThrow();
  });

  it('explicit keys are copied: mutating the input later changes nothing', async () => {
    const keys = { ...EXPLICIT };
    const auth = resolveAuth({ credentials: keys, env: {} });
    keys.accessKeyId = 'CHANGED';
    expect(await describeAuth(auth)).toBe('sigv4:explicit:AKIDEXPLICIT');
  });

  it('never throws for a missing chain: resolving is sync and does no I/O', () => {
    expect(() => resolveAuth({ env: {} })).not.toThrow();
  });
});

describe('the default chain (ours, src/aws/node-chain.ts, isolated from the machine)', () => {
  const saved = { ...process.env };
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bw-aws-'));
    writeFileSync(
      join(dir, 'credentials'),
      '[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = d\n\n[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = s\naws_session_token = devtoken\n',
    );
    writeFileSync(join(dir, 'config'), '');
    for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) delete process.env[k];
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
    process.env.AWS_CONFIG_FILE = join(dir, 'config');
    process.env.AWS_EC2_METADATA_DISABLED = 'true'; // never reach for 169.254.169.254
  });
  afterAll(() => {
    for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) delete process.env[k];
    Object.assign(process.env, saved);
  });

  it('loads the named profile', async () => {
    const auth = resolveAuth({ profile: 'dev', env: {} });
    if (auth.type !== 'sigv4') throw new Error('expected sigv4');
    expect(auth.source).toBe('chain');
    await expect(auth.credentials()).resolves.toMatchObject({ accessKeyId: 'AKIDDEV', sessionToken: 'devtoken' });
  });

  it('a profile that does not exist is a ConfigurationError saying what to set', async () => {
    const auth = resolveAuth({ profile: 'nope', env: {} });
    if (auth.type !== 'sigv4') throw new Error('expected sigv4');
    const error = await auth.credentials().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/profile "nope"/);
    expect((error as Error).message).toMatch(/AWS_ACCESS_KEY_ID/);
    expect((error as Error).message).toMatch(/AWS_PROFILE/);
    expect((error as Error).message).not.toContain('AKIDDEFAULT');
  });
});
