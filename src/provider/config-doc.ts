// Provider configuration: the seed's YAML schema (`llm.providers.bedrock`: type, enabled, region,
// cross_region_inference, inference_profile_arn, models) as an object or a JSON string, merged with
// the AWS environment variables, normalised to one camelCase shape. YAML files are read by
// `config-file.ts` (the `bedrock-wire/config` entry) so the core never loads a YAML parser.
//
// Every error is a ConfigurationError naming the field (`llm.providers.bedrock.region: expected a
// string, got number`). Messages never quote a value of a secret field: only types and names.
import type { AwsCredentials, CredentialProvider } from '../aws/index.js';
import type { ModelFamily } from '../codecs/index.js';
import { ConfigurationError } from '../errors.js';
import { detectFamily, MODEL_FAMILIES } from '../codecs/index.js';
import { GEO_PREFIXES, geoForRegion } from './geo.js';
import type { GeoPrefix } from './geo.js';

export interface AssumeRoleConfig {
  roleArn: string;
  sessionName?: string;
  durationSeconds?: number;
  externalId?: string;
  stsEndpoint?: string;
}

export interface TimeoutConfig {
  connectMs?: number;
  firstByteMs?: number;
  /** Longest silence allowed inside a stream. The runtime's default is 60 s. */
  idleMs?: number;
}

/** The normalised provider configuration. Build it with `resolveConfig`. */
export interface BedrockProviderConfig {
  /** The provider's name (`getName()`): the key under `llm.providers`, default `bedrock`. */
  name: string;
  /** `enabled: false` keeps the config valid but makes calls fail and `isAvailable()` false. */
  enabled: boolean;
  region: string;
  endpoint?: string;
  credentials?: AwsCredentials | CredentialProvider;
  /** Bedrock API key (bearer). */
  apiKey?: string;
  profile?: string;
  assumeRole?: AssumeRoleConfig;
  authMode: 'auto' | 'bearer' | 'sigv4';
  /** Route calls through `inferenceProfileArn` and/or geo-prefixed profile ids. */
  crossRegionInference: boolean;
  inferenceProfileArn?: string;
  /** When set, plain foundation ids get this prefix (`us.` ...). `auto` is resolved from the region. */
  geoPrefix?: GeoPrefix;
  /** Allow-list of model ids this provider serves; undefined = any. */
  models?: string[];
  /** Used when a request names no model. Default: the first of `models`. */
  defaultModel?: string;
  healthCheckModel: string;
  healthCheckMaxTokens: number;
  /** `invoke` = InvokeModel bodies per family; `converse` = the model-agnostic Converse API. */
  api: 'invoke' | 'converse';
  timeouts?: TimeoutConfig;
  maxAttempts?: number;
  /** Family of ids the codecs cannot detect: application inference profile ARNs, custom models. */
  families: Record<string, ModelFamily>;
}

/** What `resolveConfig` accepts: a whole config document, the provider block, or JSON of either. */
export type BedrockConfigInput = string | Record<string, unknown> | Partial<BedrockProviderConfig>;

export interface ResolveConfigOptions {
  /** Which entry of `llm.providers` (default: `bedrock`, else the only entry with type bedrock). */
  name?: string;
  /** Default: `process.env` where it exists. */
  env?: Record<string, string | undefined>;
}

/** The seed's health check model: small, fast, widely enabled. */
export const DEFAULT_HEALTH_CHECK_MODEL = 'anthropic.claude-3-5-haiku-20241022-v1:0';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ARN = /^arn:aws[a-z-]*:bedrock:[a-z0-9-]*:\d*:[a-z-]+\/.+$/;

type Obj = Record<string, unknown>;

