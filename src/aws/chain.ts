import { platform } from '#aws/platform';
import { ConfigurationError } from '../errors.js';
import type { AwsCredentials, CredentialProvider } from './credentials.js';
import { lazy } from './lazy.js';
import type { DefaultChainModule } from './platform.js';
import { createSigner } from './signer.js';

/** Why the browser/edge build refuses to fall back to the default chain, and what to pass instead. */
export const NO_DEFAULT_CHAIN =
  'this browser/edge build of bedrock-wire has no AWS default credential chain (profiles, SSO, instance roles: Node only). ' +
  'Pass credentials ({ accessKeyId, secretAccessKey, sessionToken }, or an async function returning them) or apiKey (a Bedrock API key), ' +
  'or set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_BEARER_TOKEN_BEDROCK where this runtime has an environment';

/**
 * Our default chain (src/aws/node-chain.ts), imported on first use only: most callers (explicit
 * keys, env keys, bearer keys) never need it. The import is shared. Node only (package.json
 * `#aws/platform`): elsewhere a `ConfigurationError`.
 */
export function loadDefaultChain(): Promise<DefaultChainModule> {
  const load = platform.defaultChain;
  return load ? load(createSigner) : Promise.reject(new ConfigurationError(`No default credential chain: ${NO_DEFAULT_CHAIN}`));
}

/**
 * The default Node chain, in the SDK's order (env, ini profiles with roles, web identity, process
 * and SSO, web identity token, container and EC2 instance roles): see node-chain.ts. Not memoized
 * here: `resolveAuth` wraps it in `cachedCredentials`. Every failure is a `ConfigurationError`
 * naming the source (and what was tried, when nothing was found).
 */
export function chainCredentials(options: { profile?: string; region?: string } = {}): CredentialProvider {
  const chain = lazy(async () => (await loadDefaultChain()).nodeChain(options));
  return async () => {
    try {
      return toCredentials(await (await chain())());
    } catch (error) {
      if (error instanceof ConfigurationError) throw error;
      const profile = options.profile ? ` (profile "${options.profile}")` : '';
      throw new ConfigurationError(`The default credential chain failed${profile}: ${describe(error)}`, { cause: error });
    }
  };
}

/** Keeps only the fields we sign with. */
export function toCredentials(identity: AwsCredentials): AwsCredentials {
  const out: AwsCredentials = { accessKeyId: identity.accessKeyId, secretAccessKey: identity.secretAccessKey };
  if (identity.sessionToken) out.sessionToken = identity.sessionToken;
  if (identity.expiration) out.expiration = identity.expiration;
  return out;
}

/** The first line of an error's message, cut at 200 characters. */
export function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n', 1)[0].trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line || 'unknown error';
}
