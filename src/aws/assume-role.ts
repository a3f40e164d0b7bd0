import { ConfigurationError } from '../errors.js';
import { loadCredentialProviders, describe, toCredentials } from './chain.js';
import type { CredentialProvider } from './credentials.js';
import { mask } from './error-shape.js';
import { lazy } from './lazy.js';
import { Secrets } from '../redact.js';

export interface AssumeRoleOptions {
  roleArn: string;
  /** Default `bedrock-wire-<time>`. */
  sessionName?: string;
  /** STS default (3600) when unset. */
  durationSeconds?: number;
  externalId?: string;
  /** STS endpoint URL, e.g. a VPC endpoint or a test server. Default: the region's STS. */
  stsEndpoint?: string;
}

/**
 * Credentials from STS AssumeRole, signed with `base`. Uses the SDK's `fromTemporaryCredentials`
 * (imported lazily with the rest of `@aws-sdk/credential-providers`). Each call asks STS again:
 * wrap the result in `cachedCredentials` (as `resolveAuth` does).
 */
export function assumeRoleCredentials(
  base: CredentialProvider,
  options: AssumeRoleOptions,
  region: string | undefined,
): CredentialProvider {
  // STS may quote the request it refused (its signature, the base session token): mask them by value.
  const secrets = new Secrets();
  const signing: CredentialProvider = async () => {
    const c = await base();
    secrets.add(c.secretAccessKey, c.sessionToken);
    return c;
  };
  const provider = lazy(async () => {
    const { fromTemporaryCredentials } = await loadCredentialProviders();
    const clientConfig: { region?: string; endpoint?: string } = {};
    if (region) clientConfig.region = region;
    if (options.stsEndpoint) clientConfig.endpoint = options.stsEndpoint;
    return fromTemporaryCredentials({
      params: {
        RoleArn: options.roleArn,
        RoleSessionName: options.sessionName ?? `bedrock-wire-${Date.now()}`,
        DurationSeconds: options.durationSeconds,
        ExternalId: options.externalId,
      },
      masterCredentials: signing,
      clientConfig,
    });
  });
  return async () => {
    try {
      return toCredentials(await (await provider())());
    } catch (error) {
      // Base-credential failures are already ConfigurationErrors that say what to set.
      if (error instanceof ConfigurationError) throw error;
      // Masked before `describe` cuts the text (a cut secret would no longer match).
      secrets.scrub(error);
      throw new ConfigurationError(`AssumeRole of ${options.roleArn} failed: ${mask(describe(error))}`, { cause: error });
    }
  };
}
