// Provider configuration, as the core takes it: one typed camelCase object, merged with the AWS
// environment variables and normalised. Reading the seed's documents (YAML/JSON
// `llm.providers.bedrock`, snake_case, every field type-checked, unknown fields rejected) is
// `resolveConfig` in the `bedrock-wire/config` entry (config-doc.ts), which ends here: the core
// does not carry a document reader it rarely needs.
//
// Every error is a ConfigurationError naming the field (`region: expected an AWS region like
// us-east-1`). Messages never quote a value of a secret field: only types and names.
import { platform } from '#aws/platform';
import type { AwsCredentials, CredentialProvider } from '../aws/index.js';
import { safeEnv } from '../aws/env.js';
import type { ContentLimits, ModelFamily } from '../codecs/index.js';
import { ConfigurationError } from '../errors.js';
import { MODEL_FAMILIES } from '../codecs/index.js';
import { GEO_PREFIXES, geoForRegion } from './geo.js';
import type { GeoPrefix } from './geo.js';
import { findModel } from './models.js';

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

/** The normalised provider configuration (`provider.config`). */
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
  /**
   * Allow-list of model ids this provider serves; undefined = any. Any id or ARN: one no family
   * codec places (and not named under `families`) goes through Converse.
   */
  models?: string[];
  /**
   * Used when a request names no model. Default: the first text model of `models` (an embedding,
   * image or rerank model cannot answer a generate; an id the catalog does not know counts as text).
   */
  defaultModel?: string;
  /**
   * The model of the health check (a minimal generate). Default: the seed's
   * {@link DEFAULT_HEALTH_CHECK_MODEL} when `models` is unset or lists it; otherwise the default
   * model when it is a text model, else the first text model of `models` (the seed's model when
   * the list has none).
   */
  healthCheckModel: string;
  healthCheckMaxTokens: number;
  /** `invoke` = InvokeModel bodies per family; `converse` = the model-agnostic Converse API. */
  api: 'invoke' | 'converse';
  timeouts?: TimeoutConfig;
  maxAttempts?: number;
  /**
   * Family of ids the codecs cannot detect (application inference profile ARNs, custom models), for
   * the family's InvokeModel body. Optional: without one such an id goes through Converse.
   */
  families: Record<string, ModelFamily>;
  /**
   * Per-message limits on images and documents, checked before sending (YAML `content_limits`:
   * `documents`, `document_bytes`, `images`, `image_bytes`). Default: Bedrock's documented limits
   * ({@link DEFAULT_CONTENT_LIMITS}: 5 documents of 4.5 MB, 20 images of 3.75 MB); raise one when
   * AWS does, or for a model whose own body takes more.
   */
  contentLimits?: Partial<ContentLimits>;
}

/**
 * What `new BedrockProvider(config)` takes: any subset of {@link BedrockProviderConfig} (a
 * resolved config too: normalising is idempotent). `geoPrefix` may also be `auto` (from the
 * region) or `none`. For a seed config document use `resolveConfig` / `loadConfigFile` from
 * `bedrock-wire/config`.
 */
export type BedrockConfigInput = Omit<Partial<BedrockProviderConfig>, 'geoPrefix'> & { geoPrefix?: GeoPrefix | 'auto' | 'none' | false };

export interface NormalizeConfigOptions {
  /** Default: `process.env` where it exists. */
  env?: Record<string, string | undefined>;
  /** How errors name a field; `resolveConfig` passes the field's path in the document. */
  at?: (field: string) => string;
}

/** The seed's health check model: small, fast, widely enabled. */
export const DEFAULT_HEALTH_CHECK_MODEL = 'anthropic.claude-3-5-haiku-20241022-v1:0';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ARN = /^arn:aws[a-z-]*:bedrock:[a-z0-9-]*:\d*:[a-z-]+\/.+$/;
const FIELDS = new Set(
  'name enabled region endpoint credentials apiKey profile assumeRole authMode crossRegionInference inferenceProfileArn geoPrefix models defaultModel healthCheckModel healthCheckMaxTokens api timeouts maxAttempts families contentLimits'.split(' '),
);

function fail(path: string, what: string): never {
  throw new ConfigurationError(`${path}: ${what}`);
}

/** The JSON-ish type of a value, for messages that must not quote the value itself. */
export function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

