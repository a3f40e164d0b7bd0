import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import { loadConfigFile, normalizeConfig } from '../../src/provider/config-file.js';
import { BedrockProvider } from '../../src/provider/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import type { Emulator } from '../../src/emulator/index.js';
import { DEFAULT_HEALTH_CHECK_MODEL, redactConfig, resolveConfig } from '../../src/provider/config-file.js';

const ARN = 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0';
const SEED_MODELS = [
  'anthropic.claude-4-sonnet-20250514-v1:0',
  'anthropic.claude-3-7-sonnet-20250219-v1:0',
  'anthropic.claude-3-5-sonnet-20241022-v2:0',
  'anthropic.claude-3-5-haiku-20241022-v1:0',
  'amazon.titan-text-premier-v1:0',
  'ai21.jamba-1-5-large-v1:0',
  'cohere.command-r-plus-v1:0',
  'meta.llama3-3-70b-instruct-v1:0',
];
// The seed's config/config.yaml, verbatim in shape.
const SEED_YAML = `# config/config.yaml
llm:
  providers:
    bedrock:
      type: "bedrock"
      enabled: true
      region: "us-east-1"
      cross_region_inference: true
      inference_profile_arn: "${ARN}"
      models:
${SEED_MODELS.map((m) => `        - "${m}"`).join('\n')}
`;

const noEnv = {};

function configError(fn: () => unknown): ConfigurationError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigurationError);
    return e as ConfigurationError;
  }
  throw new Error('expected a ConfigurationError');
}

