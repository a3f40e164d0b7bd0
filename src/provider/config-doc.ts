// `resolveConfig`: the seed's config document (`llm.providers.bedrock`: type, enabled, region,
// cross_region_inference, inference_profile_arn, models), the provider block alone, or JSON of
// either; every field in snake_case or camelCase. Part of the `bedrock-wire/config` entry, not of
// the core: this layer checks the document's shape (each field's type and range, unknown fields
// are errors, a typo never falls back to a default) and names fields by their path in the
// document; the meaning (environment, region, auth, geo prefix, models) is `normalizeConfig`'s.
//
// Messages never quote a value of a secret field: only types and names.
import type { AwsCredentials, CredentialProvider } from '../aws/index.js';
import type { ModelFamily } from '../codecs/index.js';
import { ConfigurationError } from '../errors.js';
import { normalizeConfig, typeName } from './config.js';
import type { AssumeRoleConfig, BedrockConfigInput, BedrockProviderConfig, TimeoutConfig } from './config.js';

/** What `resolveConfig` accepts: a whole config document, the provider block, or JSON of either. */
export type ConfigDocument = string | Record<string, unknown> | BedrockConfigInput;

export interface ResolveConfigOptions {
  /** Which entry of `llm.providers` (default: `bedrock`, else the only entry with type bedrock). */
  name?: string;
  /** Default: `process.env` where it exists. */
  env?: Record<string, string | undefined>;
}

type Obj = Record<string, unknown>;

function fail(path: string, what: string): never {
  throw new ConfigurationError(`${path}: ${what}`);
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

function readFamilies(r: Reader): Record<string, ModelFamily> | undefined {
  // Each family is checked by normalizeConfig, which names it by its path here.
  return r.object('families') && (r.raw('families') as Record<string, ModelFamily>);
}

function readContentLimits(r: Reader): BedrockConfigInput['contentLimits'] {
  const t = r.object('contentLimits');
  if (!t) return undefined;
  const out: NonNullable<BedrockConfigInput['contentLimits']> = {};
  for (const k of ['documents', 'documentBytes', 'images', 'imageBytes'] as const) {
    const n = t.int(k, 1, Number.MAX_SAFE_INTEGER);
    if (n !== undefined) out[k] = n;
  }
  t.done();
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

/**
 * A config text that does not parse, said without quoting it: parser messages carry an excerpt of
 * the text (V8's JSON errors and `yaml`'s both), which may hold a key. Only the parser's error code
 * and the line and column are kept.
 */
export function syntaxError(format: 'JSON' | 'YAML', e: unknown, text: string): ConfigurationError {
  const err = e as { message?: unknown; code?: unknown; linePos?: Array<{ line: number; col: number }> };
  let where = '';
  const pos = err.linePos?.[0];
  if (pos) where = `line ${pos.line}, column ${pos.col}`;
  else {
    const at = /position (\d+)/.exec(String(err.message));
    if (at) {
      const before = text.slice(0, Number(at[1])).split('\n');
      where = `line ${before.length}, column ${before[before.length - 1].length + 1}`;
    }
  }
  let what = typeof err.code === 'string' ? err.code : 'syntax error';
  if (/alias/i.test(String(err.message))) what = 'unresolved or invalid alias';
  return new ConfigurationError(`config: invalid ${format} (${what}${where ? ` at ${where}` : ''})`);
}

function parseInput(input: ConfigDocument): Obj {
  if (typeof input === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(input);
    } catch (e) {
      throw syntaxError('JSON', e, input);
    }
    if (!isObj(parsed)) fail('config', `expected a JSON object, got ${typeName(parsed)}`);
    return parsed;
  }
  if (!isObj(input)) fail('config', `expected an object, got ${typeName(input)}`);
  return input as Obj;
}

/**
 * Reads a seed config document (see the top of this file) and normalises it with the environment
 * like `normalizeConfig`. The result is what `new BedrockProvider(...)` takes; resolving it again
 * gives the same config.
 */
export function resolveConfig(input: ConfigDocument = {}, options: ResolveConfigOptions = {}): BedrockProviderConfig {
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
  const geoRaw = r.raw('geoPrefix');
  const config: BedrockConfigInput = {
    name: r.string('name') ?? located.name,
    enabled: r.boolean('enabled'),
    region: r.string('region'),
    endpoint: r.string('endpoint') ?? r.string('endpointUrl'),
    credentials: readCredentials(r),
    apiKey: r.string('apiKey'),
    profile: r.string('profile'),
    assumeRole: readAssumeRole(r),
    authMode: r.string('authMode') as BedrockConfigInput['authMode'],
    crossRegionInference: r.boolean('crossRegionInference'),
    inferenceProfileArn: r.string('inferenceProfileArn'),
    geoPrefix: geoRaw === false ? false : (r.string('geoPrefix') as BedrockConfigInput['geoPrefix']),
    models: readModels(r),
    defaultModel: r.string('defaultModel'),
    healthCheckModel: r.string('healthCheckModel'),
    healthCheckMaxTokens: r.int('healthCheckMaxTokens', 1, 64),
    api: r.string('api') as BedrockConfigInput['api'],
    timeouts: readTimeouts(r),
    maxAttempts: r.int('maxAttempts', 1, 10),
    families: readFamilies(r),
    contentLimits: readContentLimits(r),
  };
  r.done();
  return normalizeConfig(config, { env: options.env, at: (field) => r.at(field) });
}

