/** AWS access keys, as the signer needs them. `expiration` marks temporary credentials. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** Returns the credentials to sign the next request with. Called once per attempt. */
export type CredentialProvider = () => Promise<AwsCredentials>;

/** Default refresh margin: credentials are replaced 5 minutes before they expire (the SDK's margin). */
export const DEFAULT_REFRESH_BEFORE_MS = 5 * 60_000;

/**
 * Memoizes `provider`. Credentials without `expiration` are kept for good; temporary ones are
 * fetched again `refreshBeforeMs` (default 5 min) before they expire. Concurrent callers share
 * one in-flight fetch. A failed fetch is not cached: the next call tries again, and while the
 * old credentials have not actually expired they are still returned.
 */
export function cachedCredentials(
  provider: CredentialProvider,
  options: { refreshBeforeMs?: number } = {},
): CredentialProvider {
  const margin = options.refreshBeforeMs ?? DEFAULT_REFRESH_BEFORE_MS;
  let current: AwsCredentials | undefined;
  let inflight: Promise<AwsCredentials> | undefined;

  const refresh = (): Promise<AwsCredentials> => {
    inflight ??= provider().then(
      (fresh) => {
        inflight = undefined;
        current = fresh;
        return fresh;
      },
      (error: unknown) => {
        inflight = undefined;
        // Still valid (only inside the refresh margin): keep serving it rather than fail a call.
        if (current && !expiresWithin(current, 0)) return current;
        throw error;
      },
    );
    return inflight;
  };

  return () => (current && !expiresWithin(current, margin) ? Promise.resolve(current) : refresh());
}

function expiresWithin(credentials: AwsCredentials, ms: number): boolean {
  const exp = credentials.expiration;
  return exp !== undefined && exp.getTime() - Date.now() <= ms;
}

/** A provider that always returns the same keys (copied, so later mutation of the input is ignored). */
export function staticCredentials(credentials: AwsCredentials): CredentialProvider {
  const copy: AwsCredentials = { ...credentials };
  return () => Promise.resolve(copy);
}