describe('resolveConfig: shapes', () => {
  it('reads the seed document shape', () => {
    const c = resolveConfig(
      { llm: { providers: { bedrock: { type: 'bedrock', enabled: true, region: 'us-east-1', cross_region_inference: true, inference_profile_arn: ARN, models: SEED_MODELS } } } },
      { env: noEnv },
    );
    expect(c.name).toBe('bedrock');
    expect(c.enabled).toBe(true);
    expect(c.region).toBe('us-east-1');
    expect(c.crossRegionInference).toBe(true);
    expect(c.inferenceProfileArn).toBe(ARN);
    expect(c.models).toEqual(SEED_MODELS);
    expect(c.defaultModel).toBe(SEED_MODELS[0]);
    expect(c.geoPrefix).toBe('us');
    expect(c.healthCheckModel).toBe(DEFAULT_HEALTH_CHECK_MODEL);
    expect(c.api).toBe('invoke');
  });

  it('accepts the provider block directly, in camelCase, and the Go seed\'s `parameters`', () => {
    const a = resolveConfig({ region: 'eu-west-1', crossRegionInference: true, maxAttempts: 5 }, { env: noEnv });
    expect(a.region).toBe('eu-west-1');
    expect(a.geoPrefix).toBe('eu');
    expect(a.maxAttempts).toBe(5);
    const b = resolveConfig({ type: 'bedrock', enabled: true, parameters: { region: 'ap-southeast-2', cross_region_inference: true } }, { env: noEnv });
    expect(b.region).toBe('ap-southeast-2');
    expect(b.geoPrefix).toBe('apac');
  });

  it('parses a JSON string', () => {
    const c = resolveConfig(JSON.stringify({ llm: { providers: { bedrock: { region: 'us-west-2', api: 'converse' } } } }), { env: noEnv });
    expect(c.region).toBe('us-west-2');
    expect(c.api).toBe('converse');
  });

  it('picks a named entry or the only entry of type bedrock', () => {
    const doc = { llm: { providers: { openai: { type: 'openai' }, aws: { type: 'bedrock', region: 'us-east-2' } } } };
    expect(resolveConfig(doc, { env: noEnv }).name).toBe('aws');
    expect(resolveConfig(doc, { env: noEnv }).region).toBe('us-east-2');
    const two = { llm: { providers: { a: { type: 'bedrock', region: 'us-east-1' }, b: { type: 'bedrock', region: 'eu-west-1' } } } };
    expect(configError(() => resolveConfig(two, { env: noEnv })).message).toMatch(/several bedrock providers \(a, b\)/);
    expect(resolveConfig(two, { env: noEnv, name: 'b' }).region).toBe('eu-west-1');
  });

  it('normalises timeouts, families, health check, geo prefix and auth fields', () => {
    const c = resolveConfig(
      {
        region: 'us-east-1',
        endpoint: 'http://127.0.0.1:4000',
        timeouts: { connect_ms: 1000, first_byte_ms: 2000, idle_ms: 3000 },
        families: { 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc': 'anthropic' },
        health_check_model: 'amazon.nova-micro-v1:0',
        health_check_max_tokens: 1,
        geo_prefix: 'global',
        credentials: { access_key_id: 'AKIDEXAMPLE', secret_access_key: 'SECRET', session_token: 'TOKEN' },
        assume_role: { role_arn: 'arn:aws:iam::123456789012:role/bedrock', session_name: 's', duration_seconds: 3600 },
        auth_mode: 'sigv4',
      },
      { env: noEnv },
    );
    expect(c.endpoint).toBe('http://127.0.0.1:4000');
    expect(c.timeouts).toEqual({ connectMs: 1000, firstByteMs: 2000, idleMs: 3000 });
    expect(Object.values(c.families)).toEqual(['anthropic']);
    expect(c.healthCheckModel).toBe('amazon.nova-micro-v1:0');
    expect(c.healthCheckMaxTokens).toBe(1);
    expect(c.geoPrefix).toBe('global');
    expect(c.credentials).toEqual({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'SECRET', sessionToken: 'TOKEN' });
    expect(c.assumeRole).toEqual({ roleArn: 'arn:aws:iam::123456789012:role/bedrock', sessionName: 's', durationSeconds: 3600 });
    expect(c.authMode).toBe('sigv4');
  });

  it('health check model defaults to the first allowed model when the seed default is not allowed', () => {
    const c = resolveConfig({ region: 'us-east-1', models: ['amazon.nova-micro-v1:0', 'amazon.nova-pro-v1:0'] }, { env: noEnv });
    expect(c.healthCheckModel).toBe('amazon.nova-micro-v1:0');
  });

  it('health check and default model: the first TEXT model of the list, or the configured default model when it is text', () => {
    const models = ['amazon.titan-embed-text-v2:0', 'cohere.rerank-v3-5:0', 'amazon.nova-canvas-v1:0', 'amazon.nova-lite-v1:0', 'amazon.nova-pro-v1:0'];
    const c = resolveConfig({ region: 'us-east-1', models }, { env: noEnv });
    expect(c.healthCheckModel).toBe('amazon.nova-lite-v1:0');
    expect(c.defaultModel).toBe('amazon.nova-lite-v1:0');
    const d = resolveConfig({ region: 'us-east-1', models, default_model: 'amazon.nova-pro-v1:0' }, { env: noEnv });
    expect([d.healthCheckModel, d.defaultModel]).toEqual(['amazon.nova-pro-v1:0', 'amazon.nova-pro-v1:0']);
    // A configured default that is not a text model is kept as the default, but not health-checked.
    const e = resolveConfig({ region: 'us-east-1', models, default_model: 'amazon.titan-embed-text-v2:0' }, { env: noEnv });
    expect([e.healthCheckModel, e.defaultModel]).toEqual(['amazon.nova-lite-v1:0', 'amazon.titan-embed-text-v2:0']);
    // An id the catalog does not know is taken as text (served through Converse).
    expect(resolveConfig({ region: 'us-east-1', models: ['cohere.embed-v4:0', 'qwen.qwen3-32b-v1:0'] }, { env: noEnv }).healthCheckModel).toBe('qwen.qwen3-32b-v1:0');
    // No text model at all: the seed's health check model.
    expect(resolveConfig({ region: 'us-east-1', models: ['cohere.embed-v4:0'] }, { env: noEnv }).healthCheckModel).toBe(DEFAULT_HEALTH_CHECK_MODEL);
  });

  it('geo prefix: off by default, auto with cross-region inference, disabled by `none`', () => {
    expect(resolveConfig({ region: 'us-east-1' }, { env: noEnv }).geoPrefix).toBeUndefined();
    expect(resolveConfig({ region: 'us-gov-west-1', cross_region_inference: true }, { env: noEnv }).geoPrefix).toBe('us-gov');
    expect(resolveConfig({ region: 'ca-central-1', geo_prefix: 'auto' }, { env: noEnv }).geoPrefix).toBe('us');
    expect(resolveConfig({ region: 'us-east-1', cross_region_inference: true, geo_prefix: 'none' }, { env: noEnv }).geoPrefix).toBeUndefined();
  });
});

describe('resolveConfig: environment', () => {
  it('takes region, keys, session token and profile ARN from the environment', () => {
    const c = resolveConfig(
      {},
      { env: { AWS_REGION: 'eu-central-1', AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'S', AWS_SESSION_TOKEN: 'T', AWS_INFERENCE_PROFILE_ARN: ARN } },
    );
    expect(c.region).toBe('eu-central-1');
    expect(c.credentials).toEqual({ accessKeyId: 'AKID', secretAccessKey: 'S', sessionToken: 'T' });
    expect(c.inferenceProfileArn).toBe(ARN);
    expect(c.crossRegionInference).toBe(true);
  });

  it('config wins over the environment; AWS_DEFAULT_REGION and the ARN region are fallbacks', () => {
    const env = { AWS_REGION: 'eu-central-1', AWS_BEARER_TOKEN_BEDROCK: 'bedrock-api-key-x' };
    const c = resolveConfig({ region: 'us-west-2', credentials: { accessKeyId: 'A', secretAccessKey: 'B' } }, { env });
    expect(c.region).toBe('us-west-2');
    expect(c.apiKey).toBeUndefined(); // the config named its own auth
    expect(resolveConfig({}, { env: { AWS_DEFAULT_REGION: 'ap-northeast-1' } }).region).toBe('ap-northeast-1');
    expect(resolveConfig({ inference_profile_arn: ARN }, { env: noEnv }).region).toBe('us-east-1');
  });

  it('bearer key and profile from the environment; a profile wins over env keys', () => {
    expect(resolveConfig({ region: 'us-east-1' }, { env: { AWS_BEARER_TOKEN_BEDROCK: 'k' } }).apiKey).toBe('k');
    const c = resolveConfig({ region: 'us-east-1' }, { env: { AWS_PROFILE: 'dev', AWS_ACCESS_KEY_ID: 'A', AWS_SECRET_ACCESS_KEY: 'B' } });
    expect(c.profile).toBe('dev');
    expect(c.credentials).toBeUndefined();
  });

  it('half a key pair in the environment is an error naming the missing variable', () => {
    expect(configError(() => resolveConfig({ region: 'us-east-1' }, { env: { AWS_ACCESS_KEY_ID: 'A' } })).message).toMatch(/^AWS_SECRET_ACCESS_KEY: missing/);
    expect(configError(() => resolveConfig({ region: 'us-east-1' }, { env: { AWS_SECRET_ACCESS_KEY: 'B' } })).message).toMatch(/^AWS_ACCESS_KEY_ID: missing/);
  });

  it('an invalid AWS_REGION is named as such', () => {
    expect(configError(() => resolveConfig({}, { env: { AWS_REGION: 'nowhere' } })).message).toMatch(/^AWS_REGION: expected an AWS region/);
  });
});

describe('resolveConfig: every invalid field is named', () => {
  const P = 'llm.providers.bedrock';
  const doc = (block: Record<string, unknown>) => ({ llm: { providers: { bedrock: { region: 'us-east-1', ...block } } } });
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['region type', { region: 42 }, new RegExp(`^${P}\\.region: expected a string, got number`)],
    ['region format', { region: 'US East' }, new RegExp(`^${P}\\.region: expected an AWS region`)],
    ['empty region', { region: '  ' }, new RegExp(`^${P}\\.region: must not be empty`)],
    ['type', { type: 'openai' }, new RegExp(`^${P}\\.type: expected "bedrock"`)],
    ['enabled', { enabled: 'yes' }, new RegExp(`^${P}\\.enabled: expected true or false, got string`)],
    ['cross_region_inference', { cross_region_inference: 1 }, new RegExp(`^${P}\\.cross_region_inference: expected true or false`)],
    ['inference_profile_arn', { inference_profile_arn: 'us.anthropic.x' }, new RegExp(`^${P}\\.inference_profile_arn: expected a Bedrock ARN`)],
    ['models type', { models: 'anthropic.x' }, new RegExp(`^${P}\\.models: expected a list of model ids, got string`)],
    ['models item', { models: ['ok', 3] }, new RegExp(`^${P}\\.models\\[1\\]: expected a model id string, got number`)],
    ['geo_prefix', { geo_prefix: 'mars' }, new RegExp(`^${P}\\.geo_prefix: expected one of auto, us,`)],
    ['geo auto for an unknown geography', { region: 'me-south-1', geo_prefix: 'auto' }, new RegExp(`^${P}\\.geo_prefix: cannot derive`)],
    ['api', { api: 'grpc' }, new RegExp(`^${P}\\.api: expected one of invoke, converse`)],
    ['auth_mode', { auth_mode: 'magic' }, new RegExp(`^${P}\\.auth_mode: expected one of auto, bearer, sigv4`)],
    ['bearer without a key', { auth_mode: 'bearer' }, new RegExp(`^${P}\\.auth_mode: bearer needs an API key`)],
    ['max_attempts', { max_attempts: 0 }, new RegExp(`^${P}\\.max_attempts: expected an integer from 1 to 10, got 0`)],
    ['timeouts type', { timeouts: 5 }, new RegExp(`^${P}\\.timeouts: expected a mapping, got number`)],
    ['timeouts field', { timeouts: { idle_ms: -1 } }, new RegExp(`^${P}\\.timeouts\\.idle_ms: expected an integer`)],
    ['timeouts unknown', { timeouts: { idle: 5 } }, new RegExp(`^${P}\\.timeouts\\.idle: unknown field`)],
    ['families', { families: { x: 'gpt-5' } }, new RegExp(`^${P}\\.families\\.x: expected one of anthropic, titan`)],
    ['health_check_max_tokens', { health_check_max_tokens: 1000 }, new RegExp(`^${P}\\.health_check_max_tokens: expected an integer from 1 to 64`)],
    ['endpoint', { endpoint: 'not a url' }, new RegExp(`^${P}\\.endpoint: expected an absolute URL`)],
    ['credentials type', { credentials: 'AKID:SECRET' }, new RegExp(`^${P}\\.credentials: expected a mapping, got string`)],
    ['credentials secret missing', { credentials: { access_key_id: 'A' } }, new RegExp(`^${P}\\.credentials\\.secretAccessKey: missing`)],
    ['assume_role arn', { assume_role: { role_arn: 'admin' } }, new RegExp(`^${P}\\.assume_role\\.role_arn: expected an IAM role ARN`)],
    ['assume_role duration', { assume_role: { role_arn: 'arn:aws:iam::123456789012:role/r', duration_seconds: 10 } }, new RegExp(`^${P}\\.assume_role\\.duration_seconds: expected an integer from 900`)],
    ['unknown field (typo)', { regoin: 'us-east-1' }, new RegExp(`^${P}\\.regoin: unknown field`)],
    ['parameters', { parameters: [] }, new RegExp(`^${P}\\.parameters: expected a mapping, got array`)],
  ];
  for (const [name, block, re] of cases) {
    it(name, () => {
      expect(configError(() => resolveConfig(doc(block), { env: noEnv })).message).toMatch(re);
    });
  }

  it('document-level errors', () => {
    expect(configError(() => resolveConfig({ llm: 3 }, { env: noEnv })).message).toMatch(/^llm: expected a mapping/);
    expect(configError(() => resolveConfig({ llm: { providers: {} } }, { env: noEnv })).message).toMatch(/^llm\.providers\.bedrock: missing/);
    expect(configError(() => resolveConfig('{not json', { env: noEnv })).message).toMatch(/^config: invalid JSON/);
    expect(configError(() => resolveConfig('[1]', { env: noEnv })).message).toMatch(/^config: expected a JSON object, got array/);
    expect(configError(() => resolveConfig({}, { env: noEnv })).message).toMatch(/^region: missing: set it in the config, or pass the region option \(--region on the command line\), set AWS_REGION .*~\/\.aws\/config/);
  });

  it('never echoes a secret', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const e = configError(() => resolveConfig(doc({ credentials: { access_key_id: 'AKIDEXAMPLE', secret_access_key: secret, extra: secret } }), { env: noEnv }));
    expect(e.message).not.toContain(secret);
    expect(e.message).toMatch(/credentials\.extra: unknown field/);
    const bad = configError(() => resolveConfig(doc({ api_key: 12345 }), { env: noEnv }));
    expect(bad.message).not.toContain('12345');
  });

  it('redactConfig hides keys, secrets, tokens and bearer keys', () => {
    const c = resolveConfig({ region: 'us-east-1' }, { env: { AWS_BEARER_TOKEN_BEDROCK: 'bedrock-api-key-zzz', AWS_ACCESS_KEY_ID: 'AKIDZZZ', AWS_SECRET_ACCESS_KEY: 'SECRETZZZ', AWS_SESSION_TOKEN: 'TOKENZZZ' } });
    const text = JSON.stringify(redactConfig(c));
    for (const s of ['bedrock-api-key-zzz', 'AKIDZZZ', 'SECRETZZZ', 'TOKENZZZ']) expect(text).not.toContain(s);
    expect(text).toContain('us-east-1');
  });
});

