// Region from the shared AWS config files (Node), and environments whose reads throw (Deno with
// only --allow-net): both as the AWS SDK for JavaScript v3 behaves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFileRegion, parseIni } from '../../src/aws/shared-config.js';
import { resolveRegion } from '../../src/aws/endpoint.js';
import { readEnv } from '../../src/aws/env.js';
import { BedrockProvider, BedrockRuntime, ConfigurationError } from '../../src/index.js';
import { normalizeConfig } from '../../src/provider/config.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';

let dir: string;
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bw-aws-config-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseIni (the SDK parser)', () => {
  it('sections, typed sections, comments, sub-properties', () => {
    const ini = parseIni(
      [
        '# a comment',
        '[default]',
        'region = eu-west-1 ; inline comment',
        '[profile dev]',
        'region=us-west-2',
        's3 =',
        '  max_concurrent_requests = 10',
        'output = json',
        "[sso-session 'corp']",
        'sso_region = us-east-1',
        '; another comment',
      ].join('\r\n'),
    );
    expect(ini.default).toEqual({ region: 'eu-west-1' });
    expect(ini['profile.dev']).toEqual({ region: 'us-west-2', 's3.max_concurrent_requests': '10', output: 'json' });
    expect(ini['sso-session.corp']).toEqual({ sso_region: 'us-east-1' });
  });
});

describe('configFileRegion', () => {
  it('reads the default profile from AWS_CONFIG_FILE', () => {
    const config = file('config-a', '[default]\nregion = eu-central-1\n');
    expect(configFileRegion({ AWS_CONFIG_FILE: config, HOME: dir }, undefined)).toEqual({ region: 'eu-central-1', file: config, profile: 'default' });
  });

  it('a named profile: the option, else AWS_PROFILE; `[profile x]` in config, `[x]` in credentials', () => {
    const config = file('config-b', '[default]\nregion = eu-central-1\n[profile dev]\nregion = us-west-2\n[ops]\nregion = ap-south-1\n');
    const credentials = file('credentials-b', '[ops]\nregion = sa-east-1\naws_access_key_id = AKIDEXAMPLE\n');
    const env = { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials, HOME: dir };
    expect(configFileRegion({ ...env, AWS_PROFILE: 'dev' }, undefined)?.region).toBe('us-west-2');
    expect(configFileRegion({ ...env, AWS_PROFILE: 'dev' }, 'default')?.region).toBe('eu-central-1');
    // `[ops]` without the `profile` prefix is not a profile in the config file (as in the SDK): the credentials file's is used.
    expect(configFileRegion(env, 'ops')).toEqual({ region: 'sa-east-1', file: credentials, profile: 'ops' });
    expect(configFileRegion(env, 'nobody')).toBeUndefined();
  });

  it('~/.aws/config under HOME by default; a missing or unreadable file is no region', () => {
    const home = join(dir, 'home');
    mkdirSync(join(home, '.aws'), { recursive: true });
    writeFileSync(join(home, '.aws', 'config'), '[profile default]\nregion = ca-central-1\n');
    expect(configFileRegion({ HOME: home }, undefined)?.region).toBe('ca-central-1');
    expect(configFileRegion({ HOME: home, AWS_CONFIG_FILE: '~/.aws/config' }, undefined)?.file).toBe(join(home, '.aws', 'config'));
    expect(configFileRegion({ HOME: join(dir, 'nowhere') }, undefined)).toBeUndefined();
    expect(configFileRegion({ HOME: home, AWS_CONFIG_FILE: dir }, undefined)).toBeUndefined(); // a directory: unreadable
  });
});

