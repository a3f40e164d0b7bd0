import { platform } from '#aws/platform';
import { ConfigurationError } from '../errors.js';
import { assumeRoleCredentials, type AssumeRoleOptions } from './assume-role.js';
import { chainCredentials, NO_DEFAULT_CHAIN } from './chain.js';
import { assertSafeTransport } from './endpoint.js';
import { cachedCredentials, staticCredentials, type AwsCredentials, type CredentialProvider } from './credentials.js';
import { envRegion, readEnv, type Env } from './env.js';

/** How requests are authorized: a Bedrock API key, or SigV4 with credentials from `source`. */
export type Auth =
  | { type: 'bearer'; token: string }
  | { type: 'sigv4'; credentials: CredentialProvider; source: 'explicit' | 'env' | 'chain' | 'assumeRole' };

export interface AuthOptions {
  /** Bedrock API key, sent as `Authorization: Bearer <key>`. */
  apiKey?: string;
  /** Explicit keys (+ session token), or a provider of them. */
  credentials?: AwsCredentials | CredentialProvider;
  /** Profile for the default chain (else `AWS_PROFILE`, else `default`). */
  profile?: string;
  /** Assume this role with whatever credentials were resolved. Not applied to bearer keys. */
  assumeRole?: AssumeRoleOptions;
  /**
   * `'auto'` (default): apiKey, AWS_BEARER_TOKEN_BEDROCK, credentials, env keys, default chain.
   * An env bearer key wins over explicit `credentials` (as in the SDK): pass `'sigv4'` to ignore it.
   */
  authMode?: 'auto' | 'bearer' | 'sigv4';
  /** Region for STS (assume role). */
  region?: string;
  /** Default: `process.env` where it exists. */
  env?: Record<string, string | undefined>;
}

/**
 * Decides how to authorize, synchronously and without I/O. Order in `'auto'` mode: explicit
 * `apiKey` → env `AWS_BEARER_TOKEN_BEDROCK` → explicit `credentials` → env
 * `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`; skipped when a profile is named,
 * as the SDK does) → the default chain, which
 * is imported only when its provider is first called (and throws `ConfigurationError` then if it
 * finds nothing). `'sigv4'` skips bearer keys; `'bearer'` requires one.
 */
export function resolveAuth(options: AuthOptions): Auth {
  const { env } = options;
  const mode = options.authMode ?? 'auto';
  if (mode !== 'auto' && mode !== 'bearer' && mode !== 'sigv4') {
    throw new ConfigurationError(`authMode must be 'auto', 'bearer' or 'sigv4', got ${JSON.stringify(mode)}`);
  }

  if (mode !== 'sigv4') {
    const token = options.apiKey?.trim() || readEnv(env, 'AWS_BEARER_TOKEN_BEDROCK');
    if (token) {
      // A key becomes a header value: refuse what could split or corrupt the header (and never echo it).
      if (!/^[\x21-\x7e]+$/.test(token)) {
        throw new ConfigurationError('The Bedrock API key contains spaces or characters not allowed in an HTTP header');
      }
      return { type: 'bearer', token };
    }
    if (mode === 'bearer') {
      throw new ConfigurationError('authMode "bearer" needs a Bedrock API key: pass apiKey or set AWS_BEARER_TOKEN_BEDROCK');
    }
  }

  const base = baseCredentials(options, env);
  const role = options.assumeRole;
  if (!role) return base;
  if (!role.roleArn) throw new ConfigurationError('assumeRole.roleArn is required');
  if (!platform.defaultChain) {
    throw new ConfigurationError('assumeRole calls STS from the Node build of bedrock-wire only: assume the role on a server and pass the temporary credentials');
  }
  if (role.stsEndpoint) checkStsEndpoint(role.stsEndpoint, base);
  const region = options.region ?? envRegion(env);
  return sigv4(cachedCredentials(assumeRoleCredentials(base.credentials, role, region)), 'assumeRole');
}

type SigV4Auth = Extract<Auth, { type: 'sigv4' }>;

function sigv4(credentials: CredentialProvider, source: SigV4Auth['source']): SigV4Auth {
  return { type: 'sigv4', credentials, source };
}

function baseCredentials(options: AuthOptions, env: Env | undefined): SigV4Auth {
  const explicit = options.credentials;
  if (typeof explicit === 'function') return sigv4(cachedCredentials(explicit), 'explicit');
  if (explicit) {
    if (!explicit.accessKeyId || !explicit.secretAccessKey) {
      throw new ConfigurationError('credentials need both accessKeyId and secretAccessKey');
    }
    return sigv4(staticCredentials(explicit), 'explicit');
  }

  // Like the SDK's default chain: a named profile (option or AWS_PROFILE) wins over env keys.
  const profile = options.profile ?? readEnv(env, 'AWS_PROFILE');
  const accessKeyId = readEnv(env, 'AWS_ACCESS_KEY_ID');
  const secretAccessKey = readEnv(env, 'AWS_SECRET_ACCESS_KEY');
  if (!profile && accessKeyId && secretAccessKey) {
    const keys: AwsCredentials = { accessKeyId, secretAccessKey };
    const sessionToken = readEnv(env, 'AWS_SESSION_TOKEN');
    if (sessionToken) keys.sessionToken = sessionToken;
    // As the SDK's fromEnv: temporary keys may say when they expire.
    const expiration = readEnv(env, 'AWS_CREDENTIAL_EXPIRATION');
    if (expiration) keys.expiration = new Date(expiration);
    return sigv4(staticCredentials(keys), 'env');
  }

  if (!platform.defaultChain) {
    throw new ConfigurationError(`No AWS credentials${profile ? ` (profile "${profile}" needs the default chain)` : ''}: ${NO_DEFAULT_CHAIN}`);
  }
  const chain: { profile?: string; region?: string } = {};
  if (profile) chain.profile = profile;
  if (options.region) chain.region = options.region;
  return sigv4(cachedCredentials(chainCredentials(chain)), 'chain');
}

/** The base credentials sign the AssumeRole call: the same plain-http rule as for Bedrock applies. */
function checkStsEndpoint(endpoint: string, auth: SigV4Auth): void {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ConfigurationError('assumeRole.stsEndpoint is not an absolute URL');
  }
  assertSafeTransport(url, auth);
}