describe('loadConfigFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bedrock-wire-config-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the seed YAML', async () => {
    const path = join(dir, 'config.yaml');
    await writeFile(path, SEED_YAML);
    const c = await loadConfigFile(path, { env: noEnv });
    expect(c.region).toBe('us-east-1');
    expect(c.inferenceProfileArn).toBe(ARN);
    expect(c.models).toEqual(SEED_MODELS);
  });

  it('reads JSON by extension and YAML by content for other extensions', async () => {
    const json = join(dir, 'c.json');
    await writeFile(json, JSON.stringify({ llm: { providers: { bedrock: { region: 'eu-west-3' } } } }));
    expect((await loadConfigFile(json, { env: noEnv })).region).toBe('eu-west-3');
    const conf = join(dir, 'bedrock.conf');
    await writeFile(conf, 'region: ap-south-1\napi: converse\n');
    const c = await loadConfigFile(conf, { env: noEnv });
    expect(c.region).toBe('ap-south-1');
    expect(c.api).toBe('converse');
  });

  it('merges the environment into a file', async () => {
    const path = join(dir, 'env.yml');
    await writeFile(path, 'llm:\n  providers:\n    bedrock:\n      type: bedrock\n');
    const c = await loadConfigFile(path, { env: { AWS_REGION: 'us-west-2', AWS_BEARER_TOKEN_BEDROCK: 'k' } });
    expect(c.region).toBe('us-west-2');
    expect(c.apiKey).toBe('k');
  });

  it('names the field of an invalid YAML config, and reports unreadable files and bad YAML', async () => {
    const path = join(dir, 'bad.yaml');
    await writeFile(path, 'llm:\n  providers:\n    bedrock:\n      region: us-east-1\n      models: 7\n');
    await expect(loadConfigFile(path, { env: noEnv })).rejects.toThrow(/^llm\.providers\.bedrock\.models: expected a list/);
    await expect(loadConfigFile(join(dir, 'missing.yaml'), { env: noEnv })).rejects.toThrow(/cannot read .*\(ENOENT\)/);
    const broken = join(dir, 'broken.yaml');
    await writeFile(broken, 'llm:\n  providers: [\n');
    await expect(loadConfigFile(broken, { env: noEnv })).rejects.toBeInstanceOf(ConfigurationError);
    const list = join(dir, 'list.yaml');
    await writeFile(list, '- a\n- b\n');
    await expect(loadConfigFile(list, { env: noEnv })).rejects.toThrow(/must hold a mapping/);
  });
});