function oneOf<T extends string>(path: string, value: unknown, allowed: readonly T[]): T | undefined {
  if (value !== undefined && !(allowed as readonly unknown[]).includes(value)) fail(path, `expected one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  return value as T | undefined;
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v;
}

/**
 * Validates and normalises a provider config and merges the environment into it. Precedence:
 * the config, then `AWS_REGION` / `AWS_DEFAULT_REGION` (then the region of the profile ARN),
 * `AWS_INFERENCE_PROFILE_ARN`. Auth from the environment (`AWS_BEARER_TOKEN_BEDROCK`,
 * `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY` [+ `AWS_SESSION_TOKEN`], `AWS_PROFILE`) is used
 * only when the config names no auth of its own, so a config file is never half-overridden.
 */
export function normalizeConfig(input: BedrockConfigInput = {}, options: NormalizeConfigOptions = {}): BedrockProviderConfig {
  // Reads never throw (Deno without --allow-env): a denied variable is unset.
  const env = safeEnv(options.env);
  const at = options.at ?? ((field: string) => field);
  if (typeof input !== 'object' || input === null || Array.isArray(input)) fail('config', `expected an object, got ${typeName(input)}`);
  for (const [k, v] of Object.entries(input)) {
    if (!FIELDS.has(k) && v !== undefined) fail(at(k), 'unknown field (fields are camelCase; read a seed config document with resolveConfig from bedrock-wire/config)');
  }
  const c = input;
  checkTypes(c as Record<string, unknown>, at);

  let inferenceProfileArn = c.inferenceProfileArn;
  const arnPath = inferenceProfileArn ? at('inferenceProfileArn') : 'AWS_INFERENCE_PROFILE_ARN';
  inferenceProfileArn ??= nonEmpty(env.AWS_INFERENCE_PROFILE_ARN);
  if (inferenceProfileArn !== undefined && !ARN.test(inferenceProfileArn)) {
    fail(arnPath, 'expected a Bedrock ARN (arn:aws:bedrock:<region>:<account>:inference-profile/<id> or application-inference-profile/<id>)');
  }

  const sources: Array<[string, string | undefined]> = [
    [at('region'), c.region],
    ['AWS_REGION', nonEmpty(env.AWS_REGION)],
    ['AWS_DEFAULT_REGION', nonEmpty(env.AWS_DEFAULT_REGION)],
    [arnPath, nonEmpty(inferenceProfileArn?.split(':')[3])],
  ];
  // Node only: the profile's region in the shared config files, as the AWS SDK reads it.
  if (sources.every(([, v]) => v === undefined)) {
    const file = platform.configFileRegion(options.env, c.profile ?? nonEmpty(env.AWS_PROFILE));
    if (file) sources.push([`region of profile "${file.profile}" in ${file.file}`, file.region]);
  }
  const [regionPath, region] = sources.find(([, v]) => v !== undefined) ?? [at('region'), undefined];
  if (!region) fail(at('region'), `missing: set it in the config, or ${platform.regionHelp}`);
  if (!REGION.test(region)) fail(regionPath, `expected an AWS region like us-east-1, got ${JSON.stringify(region)}`);

  const endpoint = c.endpoint;
  if (endpoint !== undefined && !URL.canParse(endpoint)) fail(at('endpoint'), 'expected an absolute URL');

  let { credentials, apiKey, profile } = c;
  const assumeRole = c.assumeRole;
  if (credentials && typeof credentials !== 'function' && !(credentials.accessKeyId && credentials.secretAccessKey)) {
    fail(at('credentials'), 'expected accessKeyId and secretAccessKey (or a credential provider function)');
  }
  const authMode = oneOf(at('authMode'), c.authMode, ['auto', 'bearer', 'sigv4'] as const) ?? 'auto';
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
      credentials = { accessKeyId: id, secretAccessKey: secret, ...(token && { sessionToken: token }) };
    }
  }
  if (authMode === 'bearer' && !apiKey) fail(at('authMode'), 'bearer needs an API key (apiKey / api_key) or AWS_BEARER_TOKEN_BEDROCK');

  // An ARN given without the flag means the caller wants it used; an explicit `false` turns it off.
  const crossRegionInference = c.crossRegionInference ?? inferenceProfileArn !== undefined;

  const geoRaw = c.geoPrefix;
  let geoPrefix: GeoPrefix | undefined;
  if (geoRaw !== false && geoRaw !== 'none') {
    // Cross-region inference without a profile ARN means geo-prefixed profile ids.
    const want = oneOf(at('geoPrefix'), geoRaw, ['auto', ...GEO_PREFIXES] as const) ?? (crossRegionInference ? 'auto' : undefined);
    if (want === 'auto') {
      try {
        geoPrefix = geoForRegion(region);
      } catch (e) {
        fail(at('geoPrefix'), (e as Error).message.replace(/^geo_prefix: /, ''));
      }
    } else geoPrefix = want;
  }

  const models = c.models;
  if (models !== undefined && !Array.isArray(models)) fail(at('models'), `expected a list of model ids, got ${typeName(models)}`);
  const families = c.families ?? {};
  for (const [id, family] of Object.entries(families)) {
    if (!MODEL_FAMILIES.includes(family)) fail(`${at('families')}.${id}`, `expected one of ${MODEL_FAMILIES.join(', ')}, got ${JSON.stringify(family)}`);
  }
  // Any id may be allow-listed: one no family codec can place (qwen, kimi, an application-profile
  // ARN not named under families) is served through Converse, which is model-agnostic.
  models?.forEach((id, i) => {
    if (id.trim() === '') fail(`${at('models')}[${i}]`, 'expected a model id, got an empty string');
  });

  // Generate needs a text model: the first of the list that is one (ids the catalog does not know
  // are taken as text; they go through Converse).
  const isText = (id: string) => findModel(id)?.capabilities.includes('text_generation') ?? true;
  const firstText = models?.find(isText);
  const defaultModel = c.defaultModel ?? firstText ?? models?.[0];
  const healthModel =
    !models || models.includes(DEFAULT_HEALTH_CHECK_MODEL)
      ? DEFAULT_HEALTH_CHECK_MODEL
      : defaultModel !== undefined && isText(defaultModel)
        ? defaultModel
        : (firstText ?? DEFAULT_HEALTH_CHECK_MODEL);

  const config: BedrockProviderConfig = {
    name: c.name ?? 'bedrock',
    enabled: c.enabled ?? true,
    region,
    authMode,
    crossRegionInference,
    healthCheckModel: c.healthCheckModel ?? healthModel,
    healthCheckMaxTokens: c.healthCheckMaxTokens ?? 5,
    api: oneOf(at('api'), c.api, ['invoke', 'converse'] as const) ?? 'invoke',
    families,
  };
  const optional = {
    endpoint, credentials, apiKey, profile, assumeRole, inferenceProfileArn, geoPrefix, models, defaultModel, timeouts: c.timeouts, maxAttempts: c.maxAttempts,
    contentLimits: contentLimits(c.contentLimits, at),
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined && v !== '') (config as unknown as Record<string, unknown>)[k] = v;
  return config;
}

const LIMITS: ReadonlyArray<keyof ContentLimits> = ['documents', 'documentBytes', 'images', 'imageBytes'];

function contentLimits(v: unknown, at: (field: string) => string): Partial<ContentLimits> | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(at('contentLimits'), `expected an object, got ${typeName(v)}`);
  const out: Partial<ContentLimits> = {};
  for (const [k, n] of Object.entries(v)) {
    if (!(LIMITS as string[]).includes(k)) fail(`${at('contentLimits')}.${k}`, `unknown limit (${LIMITS.join(', ')})`);
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) fail(`${at('contentLimits')}.${k}`, `expected a positive integer, got ${typeof n === 'number' ? n : typeName(n)}`);
    out[k as keyof ContentLimits] = n;
  }
  return out;
}

const STRINGS = 'name region apiKey profile inferenceProfileArn defaultModel healthCheckModel'.split(' ');

/** Types before meaning: `enabled: "false"` or `name: 5` is an error naming the field, values never quoted. */
function checkTypes(c: Record<string, unknown>, at: (field: string) => string): void {
  for (const k of STRINGS) if (c[k] !== undefined && typeof c[k] !== 'string') fail(at(k), `expected a string, got ${typeName(c[k])}`);
  for (const k of ['enabled', 'crossRegionInference']) if (c[k] !== undefined && typeof c[k] !== 'boolean') fail(at(k), `expected true or false, got ${typeName(c[k])}`);
  const n = c.healthCheckMaxTokens;
  if (n !== undefined && (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 100_000)) {
    fail(at('healthCheckMaxTokens'), `expected an integer from 1 to 100000, got ${typeof n === 'number' ? n : typeName(n)}`);
  }
  const models = c.models;
  if (Array.isArray(models)) models.forEach((id, i) => typeof id !== 'string' && fail(`${at('models')}[${i}]`, `expected a model id, got ${typeName(id)}`));
  const f = c.families;
  if (f !== undefined && (typeof f !== 'object' || f === null || Array.isArray(f))) fail(at('families'), `expected an object, got ${typeName(f)}`);
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
