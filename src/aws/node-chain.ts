// The AWS default credential chain for Node, ours: the order and behaviour of the SDK v3's
// `fromNodeProviderChain` (@aws-sdk/credential-provider-node and the providers it calls, which are
// the spec; test/aws/chain-oracle.test.ts runs both against the same loopback fakes):
//   1. env keys (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY[/AWS_SESSION_TOKEN/AWS_CREDENTIAL_EXPIRATION]),
//      skipped when a profile is named;
//   2. the profile in the shared files: role_arn (source_profile | credential_source) through STS
//      AssumeRole, static keys, role_arn + web_identity_token_file, credential_process, SSO;
//   3. web identity from env (AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN);
//   4. container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI);
//   5. EC2 instance metadata (IMDSv2, v1 fallback as the SDK).
// Where we differ, on purpose: a source that IS configured but fails (a bad profile, an STS
// refusal, a failing process, an expired SSO session) is a ConfigurationError naming the source
// and the profile at once, where the SDK often goes on down the chain and ends in "Could not load
// credentials from any providers"; `login_session` profiles (`aws login`) are refused with what to
// do instead; role session names are `bedrock-wire-<ms>`. No message carries a secret: keys,
// tokens and process output never enter one, and what a service says is masked by value.
// Node only: platform-node.ts imports this module on first use.
//
// It imports no module of the core, only types: what it uses of the core (the error class, the
// secret masker, the signer, env and config readers) is handed in by platform-node.ts through
// `use()` when it loads this module (the signer from chain.ts, through it). A bundler that splits chunks groups modules by which entries reach them;
// a lazy chunk that also reached the core's modules split the up-front chunks into more files
// (+1.3 KB gzip up front with esbuild --splitting, measured).
import { exec } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigurationError as ConfigurationErrorClass } from '../errors.js';
import type { Secrets as SecretsClass } from '../redact.js';
import type { AwsCredentials, CredentialProvider } from './credentials.js';
import type { Env } from './env.js';
import { jsonObject, send, xmlText, type HttpResponse } from './node-http.js';
import type { AwsPlatform } from './platform.js';
import type { SharedConfig } from './shared-config.js';
import type { createSigner as CreateSigner } from './signer.js';

/** What the chain uses of the core (platform-node.ts passes it to `use`). */
export interface ChainKit {
  ConfigurationError: typeof ConfigurationErrorClass;
  Secrets: typeof SecretsClass;
  createSigner: typeof CreateSigner;
  /** error-shape.ts `mask`. */
  mask: (text: string) => string;
  readEnv: (env: Env | undefined, name: string) => string | undefined;
  envRegion: (env: Env | undefined) => string | undefined;
  configFileRegion: AwsPlatform['configFileRegion'];
  loadSharedConfig: (env: Env | undefined) => SharedConfig;
}

let ConfigurationError: ChainKit['ConfigurationError'];
let Secrets: ChainKit['Secrets'];
let createSigner: ChainKit['createSigner'];
let mask: ChainKit['mask'];
let readEnv: ChainKit['readEnv'];
let envRegion: ChainKit['envRegion'];
let configFileRegion: ChainKit['configFileRegion'];
let loadSharedConfig: ChainKit['loadSharedConfig'];

/** What to set when the chain finds nothing (after the list of sources tried). */
const HOW_TO_FIX =
  'set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary keys), ' +
  'AWS_PROFILE with a profile in ~/.aws/config or ~/.aws/credentials (run `aws sso login` for SSO profiles), ' +
  'AWS_BEARER_TOKEN_BEDROCK or the apiKey option for a Bedrock API key, or pass credentials explicitly';

/** Hands the chain what it uses of the core; called by platform-node.ts before any other export is used. */
export function use(kit: ChainKit): void {
  ({ ConfigurationError, Secrets, createSigner, mask, readEnv, envRegion, configFileRegion, loadSharedConfig } = kit);
}

export interface ChainOptions {
  /** Profile (else `AWS_PROFILE`, else `default`). */
  profile?: string | undefined;
  /** The calling client's region: STS's region when the profile names none (as the SDK's caller config). */
  region?: string | undefined;
  /** Default `process.env`. */
  env?: Env | undefined;
}

type Profile = Record<string, string>;