describe('an allow-list of ids no family codec places (Converse), from a config file, through the emulator', () => {
  const QWEN = 'qwen.qwen3-32b-v1:0';
  const APP = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/qwenprofile1';
  let dir: string;
  let emu: Emulator;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bedrock-wire-allow-'));
    // The emulator knows the application profile as one for Qwen, as an account would.
    emu = await startEmulator({ seed: 3, outputWords: 12, profiles: { [APP]: QWEN } });
  });
  afterAll(async () => {
    await emu.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('loads, lists both, generates and streams through Converse; ids outside the list are still refused', async () => {
    const path = join(dir, 'allow.yaml');
    await writeFile(
      path,
      `llm:\n  providers:\n    bedrock:\n      region: ${emu.region}\n      endpoint: ${emu.url}\n      api_key: ${emu.apiKey}\n      models:\n        - ${QWEN}\n        - "${APP}"\n`,
    );
    const config = await loadConfigFile(path, { env: {} });
    expect(config.models).toEqual([QWEN, APP]);
    const p = new BedrockProvider(config, { env: {}, retry: { baseDelayMs: 1, maxDelayMs: 5 } });
    try {
      const listed = p.getModels();
      expect(listed.map((m) => [m.id, m.family])).toEqual([[QWEN, undefined], [APP, undefined]]);
      expect(listed[0].description).toMatch(/Converse/);
      // The default model is the first of the list.
      const first = await p.generate({ model: '', messages: [{ role: 'user', content: 'Hello Qwen' }], maxTokens: 50 });
      expect(emu.requests.at(-1)!.path).toBe(`/model/${encodeURIComponent(QWEN)}/converse`);
      expect(first.content.length).toBeGreaterThan(0);
      expect(first.finishReason).toBe('stop');
      const viaArn = await p.generate({ model: APP, messages: [{ role: 'user', content: 'Hello profile' }], maxTokens: 50 });
      expect(emu.requests.at(-1)!.path).toBe(`/model/${encodeURIComponent(APP)}/converse`);
      expect(viaArn.content.length).toBeGreaterThan(0);
      let text = '';
      for await (const c of p.generateStream({ model: APP, messages: [{ role: 'user', content: 'Stream please' }], maxTokens: 50 })) if (c.type === 'text') text += c.text;
      expect(emu.requests.at(-1)!.path).toBe(`/model/${encodeURIComponent(APP)}/converse-stream`);
      expect(text.length).toBeGreaterThan(0);
      const before = emu.requests.length;
      await expect(p.generate({ model: 'amazon.nova-lite-v1:0', messages: [{ role: 'user', content: 'x' }] })).rejects.toThrow(/not in this provider's models/);
      expect(emu.requests.length).toBe(before);
    } finally {
      await p.close();
    }
  });
});

describe('entry points', () => {
  it('a resolved config resolves to itself (the provider accepts either)', () => {
    const env = { AWS_REGION: 'eu-west-1' };
    const once = resolveConfig({ llm: { providers: { bedrock: { cross_region_inference: true, models: ['amazon.nova-pro-v1:0'], timeouts: { idle_ms: 5 } } } } }, { env });
    expect(resolveConfig(once, { env })).toEqual(once);
  });

  it('only config-file.ts touches yaml or the file system: the core entry never loads them', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const dir = join(import.meta.dirname, '..', '..', 'src', 'provider');
    const offenders: string[] = [];
    for (const f of await readdir(dir)) {
      if (!f.endsWith('.ts') || f === 'config-file.ts') continue;
      const text = await readFile(join(dir, f), 'utf8');
      if (/from '(yaml|node:fs[^']*|fs)'/.test(text) || /from '\.\/config-file\.js'/.test(text)) offenders.push(f);
    }
    expect(offenders).toEqual([]);
  });
});