function fail(path: string, what: string): never {
  throw new ConfigurationError(`${path}: ${what}`);
}

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// Each field is accepted in the seed's snake_case and in camelCase.
function camel(key: string): string {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Reads fields of one object by canonical camelCase name, remembering which were used. */
class Reader {
  private readonly used = new Set<string>();
  constructor(
    private readonly obj: Obj,
    readonly path: string,
  ) {}

  private key(name: string): string | undefined {
    for (const k of Object.keys(this.obj)) {
      if (camel(k) === name && this.obj[k] !== undefined) {
        this.used.add(k);
        return k;
      }
    }
    return undefined;
  }

  at(name: string): string {
    const k = Object.keys(this.obj).find((key) => camel(key) === name);
    return `${this.path}${this.path ? '.' : ''}${k ?? name}`;
  }

  raw(name: string): unknown {
    const k = this.key(name);
    return k === undefined ? undefined : this.obj[k];
  }

  string(name: string): string | undefined {
    const v = this.raw(name);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') fail(this.at(name), `expected a string, got ${typeName(v)}`);
    if (v.trim() === '') fail(this.at(name), 'must not be empty');
    return v;
  }

  boolean(name: string): boolean | undefined {
    const v = this.raw(name);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') fail(this.at(name), `expected true or false, got ${typeName(v)}`);
    return v;
  }

  int(name: string, min: number, max: number): number | undefined {
    const v = this.raw(name);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      fail(this.at(name), `expected an integer from ${min} to ${max}, got ${typeof v === 'number' ? v : typeName(v)}`);
    }
    return v;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(v)) fail(this.at(name), `expected one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
    return v as T;
  }

  object(name: string): Reader | undefined {
    const v = this.raw(name);
    if (v === undefined || v === null) return undefined;
    if (!isObj(v)) fail(this.at(name), `expected a mapping, got ${typeName(v)}`);
    return new Reader(v, this.at(name));
  }

  /** Unknown keys are errors: a typo (`regoin`) must not silently fall back to a default. */
  done(): void {
    for (const k of Object.keys(this.obj)) {
      if (!this.used.has(k) && this.obj[k] !== undefined) fail(`${this.path}${this.path ? '.' : ''}${k}`, 'unknown field');
    }
  }
}

function locateBlock(input: Obj, name: string | undefined): { block: Obj; path: string; name: string } {
  let providers: unknown;
  let base: string;
  if ('llm' in input) {
    if (!isObj(input.llm)) fail('llm', `expected a mapping, got ${typeName(input.llm)}`);
    providers = input.llm.providers;
    base = 'llm.providers';
  } else if ('providers' in input) {
    providers = input.providers;
    base = 'providers';
  } else {
    return { block: input, path: '', name: name ?? 'bedrock' };
  }
  if (!isObj(providers)) fail(base, `expected a mapping, got ${typeName(providers)}`);
  let key = name;
  if (key === undefined) {
    if ('bedrock' in providers) key = 'bedrock';
    else {
      const typed = Object.keys(providers).filter((k) => isObj(providers[k]) && providers[k].type === 'bedrock');
      if (typed.length !== 1) fail(`${base}.bedrock`, typed.length ? `several bedrock providers (${typed.join(', ')}); pass the name` : 'missing');
      key = typed[0];
    }
  }
  const block = providers[key];
  if (block === undefined) fail(`${base}.${key}`, 'missing');
  if (!isObj(block)) fail(`${base}.${key}`, `expected a mapping, got ${typeName(block)}`);
  return { block, path: `${base}.${key}`, name: key };
}

function defaultEnv(): Record<string, string | undefined> {
  const p = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  return p?.env ?? {};
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v;
}

function readCredentials(r: Reader): AwsCredentials | CredentialProvider | undefined {
  const raw = r.raw('credentials');
  if (typeof raw === 'function') return raw as CredentialProvider;
  const c = r.object('credentials');
  if (!c) return undefined;
  const accessKeyId = c.string('accessKeyId');
  const secretAccessKey = c.string('secretAccessKey');
  const sessionToken = c.string('sessionToken');
  const expiration = c.raw('expiration');
  c.done();
  if (!accessKeyId) fail(c.at('accessKeyId'), 'missing');
  if (!secretAccessKey) fail(c.at('secretAccessKey'), 'missing');
  const out: AwsCredentials = { accessKeyId, secretAccessKey };
  if (sessionToken) out.sessionToken = sessionToken;
  if (expiration instanceof Date) out.expiration = expiration;
  return out;
}

function readAssumeRole(r: Reader): AssumeRoleConfig | undefined {
  const raw = r.raw('assumeRole');
  if (typeof raw === 'string') return { roleArn: r.string('assumeRole')! };
  const a = r.object('assumeRole');
  if (!a) return undefined;
  const roleArn = a.string('roleArn');
  if (!roleArn) fail(a.at('roleArn'), 'missing');
  if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/.+/.test(roleArn)) fail(a.at('roleArn'), 'expected an IAM role ARN (arn:aws:iam::<account>:role/<name>)');
  const out: AssumeRoleConfig = { roleArn };
  const sessionName = a.string('sessionName');
  const durationSeconds = a.int('durationSeconds', 900, 43_200);
  const externalId = a.string('externalId');
  const stsEndpoint = a.string('stsEndpoint');
  a.done();
  if (sessionName) out.sessionName = sessionName;
  if (durationSeconds !== undefined) out.durationSeconds = durationSeconds;
  if (externalId) out.externalId = externalId;
  if (stsEndpoint) out.stsEndpoint = stsEndpoint;
  return out;
}

function readModels(r: Reader): string[] | undefined {
  const v = r.raw('models');
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) fail(r.at('models'), `expected a list of model ids, got ${typeName(v)}`);
  return v.map((m, i) => {
    // The seed lists plain ids; a mapping `{ id: ... }` (or `name`) is accepted for richer configs.
    const id = isObj(m) ? (m.id ?? m.name) : m;
    if (typeof id !== 'string' || id.trim() === '') fail(`${r.at('models')}[${i}]`, `expected a model id string, got ${typeName(id)}`);
    return id;
  });
}

function isFamily(value: unknown): value is ModelFamily {
  return typeof value === 'string' && (MODEL_FAMILIES as readonly string[]).includes(value);
}

function readFamilies(r: Reader): Record<string, ModelFamily> {
  const f = r.object('families');
  const out: Record<string, ModelFamily> = {};
  if (!f) return out;
  const obj = r.raw('families') as Obj;
  for (const [id, fam] of Object.entries(obj)) {
    if (!isFamily(fam)) fail(`${f.path}.${id}`, `expected one of ${MODEL_FAMILIES.join(', ')}, got ${JSON.stringify(fam)}`);
    out[id] = fam;
  }
  return out;
}

function readTimeouts(r: Reader): TimeoutConfig | undefined {
  const t = r.object('timeouts');
  if (!t) return undefined;
  const out: TimeoutConfig = {};
  const connectMs = t.int('connectMs', 1, 600_000);
  const firstByteMs = t.int('firstByteMs', 1, 3_600_000);
  const idleMs = t.int('idleMs', 1, 3_600_000);
  t.done();
  if (connectMs !== undefined) out.connectMs = connectMs;
  if (firstByteMs !== undefined) out.firstByteMs = firstByteMs;
  if (idleMs !== undefined) out.idleMs = idleMs;
  return out;
}

function parseInput(input: BedrockConfigInput): Obj {
  if (typeof input === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(input);
    } catch (e) {
      // JSON.parse messages quote only a position and a token, never the whole text.
      throw new ConfigurationError(`config: invalid JSON (${(e as Error).message})`);
    }
    if (!isObj(parsed)) fail('config', `expected a JSON object, got ${typeName(parsed)}`);
    return parsed;
  }
  if (!isObj(input)) fail('config', `expected an object, got ${typeName(input)}`);
  return input as Obj;
}

/**
 * Validates and normalises a provider config and merges the environment into it. Precedence:
 * the config, then `AWS_REGION` / `AWS_DEFAULT_REGION` (then the region of the profile ARN),
 * `AWS_INFERENCE_PROFILE_ARN`. Auth from the environment (`AWS_BEARER_TOKEN_BEDROCK`,
 * `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY` [+ `AWS_SESSION_TOKEN`], `AWS_PROFILE`) is used
 * only when the config names no auth of its own, so a config file is never half-overridden.
 */
export function resolveConfig(input: BedrockConfigInput = {}, options: ResolveConfigOptions = {}): BedrockProviderConfig {
  const env = options.env ?? defaultEnv();
  const located = locateBlock(parseInput(input), options.name);
  let block = located.block;
  // The Go seed's ProviderConfigEntry keeps settings under `parameters`: flatten them.
  if (isObj(block.parameters)) {
    const { parameters, ...rest } = block;
    block = { ...rest, ...(parameters as Obj) };
  } else if (block.parameters !== undefined) {
    fail(`${located.path}${located.path ? '.' : ''}parameters`, `expected a mapping, got ${typeName(block.parameters)}`);
  }
  const r = new Reader(block, located.path);

  const type = r.string('type');
  if (type !== undefined && type !== 'bedrock') fail(r.at('type'), `expected "bedrock", got ${JSON.stringify(type)}`);
  const name = r.string('name') ?? located.name;
  const enabled = r.boolean('enabled') ?? true;

  let inferenceProfileArn = r.string('inferenceProfileArn');
  const arnPath = inferenceProfileArn ? r.at('inferenceProfileArn') : 'AWS_INFERENCE_PROFILE_ARN';
  inferenceProfileArn ??= nonEmpty(env.AWS_INFERENCE_PROFILE_ARN);
  if (inferenceProfileArn !== undefined && !ARN.test(inferenceProfileArn)) {
    fail(arnPath, 'expected a Bedrock ARN (arn:aws:bedrock:<region>:<account>:inference-profile/<id> or application-inference-profile/<id>)');
  }

  const sources: Array<[string, string | undefined]> = [
    [r.at('region'), r.string('region')],
    ['AWS_REGION', nonEmpty(env.AWS_REGION)],
    ['AWS_DEFAULT_REGION', nonEmpty(env.AWS_DEFAULT_REGION)],
    [arnPath, nonEmpty(inferenceProfileArn?.split(':')[3])],
  ];
  const [regionPath, region] = sources.find(([, v]) => v !== undefined) ?? [r.at('region'), undefined];
  if (!region) fail(r.at('region'), 'missing (set it in the config or AWS_REGION)');
  if (!REGION.test(region)) fail(regionPath, `expected an AWS region like us-east-1, got ${JSON.stringify(region)}`);

  const endpoint = r.string('endpoint') ?? r.string('endpointUrl');
  if (endpoint !== undefined) {
    try {
      new URL(endpoint);
    } catch {
      fail(r.at('endpoint'), 'expected an absolute URL');
    }
  }

  let credentials = readCredentials(r);
  let apiKey = r.string('apiKey');
  let profile = r.string('profile');
  const assumeRole = readAssumeRole(r);
  const authMode = r.oneOf('authMode', ['auto', 'bearer', 'sigv4'] as const) ?? 'auto';
  if (!credentials && !apiKey && !profile && !assumeRole) {
    apiKey = nonEmpty(env.AWS_BEARER_TOKEN_BEDROCK);
    const id = nonEmpty(env.AWS_ACCESS_KEY_ID);
    const secret = nonEmpty(env.AWS_SECRET_ACCESS_KEY);
    if (id && !secret) fail('AWS_SECRET_ACCESS_KEY', 'missing while AWS_ACCESS_KEY_ID is set');
    if (secret && !id) fail('AWS_ACCESS_KEY_ID', 'missing while AWS_SECRET_ACCESS_KEY is set');
    profile = nonEmpty(env.AWS_PROFILE);
    // Like the SDK's default chain: a named profile wins over env keys.
    if (id && secret && !profile) {
      const token = nonEmpty(env.AWS_SESSION_TOKEN);
      credentials = token ? { accessKeyId: id, secretAccessKey: secret, sessionToken: token } : { accessKeyId: id, secretAccessKey: secret };
    }
  }
  if (authMode === 'bearer' && !apiKey) fail(r.at('authMode'), 'bearer needs api_key or AWS_BEARER_TOKEN_BEDROCK');

  const crossRaw = r.boolean('crossRegionInference');
  // An ARN given without the flag means the caller wants it used; an explicit `false` turns it off.
  const crossRegionInference = crossRaw ?? inferenceProfileArn !== undefined;

  const geoRaw = r.raw('geoPrefix');
  let geoPrefix: GeoPrefix | undefined;
  if (geoRaw === false || geoRaw === 'none') {
    r.raw('geoPrefix');
  } else {
    const g = r.oneOf('geoPrefix', ['auto', ...GEO_PREFIXES] as const);
    // Cross-region inference without a profile ARN means geo-prefixed profile ids.
    const want = g ?? (crossRegionInference && geoRaw === undefined ? 'auto' : undefined);
    if (want === 'auto') {
      try {
        geoPrefix = geoForRegion(region);
      } catch (e) {
        fail(r.at('geoPrefix'), (e as Error).message.replace(/^geo_prefix: /, ''));
      }
    } else geoPrefix = want;
  }

  const models = readModels(r);
  const defaultModel = r.string('defaultModel') ?? models?.[0];
  const healthCheckModel =
    r.string('healthCheckModel') ?? (models && !models.includes(DEFAULT_HEALTH_CHECK_MODEL) ? models[0] : DEFAULT_HEALTH_CHECK_MODEL);
  const healthCheckMaxTokens = r.int('healthCheckMaxTokens', 1, 64) ?? 5;
  const api = r.oneOf('api', ['invoke', 'converse'] as const) ?? 'invoke';
  const timeouts = readTimeouts(r);
  const maxAttempts = r.int('maxAttempts', 1, 10);
  const families = readFamilies(r);
  r.done();
  // An allow-listed id no codec can read would fail on every call: say so now.
  models?.forEach((id, i) => {
    try {
      detectFamily(id, families[id]);
    } catch {
      fail(`${r.at('models')}[${i}]`, `cannot tell the model family of ${id}; name it under families (${MODEL_FAMILIES.join(', ')})`);
    }
  });

  const config: BedrockProviderConfig = {
    name,
    enabled,
    region,
    authMode,
    crossRegionInference,
    healthCheckModel,
    healthCheckMaxTokens,
    api,
    families,
  };
  if (endpoint !== undefined) config.endpoint = endpoint;
  if (credentials) config.credentials = credentials;
  if (apiKey) config.apiKey = apiKey;
  if (profile) config.profile = profile;
  if (assumeRole) config.assumeRole = assumeRole;
  if (inferenceProfileArn) config.inferenceProfileArn = inferenceProfileArn;
  if (geoPrefix) config.geoPrefix = geoPrefix;
  if (models) config.models = models;
  if (defaultModel) config.defaultModel = defaultModel;
  if (timeouts) config.timeouts = timeouts;
  if (maxAttempts !== undefined) config.maxAttempts = maxAttempts;
  return config;
}

/** A copy safe to log: keys, secrets, tokens and bearer keys replaced by `***`. */
export function redactConfig(config: BedrockProviderConfig): Record<string, unknown> {
  const out: Record<string, unknown> = { ...config };
  if (config.apiKey) out.apiKey = '***';
  if (typeof config.credentials === 'function') out.credentials = '[provider]';
  else if (config.credentials) {
    out.credentials = { accessKeyId: '***', secretAccessKey: '***', ...(config.credentials.sessionToken ? { sessionToken: '***' } : {}) };
  }
  return out;
}