describe('resolveRegion', () => {
  const config = () => file('config-c', '[default]\nregion = eu-north-1\n[profile bad]\nregion = evil.example.com/\n');

  it('option, then AWS_REGION, then the config file', () => {
    const env = { AWS_CONFIG_FILE: config(), HOME: dir };
    expect(resolveRegion({ env })).toBe('eu-north-1');
    expect(resolveRegion({ env: { ...env, AWS_REGION: 'us-east-2' } })).toBe('us-east-2');
    expect(resolveRegion({ region: 'us-west-1', env })).toBe('us-west-1');
  });

  it('a malformed region from the file names the profile and the file', () => {
    const env = { AWS_CONFIG_FILE: config(), HOME: dir };
    expect(() => resolveRegion({ env, profile: 'bad' })).toThrow(/Invalid AWS region .*profile "bad" in .*config-c/);
  });

  it('none anywhere: the message names --region, AWS_REGION and the config file', () => {
    let err: unknown;
    try {
      resolveRegion({ env: { HOME: join(dir, 'nowhere') } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigurationError);
    const message = (err as Error).message;
    expect(message).toMatch(/--region/);
    expect(message).toMatch(/AWS_REGION/);
    expect(message).toMatch(/~\/\.aws\/config/);
    expect(message).toMatch(/AWS_CONFIG_FILE/);
  });

  it('the provider and the client take the profile region too', () => {
    const env = { AWS_CONFIG_FILE: file('config-d', '[profile work]\nregion = ap-northeast-1\n'), HOME: dir, AWS_PROFILE: 'work' };
    expect(normalizeConfig({ apiKey: 'k' }, { env }).region).toBe('ap-northeast-1');
    expect(new BedrockRuntime({ apiKey: 'k', env }).region).toBe('ap-northeast-1');
    expect(() => normalizeConfig({ apiKey: 'k' }, { env: { HOME: join(dir, 'nowhere') } })).toThrow(/region: missing.*--region.*AWS_REGION.*~\/\.aws\/config/);
  });
});

describe('an environment whose reads throw (Deno with only --allow-net) is treated as unset', () => {
  // What Deno does without --allow-env: every read of process.env / Deno.env throws.
  const notCapable = () => Object.assign(new Error('Requires env access, run again with the --allow-env flag'), { name: 'NotCapable' });
  const denied = new Proxy({} as Record<string, string | undefined>, {
    get() {
      throw notCapable();
    },
    ownKeys() {
      throw notCapable();
    },
  });
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(() => emu.close());

  it('readEnv', () => {
    expect(readEnv(denied, 'AWS_REGION')).toBeUndefined();
  });

  it('a client and a provider given everything explicitly work with the env option denied', async () => {
    const rt = new BedrockRuntime({ region: emu.region, endpoint: emu.url, credentials: emu.credentials, env: denied });
    try {
      const out = await rt.converse({ modelId: 'amazon.nova-micro-v1:0', messages: [{ role: 'user', content: [{ text: 'denied env' }] }] });
      expect(out.output.message.role).toBe('assistant');
    } finally {
      await rt.close();
    }
    const p = new BedrockProvider({ region: emu.region, endpoint: emu.url, credentials: emu.credentials }, { env: denied });
    try {
      expect((await p.generate({ model: 'amazon.nova-micro-v1:0', messages: [{ role: 'user', content: 'hi' }], maxTokens: 4 })).content).toMatch(/^You said: hi/);
    } finally {
      await p.close();
    }
  });

  it('with process.env itself denied, construction reads nothing that throws', () => {
    const real = Object.getOwnPropertyDescriptor(process, 'env')!;
    Object.defineProperty(process, 'env', { value: denied, configurable: true, writable: true });
    try {
      expect(new BedrockRuntime({ region: 'us-east-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' } }).region).toBe('us-east-1');
      expect(new BedrockProvider({ region: 'us-east-1', apiKey: 'k' }).config.region).toBe('us-east-1');
      // Nothing given and nothing readable (a profile no config file has): the ordinary missing-region error, not NotCapable.
      expect(() => new BedrockRuntime({ apiKey: 'k', profile: 'bw-test-no-such-profile' })).toThrow(/No AWS region/);
    } finally {
      Object.defineProperty(process, 'env', real);
    }
  });
});