describe('normalizeConfig: the core constructor path', () => {
  it('takes camelCase fields, names a snake_case or unknown one, and leaves a resolved config unchanged', () => {
    expect(configError(() => new BedrockProvider({ region: 'us-east-1', max_attempts: 2 } as never, { env: noEnv })).message).toMatch(
      /^max_attempts: unknown field \(fields are camelCase; read a seed config document with resolveConfig from bedrock-wire\/config\)/,
    );
    expect(configError(() => normalizeConfig({ region: 'US East' }, { env: noEnv })).message).toMatch(/^region: expected an AWS region/);
    expect(configError(() => normalizeConfig({ region: 'us-east-1', api: 'grpc' as never }, { env: noEnv })).message).toMatch(/^api: expected one of invoke, converse/);
    expect(configError(() => normalizeConfig({ region: 'us-east-1', credentials: { accessKeyId: 'A' } as never }, { env: noEnv })).message).toMatch(/^credentials: expected accessKeyId and secretAccessKey/);
    const doc = resolveConfig({ llm: { providers: { bedrock: { region: 'eu-west-1', cross_region_inference: true, max_attempts: 4 } } } }, { env: noEnv });
    const camel = normalizeConfig({ region: 'eu-west-1', crossRegionInference: true, maxAttempts: 4 }, { env: noEnv });
    expect(camel).toEqual(doc);
    expect(new BedrockProvider(doc, { env: noEnv }).config).toEqual(doc);
  });
});