interface Context {
  env: Env | undefined;
  shared: SharedConfig;
  /** The profile the chain was asked for (named or `default`). */
  profile: string;
  region: string | undefined;
  /** STS region for AssumeRole: the first role profile's `region`, fixed on first use (the SDK's one role assumer). */
  roleRegion?: string;
  secrets: SecretsClass;
  /** Per chain: set once a metadata token request was refused with 403/404/405, IMDSv1 from then on (the SDK's `disableFetchToken`). */
  state: { imdsV1Only: boolean };
}

/** Timeouts and retries as the SDK's: 1 s for metadata endpoints, container calls retried 3 times 1 s apart. */
export const timing = { metadataMs: 1000, containerRetries: 3, containerDelayMs: 1000, serviceMs: 10_000 };

const fail = (message: string, cause?: unknown): ConfigurationErrorClass => new ConfigurationError(message, cause === undefined ? {} : { cause });

/** The default chain: a provider that runs it on each call (wrap it in `cachedCredentials`). */
export function nodeChain(options: ChainOptions = {}): CredentialProvider {
  const state = { imdsV1Only: false };
  return () => resolveChain(options, state);
}

async function resolveChain(options: ChainOptions, state: Context['state']): Promise<AwsCredentials> {
  const env = options.env;
  const named = options.profile?.trim() || readEnv(env, 'AWS_PROFILE');
  const tried: string[] = [];

  // 1. Environment keys, unless a profile is named (the SDK's fromEnv guard).
  if (named) tried.push(`environment keys: skipped, a profile is named`);
  else {
    const keys = envKeys(env);
    if (keys) return keys;
    tried.push('environment keys: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY not set');
  }

  // 2. The shared config profile.
  const shared = loadSharedConfig(env);
  const ctx: Context = { env, shared, profile: named ?? 'default', region: options.region, secrets: new Secrets(), state };
  if (!shared.profiles[ctx.profile]) tried.push(`profile "${ctx.profile}": not found in ${shared.configFile} or ${shared.credentialsFile}`);
  else {
    const found = await fromProfile(ctx, [ctx.profile]);
    if (found) return found;
    tried.push(`profile "${ctx.profile}": no credentials in it (aws_access_key_id, role_arn, credential_process, sso_session, ...)`);
  }

  // 3. Web identity from the environment.
  const tokenFile = readEnv(env, 'AWS_WEB_IDENTITY_TOKEN_FILE');
  const roleArn = readEnv(env, 'AWS_ROLE_ARN');
  if (tokenFile && roleArn) return webIdentity(ctx, tokenFile, roleArn, readEnv(env, 'AWS_ROLE_SESSION_NAME'), 'AWS_WEB_IDENTITY_TOKEN_FILE');
  tried.push('web identity: AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN not both set');

  // 4. Container credentials; 5. instance metadata (only when no container endpoint is set, as the SDK).
  if (readEnv(env, 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI') || readEnv(env, 'AWS_CONTAINER_CREDENTIALS_FULL_URI')) return container(ctx, 'container credentials');
  tried.push('container credentials: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI not set');
  const disabled = readEnv(env, 'AWS_EC2_METADATA_DISABLED');
  if (disabled && disabled !== 'false') tried.push('EC2 instance metadata: disabled by AWS_EC2_METADATA_DISABLED');
  else {
    try {
      return await instanceMetadata(ctx);
    } catch (error) {
      if (error instanceof ConfigurationError) throw error;
      tried.push(`EC2 instance metadata: ${(error as Error).message}`);
    }
  }
  const which = named ? ` (profile "${named}")` : '';
  throw fail(`No AWS credentials found by the default chain${which}. Tried: ${tried.join('; ')}. To fix: ${HOW_TO_FIX}.`);
}

function envKeys(env: Env | undefined): AwsCredentials | undefined {
  const accessKeyId = readEnv(env, 'AWS_ACCESS_KEY_ID');
  const secretAccessKey = readEnv(env, 'AWS_SECRET_ACCESS_KEY');
  if (!accessKeyId || !secretAccessKey) return undefined;
  return keys(accessKeyId, secretAccessKey, readEnv(env, 'AWS_SESSION_TOKEN'), readEnv(env, 'AWS_CREDENTIAL_EXPIRATION'));
}

function keys(accessKeyId: string, secretAccessKey: string, sessionToken?: unknown, expiration?: unknown): AwsCredentials {
  const c: AwsCredentials = { accessKeyId, secretAccessKey };
  if (typeof sessionToken === 'string' && sessionToken) c.sessionToken = sessionToken;
  if (expiration !== undefined && expiration !== null && expiration !== '') c.expiration = new Date(expiration as string);
  return c;
}

// ---------------------------------------------------------------------------------------------
// Profiles (@aws-sdk/credential-provider-ini resolveProfileData)

/**
 * Credentials of `path`'s last profile, or `undefined` when it holds no credential settings.
 * `path[0]` is the profile asked for, the rest the source_profile chain followed so far.
 */
async function fromProfile(ctx: Context, path: string[], viaCredentialSource = false): Promise<AwsCredentials | undefined> {
  const name = path[path.length - 1];
  const p: Profile | undefined = ctx.shared.profiles[name];
  const where = path.length > 1 ? `profile "${path[0]}" (source_profile "${name}")` : `profile "${name}"`;
  if (!p) throw fail(`${where}: not found in ${ctx.shared.configFile} or ${ctx.shared.credentialsFile}`);
  const isStatic = p.aws_access_key_id !== undefined && p.aws_secret_access_key !== undefined;
  if (path.length > 1 && isStatic) return keys(p.aws_access_key_id, p.aws_secret_access_key, p.aws_session_token);
  const hasSource = p.source_profile !== undefined;
  const hasCredentialSource = p.credential_source !== undefined;
  if (viaCredentialSource || (p.role_arn !== undefined && hasSource !== hasCredentialSource)) return roleProfile(ctx, path, p, where);
  if (isStatic) return keys(p.aws_access_key_id, p.aws_secret_access_key, p.aws_session_token);
  if (p.role_arn !== undefined && p.web_identity_token_file !== undefined) {
    return webIdentity(ctx, p.web_identity_token_file, p.role_arn, p.role_session_name, where);
  }
  if (p.credential_process !== undefined) return processCredentials(p.credential_process, where);
  if (p.sso_start_url !== undefined || p.sso_account_id !== undefined || p.sso_session !== undefined || p.sso_region !== undefined || p.sso_role_name !== undefined) {
    return sso(ctx, p, name, where);
  }
  if (p.login_session !== undefined) {
    throw fail(
      `${where} uses login_session (\`aws login\`), which bedrock-wire does not read: use an SSO profile (\`aws configure sso\`), ` +
        `or credential_process = aws configure export-credentials --profile ${name} --format process, or pass credentials`,
    );
  }
  // The SDK skips such a profile as holding no credentials; a role_arn says the user meant one.
  if (p.role_arn !== undefined) throw fail(`${where}: role_arn needs exactly one of source_profile or credential_source`);
  return undefined;
}

async function roleProfile(ctx: Context, path: string[], p: Profile, where: string): Promise<AwsCredentials> {
  const source = p.source_profile;
  // Regions and the refusal of MFA first: no I/O for a call that cannot succeed.
  ctx.roleRegion ??= p.region ?? stsDefaultRegion(ctx);
  if (p.role_arn !== undefined && p.mfa_serial !== undefined) {
    throw fail(`${where}: mfa_serial is set, and an MFA token code cannot be asked for non-interactively; use an SSO profile, or assume the role first (e.g. \`aws sts assume-role\`) and pass the temporary credentials`);
  }
  let base: AwsCredentials | undefined;
  if (source !== undefined) {
    // The profile asked for may name itself (its own static keys); any other repeat is a cycle.
    if (path.slice(1).includes(source)) throw fail(`${where}: source_profile cycle ${[...path, source].map((n) => `"${n}"`).join(' -> ')}`);
    const sourceProfile: Profile = ctx.shared.profiles[source] ?? {};
    base = await fromProfile(ctx, [...path, source], sourceProfile.role_arn === undefined && sourceProfile.credential_source !== undefined);
    if (!base) throw fail(`${where}: source_profile "${source}" holds no credentials`);
  } else {
    base = await credentialSource(ctx, p.credential_source!, where);
  }
  if (p.role_arn === undefined) return base;
  try {
    return await assumeRole(ctx, base, {
      RoleArn: p.role_arn,
      RoleSessionName: p.role_session_name || sessionName(),
      DurationSeconds: String(parseInt(p.duration_seconds || '3600', 10)),
      ExternalId: p.external_id,
    }, ctx.roleRegion, undefined);
  } catch (error) {
    throw wrap(error, `${where}: `);
  }
}

async function credentialSource(ctx: Context, source: string, where: string): Promise<AwsCredentials> {
  if (source === 'Environment') {
    const found = envKeys(ctx.env);
    if (!found) throw fail(`${where}: credential_source Environment, but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set`);
    return found;
  }
  if (source === 'Ec2InstanceMetadata') {
    try {
      return await instanceMetadata(ctx);
    } catch (error) {
      throw wrap(error, `${where}: credential_source Ec2InstanceMetadata: `);
    }
  }
  if (source === 'EcsContainer') return container(ctx, `${where}: credential_source EcsContainer`);
  throw fail(`${where}: unsupported credential_source ${JSON.stringify(source.slice(0, 40))} (expected EcsContainer, Ec2InstanceMetadata or Environment)`);
}

/** A failure as a ConfigurationError prefixed with where it happened (ConfigurationErrors already say where). */
function wrap(error: unknown, prefix: string): ConfigurationErrorClass {
  return error instanceof ConfigurationError ? error : fail(`${prefix}${error instanceof Error ? error.message : String(error)}`, error);
}

const sessionName = (): string => `bedrock-wire-${Date.now()}`;

// ---------------------------------------------------------------------------------------------
// STS (AssumeRole signed with our SigV4 signer; AssumeRoleWithWebIdentity unsigned)

/** STS's region when the profile names none: the caller's, AWS_REGION, the profile's config region, else us-east-1 (the SDK's). */
function stsDefaultRegion(ctx: Context): string {
  return ctx.region || envRegion(ctx.env) || configFileRegion(ctx.env, ctx.profile)?.region || 'us-east-1';
}

/**
 * The endpoint the shared config names for `service` (the SDK's configured endpoints):
 * AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the profile's `services` section, its `endpoint_url`.
 */
function configuredEndpoint(ctx: Context, service: 'STS' | 'SSO' | 'SSO OIDC'): string | undefined {
  const p: Profile = ctx.shared.profiles[ctx.profile] ?? {};
  if ((readEnv(ctx.env, 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS') ?? p.ignore_configured_endpoint_urls) === 'true') return undefined;
  const fromEnv = readEnv(ctx.env, `AWS_ENDPOINT_URL_${service.replace(' ', '_')}`) ?? readEnv(ctx.env, 'AWS_ENDPOINT_URL');
  if (fromEnv) return fromEnv;
  const services = p.services === undefined ? undefined : ctx.shared.config[`services.${p.services}`];
  return services?.[`${service.toLowerCase().replace(' ', '_')}.endpoint_url`] ?? p.endpoint_url;
}

/** A service's regional endpoint (`.amazonaws.com.cn` in China), as the SDK's endpoint rules give them for the aws, aws-cn and aws-us-gov partitions. */
export function defaultEndpoint(host: 'sts' | 'portal.sso' | 'oidc', region: string): string {
  return `https://${host}.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}

function serviceUrl(ctx: Context, service: 'STS' | 'SSO' | 'SSO OIDC', host: 'sts' | 'portal.sso' | 'oidc', region: string, path: string): URL {
  const base = configuredEndpoint(ctx, service) ?? defaultEndpoint(host, region);
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw fail(`the ${service} endpoint ${JSON.stringify(base.slice(0, 80))} is not a URL`);
  }
  if (!/^[a-z0-9-]+$/.test(region)) throw fail(`invalid region ${JSON.stringify(region.slice(0, 40))} for ${service}`);
  return new URL(url.pathname.replace(/\/$/, '') + path, url);
}

type StsParams = Record<string, string | undefined>;

async function assumeRole(ctx: Context | undefined, base: AwsCredentials, params: StsParams, region: string, endpoint: string | undefined): Promise<AwsCredentials> {
  const secrets = ctx?.secrets ?? new Secrets();
  secrets.add(base.secretAccessKey, base.sessionToken);
  return sts('AssumeRole', params, region, endpoint ?? (ctx ? serviceUrl(ctx, 'STS', 'sts', region, '/').href : `https://sts.${region}.amazonaws.com/`), secrets, base);
}

async function webIdentity(ctx: Context, file: string, roleArn: string, name: string | undefined, where: string): Promise<AwsCredentials> {
  let token: string;
  try {
    token = readFileSync(file, 'ascii');
  } catch (error) {
    throw fail(`${where}: cannot read the web identity token file ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  ctx.secrets.add(token, token.trim());
  const region = stsDefaultRegion(ctx);
  try {
    return await sts('AssumeRoleWithWebIdentity', { RoleArn: roleArn, RoleSessionName: name || sessionName(), WebIdentityToken: token }, region, serviceUrl(ctx, 'STS', 'sts', region, '/').href, ctx.secrets);
  } catch (error) {
    throw wrap(error, `${where}: `);
  }
}

/** One STS Query call; `base` signs it (service sts), else it goes unsigned. */
async function sts(action: string, params: StsParams, region: string, endpoint: string, secrets: SecretsClass, base?: AwsCredentials): Promise<AwsCredentials> {
  const url = new URL(endpoint);
  let body = `Action=${action}&Version=2011-06-15`;
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') body += `&${k}=${encodeURIComponent(v)}`;
  let headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (base) {
    const signer = createSigner({ type: 'sigv4', credentials: async () => base, source: 'explicit' }, { region, service: 'sts', secrets });
    headers = await signer.sign({ method: 'POST', url, headers, body });
  }
  const failure = `${action} of ${params.RoleArn} failed: `;
  const res = await call(url, { method: 'POST', headers, body }, timing.serviceMs, secrets).catch((e: Error) => {
    throw new Error(failure + e.message);
  });
  if (res.status !== 200) throw new Error(failure + serviceError(res, secrets));
  const accessKeyId = xmlText(res.body, 'AccessKeyId');
  const secretAccessKey = xmlText(res.body, 'SecretAccessKey');
  if (!accessKeyId || !secretAccessKey) throw new Error(`${failure}STS answered without credentials`);
  secrets.add(secretAccessKey);
  return keys(accessKeyId, secretAccessKey, xmlText(res.body, 'SessionToken'), xmlText(res.body, 'Expiration'));
}

/** `send`, with a transport failure's message masked (it names only the host, but the host is the caller's). */
async function call(url: URL, init: { method?: string; headers?: Record<string, string>; body?: string }, timeoutMs: number, secrets: SecretsClass): Promise<HttpResponse> {
  try {
    return await send(url, { ...init, timeoutMs });
  } catch (error) {
    throw new Error(secrets.redact((error as Error).message));
  }
}

/** `Code: Message` of an STS (XML) or SSO (JSON) error reply, masked; else the status. */
function serviceError(res: HttpResponse, secrets: SecretsClass): string {
  const json = jsonObject(res.body);
  const header = res.headers['x-amzn-errortype'];
  const code = xmlText(res.body, 'Code') ?? (typeof header === 'string' ? header.split(':')[0] : undefined) ?? (json?.__type as string | undefined)?.split('#').pop() ?? (json?.error as string | undefined);
  const message = xmlText(res.body, 'Message') ?? ((json?.message ?? json?.Message ?? json?.error_description) as string | undefined);
  // Masked whole, then cut: a secret cut in two would no longer match.
  const text = mask(secrets.redact([code, message].filter((s) => typeof s === 'string' && s).join(': '))) || `HTTP ${res.status}`;
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/**
 * The `assumeRole` option: STS AssumeRole with `base`, at `stsEndpoint`, else the configured STS
 * endpoint (AWS_ENDPOINT_URL_STS, ...), else `https://sts.<region>.amazonaws.com`. Errors read
 * `AssumeRole of <arn> failed: <STS code: message>`, masked.
 */
export async function assumeRoleWith(
  base: AwsCredentials,
  options: { roleArn: string; sessionName?: string | undefined; durationSeconds?: number | undefined; externalId?: string | undefined; stsEndpoint?: string | undefined },
  region: string | undefined,
  secrets: SecretsClass,
  env?: Env,
): Promise<AwsCredentials> {
  const ctx: Context = { env, shared: loadSharedConfig(env), profile: readEnv(env, 'AWS_PROFILE') ?? 'default', region, secrets, state: { imdsV1Only: false } };
  const r = region || stsDefaultRegion(ctx);
  const endpoint = options.stsEndpoint ?? serviceUrl(ctx, 'STS', 'sts', r, '/').href;
  const params: StsParams = {
    RoleArn: options.roleArn,
    RoleSessionName: options.sessionName ?? sessionName(),
    DurationSeconds: options.durationSeconds === undefined ? undefined : String(options.durationSeconds),
    ExternalId: options.externalId,
  };
  try {
    return await assumeRole(ctx, base, params, r, endpoint);
  } catch (error) {
    throw wrap(error, '');
  }
}

// ---------------------------------------------------------------------------------------------
// credential_process (@aws-sdk/credential-provider-process)

function processCredentials(command: string, where: string): Promise<AwsCredentials> {
  return new Promise((resolve, reject) => {
    // Through the shell, as the SDK (child_process.exec); stdout is never quoted in an error.
    exec(command, { maxBuffer: 1024 * 1024, windowsHide: true }, (error, stdout) => {
      if (error) {
        const why = error.killed ? 'was stopped' : typeof error.code === 'number' ? `exited with code ${error.code}` : `could not run (${error.code ?? 'error'})`;
        return reject(fail(`${where}: credential_process ${why}`));
      }
      const data = jsonObject(String(stdout).trim());
      if (!data) return reject(fail(`${where}: credential_process did not print a JSON object`));
      if (data.Version !== 1) return reject(fail(`${where}: credential_process did not return Version 1`));
      if (typeof data.AccessKeyId !== 'string' || typeof data.SecretAccessKey !== 'string') {
        return reject(fail(`${where}: credential_process returned no AccessKeyId/SecretAccessKey`));
      }
      if (data.Expiration && new Date(data.Expiration as string).getTime() < Date.now()) {
        return reject(fail(`${where}: credential_process returned expired credentials`));
      }
      resolve(keys(data.AccessKeyId, data.SecretAccessKey, data.SessionToken, data.Expiration || undefined));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// IAM Identity Center (@aws-sdk/credential-provider-sso, @aws-sdk/token-providers fromSso)

/** When a token was last refreshed, per session: one attempt per 30 s (the SDK's). */
const lastRefresh = new Map<string, number>();

async function sso(ctx: Context, profile: Profile, name: string, where: string): Promise<AwsCredentials> {
  const p = { ...profile };
  const session = p.sso_session;
  if (session !== undefined) {
    const s = ctx.shared.config[`sso-session.${session}`];
    if (!s) throw fail(`${where}: sso-session "${session}" not found in ${ctx.shared.configFile}`);
    for (const key of ['sso_start_url', 'sso_region']) if (!s[key]) throw fail(`${where}: sso-session "${session}" has no ${key}`);
    if (p.sso_region && p.sso_region !== s.sso_region) throw fail(`${where}: sso_region conflicts with sso-session "${session}"`);
    if (p.sso_start_url && p.sso_start_url !== s.sso_start_url) throw fail(`${where}: sso_start_url conflicts with sso-session "${session}"`);
    p.sso_region = s.sso_region;
    p.sso_start_url = s.sso_start_url;
  }
  const missing = ['sso_start_url', 'sso_account_id', 'sso_region', 'sso_role_name'].filter((k) => !p[k]);
  if (missing.length) throw fail(`${where}: incomplete SSO settings, missing ${missing.join(', ')}`);
  const login = `run \`aws sso login --profile ${name}\``;
  const cacheFile = join(ctx.shared.home, '.aws', 'sso', 'cache', `${createHash('sha1').update(session ?? p.sso_start_url).digest('hex')}.json`);
  let cached: Record<string, unknown> | undefined;
  try {
    cached = jsonObject(readFileSync(cacheFile, 'utf8'));
  } catch {}
  if (typeof cached?.accessToken !== 'string' || !cached.expiresAt) throw fail(`${where}: no valid SSO token in ${cacheFile}: ${login}`);
  let token = cached.accessToken;
  let expires = new Date(cached.expiresAt as string).getTime();
  ctx.secrets.add(token, cached.refreshToken, cached.clientSecret);
  // sso_session tokens are refreshed within 5 minutes of expiry when the cache holds a refresh token (legacy ones are not).
  if (session !== undefined && expires - Date.now() <= 5 * 60_000 && Date.now() - (lastRefresh.get(session) ?? 0) >= 30_000) {
    if (typeof cached.clientId === 'string' && typeof cached.clientSecret === 'string' && typeof cached.refreshToken === 'string') {
      lastRefresh.set(session, Date.now());
      try {
        const url = serviceUrl(ctx, 'SSO OIDC', 'oidc', p.sso_region, '/token');
        const body = JSON.stringify({ clientId: cached.clientId, clientSecret: cached.clientSecret, grantType: 'refresh_token', refreshToken: cached.refreshToken });
        const res = await call(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }, timing.serviceMs, ctx.secrets);
        const fresh = res.status === 200 ? jsonObject(res.body) : undefined;
        if (typeof fresh?.accessToken === 'string' && typeof fresh.expiresIn === 'number') {
          ctx.secrets.add(fresh.accessToken, fresh.refreshToken);
          token = fresh.accessToken;
          expires = Date.now() + fresh.expiresIn * 1000;
          try {
            writeFileSync(cacheFile, JSON.stringify({ ...cached, accessToken: token, expiresAt: new Date(expires).toISOString(), refreshToken: fresh.refreshToken }, null, 2));
          } catch {}
        }
      } catch {
        // As the SDK: a failed refresh falls back to the token read, if it is still valid.
      }
    }
  }
  if (!(expires > Date.now())) throw fail(`${where}: the SSO session has expired: ${login}`);
  const url = serviceUrl(ctx, 'SSO', 'portal.sso', p.sso_region, '/federation/credentials');
  url.search = `account_id=${encodeURIComponent(p.sso_account_id)}&role_name=${encodeURIComponent(p.sso_role_name)}`;
  const res = await call(url, { headers: { 'x-amz-sso_bearer_token': token } }, timing.serviceMs, ctx.secrets).catch((e: Error) => {
    throw fail(`${where}: SSO GetRoleCredentials failed: ${e.message}`);
  });
  if (res.status !== 200) throw fail(`${where}: SSO GetRoleCredentials failed: ${serviceError(res, ctx.secrets)}${res.status === 401 ? ` (${login})` : ''}`);
  const c = jsonObject(res.body)?.roleCredentials as Record<string, unknown> | undefined;
  if (!c || typeof c.accessKeyId !== 'string' || typeof c.secretAccessKey !== 'string' || !c.sessionToken || !c.expiration) {
    throw fail(`${where}: SSO returned invalid temporary credentials`);
  }
  return keys(c.accessKeyId, c.secretAccessKey, c.sessionToken, c.expiration);
}

// ---------------------------------------------------------------------------------------------
// Container credentials (@aws-sdk/credential-provider-http fromHttp)

async function container(ctx: Context, where: string): Promise<AwsCredentials> {
  const relative = readEnv(ctx.env, 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI');
  const full = readEnv(ctx.env, 'AWS_CONTAINER_CREDENTIALS_FULL_URI');
  if (!relative && !full) throw fail(`${where}: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or AWS_CONTAINER_CREDENTIALS_FULL_URI is not set`);
  let url: URL;
  try {
    url = new URL(relative ? `http://169.254.170.2${relative}` : full!);
  } catch {
    throw fail(`${where}: AWS_CONTAINER_CREDENTIALS_FULL_URI is not a URL`);
  }
  const host = url.hostname;
  const allowed =
    url.protocol === 'https:' ||
    ['169.254.170.2', '169.254.170.23', '[fd00:ec2::23]', 'localhost', '[::1]'].includes(host) ||
    /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(host);
  if (!allowed) throw fail(`${where}: ${host} is not allowed for container credentials (https, loopback, 169.254.170.2, 169.254.170.23 or [fd00:ec2::23] only)`);
  const tokenFile = readEnv(ctx.env, 'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE');
  let last = '';
  for (let attempt = 0; attempt <= timing.containerRetries; attempt++) {
    if (attempt) await new Promise((r) => setTimeout(r, timing.containerDelayMs));
    let token: string | undefined;
    try {
      token = tokenFile ? readFileSync(tokenFile, 'utf8') : readEnv(ctx.env, 'AWS_CONTAINER_AUTHORIZATION_TOKEN');
    } catch (error) {
      last = `cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
      continue;
    }
    if (token?.includes('\r\n')) throw fail(`${where}: the authorization token contains \\r\\n`);
    ctx.secrets.add(token);
    try {
      const res = await call(url, { headers: token ? { authorization: token } : {} }, timing.metadataMs, ctx.secrets);
      const c = res.status === 200 ? jsonObject(res.body) : undefined;
      if (res.status !== 200) last = `${url.host} answered HTTP ${res.status}`;
      else if (typeof c?.AccessKeyId !== 'string' || typeof c.SecretAccessKey !== 'string' || typeof c.Token !== 'string' || typeof c.Expiration !== 'string') {
        last = `${url.host} answered without AccessKeyId, SecretAccessKey, Token and Expiration`;
      } else return keys(c.AccessKeyId, c.SecretAccessKey, c.Token, c.Expiration);
    } catch (error) {
      last = (error as Error).message;
    }
  }
  throw fail(`${where}: ${last} (${timing.containerRetries + 1} attempts)`);
}

// ---------------------------------------------------------------------------------------------
// EC2 instance metadata (@smithy/credential-provider-imds fromInstanceMetadata)

const CREDENTIALS_PATH = '/latest/meta-data/iam/security-credentials/';

/** Plain `Error`s when there is no instance metadata (the chain's last source: "not found"). */
async function instanceMetadata(ctx: Context): Promise<AwsCredentials> {
  const p: Profile = ctx.shared.profiles[ctx.profile] ?? {};
  const mode = readEnv(ctx.env, 'AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE') ?? p.ec2_metadata_service_endpoint_mode ?? 'IPv4';
  let endpoint = readEnv(ctx.env, 'AWS_EC2_METADATA_SERVICE_ENDPOINT') ?? p.ec2_metadata_service_endpoint;
  if (!endpoint) {
    if (mode !== 'IPv4' && mode !== 'IPv6') throw fail(`EC2 instance metadata: unsupported endpoint mode ${JSON.stringify(mode.slice(0, 20))} (IPv4 or IPv6)`);
    endpoint = mode === 'IPv6' ? 'http://[fd00:ec2::254]' : 'http://169.254.169.254';
  }
  const base = new URL(endpoint);
  const get = async (path: string, headers: Record<string, string>, method = 'GET'): Promise<string> => {
    const res = await call(new URL(path, base), { method, headers }, timing.metadataMs, ctx.secrets);
    if (res.status < 200 || res.status >= 300) throw Object.assign(new Error(`${base.host} answered HTTP ${res.status}`), { status: res.status });
    return res.body;
  };
  let headers: Record<string, string> = {};
  if (!ctx.state.imdsV1Only) {
    try {
      const token = await get('/latest/api/token', { 'x-aws-ec2-metadata-token-ttl-seconds': '21600' }, 'PUT');
      ctx.secrets.add(token);
      headers = { 'x-aws-ec2-metadata-token': token };
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status === 400) throw new Error(`${base.host}: the metadata token request was refused (HTTP 400)`);
      if (status === 403 || status === 404 || status === 405) ctx.state.imdsV1Only = true;
    }
  }
  if (!headers['x-aws-ec2-metadata-token']) {
    // IMDSv1 fallback, unless blocked: env AWS_EC2_METADATA_V1_DISABLED when set, else the profile's ec2_metadata_v1_disabled.
    const v1Disabled = readEnv(ctx.env, 'AWS_EC2_METADATA_V1_DISABLED') ?? p.ec2_metadata_v1_disabled;
    if (v1Disabled && v1Disabled !== 'false') throw new Error(`${base.host}: no IMDSv2 token, and the IMDSv1 fallback is blocked (AWS_EC2_METADATA_V1_DISABLED / ec2_metadata_v1_disabled)`);
  }
  const role = (await get(CREDENTIALS_PATH, headers)).trim();
  const c = jsonObject(await get(CREDENTIALS_PATH + role, headers));
  if (typeof c?.AccessKeyId !== 'string' || typeof c.SecretAccessKey !== 'string' || typeof c.Token !== 'string' || typeof c.Expiration !== 'string') {
    throw fail(`EC2 instance metadata: ${base.host} answered without AccessKeyId, SecretAccessKey, Token and Expiration`);
  }
  const out = keys(c.AccessKeyId, c.SecretAccessKey, c.Token, c.Expiration);
  // Static stability (the SDK's): credentials the service hands out already expired are used for 5-10 more minutes.
  if (out.expiration!.getTime() < Date.now()) out.expiration = new Date(Date.now() + (300 + Math.floor(Math.random() * 300)) * 1000);
  return out;
}
