import { ConfigurationError } from '../errors.js';
import { loadDefaultChain, describe, toCredentials } from './chain.js';
import type { CredentialProvider } from './credentials.js';
import { mask } from './error-shape.js';
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
 * Credentials from STS AssumeRole, signed with `base` by our SigV4 signer (node-chain.ts
 * `assumeRoleWith`, imported lazily with the rest of the default chain; Node only). Each call asks
 * STS again: wrap the result in `cachedCredentials` (as `resolveAuth` does).
 */
export function assumeRoleCredentials(
  base: CredentialProvider,
  options: AssumeRoleOptions,
  region: string | undefined,
): CredentialProvider {
  // STS may quote the request it refused (its signature, the base session token): mask them by value.
  const secrets = new Secrets();
  return async () => {
    // Base-credential failures are already ConfigurationErrors that say what to set.
    const [{ assumeRoleWith }, creds] = await Promise.all([loadDefaultChain(), base()]);
    secrets.add(creds.secretAccessKey, creds.sessionToken);
    try {
      return toCredentials(await assumeRoleWith(creds, options, region, secrets));
    } catch (error) {
      // Masked before `describe` cuts the text (a cut secret would no longer match).
      secrets.scrub(error);
      if (error instanceof ConfigurationError) throw error;
      throw new ConfigurationError(`AssumeRole of ${options.roleArn} failed: ${mask(describe(error))}`, { cause: error });
    }
  };
}
