import { platform } from '#aws/platform';
import { ConfigurationError } from '../errors.js';
import type { AwsCredentials, CredentialProvider } from './credentials.js';
import { lazy } from './lazy.js';
import type { CredentialProvidersModule } from './platform.js';

/** Why the browser/edge build refuses to fall back to the default chain, and what to pass instead. */
export const NO_DEFAULT_CHAIN =
  'this browser/edge build of bedrock-wire has no AWS default credential chain (profiles, SSO, instance roles: Node only). ' +
  'Pass credentials ({ accessKeyId, secretAccessKey, sessionToken }, or an async function returning them) or apiKey (a Bedrock API key), ' +
  'or set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_BEARER_TOKEN_BEDROCK where this runtime has an environment';

/**
 * `@aws-sdk/credential-providers`, imported on first use only: it is large and slow to load, and
 * most callers (explicit keys, env keys, bearer keys) never need it. The import is shared. Node
 * only (package.json `#aws/platform`): elsewhere a `ConfigurationError`.
 */
export function loadCredentialProviders(): Promise<CredentialProvidersModule> {
  const load = platform.credentialProviders;
  return load ? load() : Promise.reject(new ConfigurationError(`No default credential chain: ${NO_DEFAULT_CHAIN}`));
}

const HOW_TO_FIX =
  'set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary keys), ' +
  'AWS_PROFILE with a profile in ~/.aws/config or ~/.aws/credentials (run `aws sso login` for SSO profiles), ' +
  'AWS_BEARER_TOKEN_BEDROCK or the apiKey option for a Bedrock API key, or pass credentials explicitly';

/**
 * The SDK's default Node chain (env, SSO, ini profiles, process, web identity token, ECS and EC2
 * instance roles). Not memoized here: `resolveAuth` wraps it in `cachedCredentials`.
 * A failure becomes a `ConfigurationError` that says what to set; the SDK error is its `cause`.
 */
export function chainCredentials(options: { profile?: string } = {}): CredentialProvider {
  const chain = lazy(async () => (await loadCredentialProviders()).fromNodeProviderChain(options.profile ? { profile: options.profile } : {}));
  return async () => {
    try {
      return toCredentials(await (await chain())());
    } catch (error) {
      const profile = options.profile ? ` (profile "${options.profile}")` : '';
      throw new ConfigurationError(
        `No AWS credentials found by the default chain${profile}: ${describe(error)}. To fix: ${HOW_TO_FIX}.`,
        { cause: error },
      );
    }
  };
}

/** Keeps only the fields we sign with (the SDK adds `$source`, `accountId`, `credentialScope`). */
export function toCredentials(identity: AwsCredentials): AwsCredentials {
  const out: AwsCredentials = { accessKeyId: identity.accessKeyId, secretAccessKey: identity.secretAccessKey };
  if (identity.sessionToken) out.sessionToken = identity.sessionToken;
  if (identity.expiration) out.expiration = identity.expiration;
  return out;
}

/**
 * The first line of an SDK error, shortened. The SDK's credential errors name what was tried
 * (files, profiles, endpoints), never key material; the line is still cut short as a precaution.
 */
export function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n', 1)[0].trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line || 'unknown error';
}
