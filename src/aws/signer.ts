import { ConfigurationError } from '../errors.js';
import type { Auth } from './auth.js';
import { interop, lazy } from './lazy.js';
import { loadSha256 } from './sha256.js';

/** A request about to be sent. `url.pathname` is sent as is (already percent-encoded once). */
export interface SignableRequest {
  method: string;
  url: URL;
  /** Exactly the headers that will be sent (names in any case); only these are signed. */
  headers: Record<string, string>;
  body?: Uint8Array | string;
}

export interface Signer {
  /**
   * Returns ALL headers to send, names lower-cased: the input headers, plus for SigV4 `host`,
   * `x-amz-date`, `x-amz-security-token` (temporary credentials) and `authorization`; for a bearer
   * key only `authorization`. Call once per attempt: the date and the credentials may change.
   */
  sign(request: SignableRequest, options?: { signingDate?: Date }): Promise<Record<string, string>>;
  /** Loads the signing code and resolves the credentials once, ahead of the first request. */
  warmup?(): Promise<void>;
}

/** `@smithy/signature-v4` costs ~56 ms to import: load it on the first signature, once. */
const loadSignatureV4 = lazy(async () => interop(await import('@smithy/signature-v4')));

/** Signs with `auth`: SigV4 for `service` (default `bedrock`, not `bedrock-runtime`) in `region`, or a bearer key. */
export function createSigner(auth: Auth, options: { region: string; service?: string }): Signer {
  if (auth.type === 'bearer') {
    const authorization = `Bearer ${auth.token}`;
    return {
      sign: (request) => Promise.resolve({ ...lowerCase(request.headers), authorization }),
    };
  }

  const { region } = options;
  const service = options.service ?? 'bedrock';
  if (!region) throw new ConfigurationError('a region is required to sign requests');
  const provider = auth.credentials;
  // Checked here so that a bad provider result is a ConfigurationError, not smithy's bare Error.
  const credentials = async () => {
    const c = await provider();
    if (!isKey(c?.accessKeyId) || !isKey(c?.secretAccessKey)) {
      throw new ConfigurationError('The credential provider returned no accessKeyId/secretAccessKey');
    }
    return c;
  };
  const load = lazy(async () => {
    const [{ SignatureV4 }, sha256] = await Promise.all([loadSignatureV4(), loadSha256()]);
    // applyChecksum false: no x-amz-content-sha256 header. Only S3 requires it (aws4fetch, which
    // the AI SDK's Bedrock provider uses, omits it too); every extra header is one more to break.
    // uriEscapePath true: the canonical URI encodes the already-encoded path again (`%3A` →
    // `%253A`), as Bedrock expects.
    return new SignatureV4({ service, region, credentials, sha256, uriEscapePath: true, applyChecksum: false });
  });

  return {
    async warmup() {
      await Promise.all([load(), credentials()]);
    },
    async sign(request, signOptions = {}) {
      const url = request.url;
      const headers = lowerCase(request.headers);
      // Always the URL's host (with a non-default port): anything else is a signature mismatch.
      headers.host = url.host;
      delete headers.authorization;
      delete headers['x-amz-date'];
      delete headers['x-amz-security-token'];
      const v4 = await load();
      const signed = await v4.sign(
        {
          method: request.method.toUpperCase(),
          protocol: url.protocol,
          hostname: url.hostname,
          port: url.port ? Number(url.port) : undefined,
          path: url.pathname,
          query: parseQuery(url.search),
          headers,
          body: request.body,
        },
        { signingDate: signOptions.signingDate ?? new Date() },
      );
      return signed.headers as Record<string, string>;
    },
  };
}

function isKey(value: unknown): boolean {
  return typeof value === 'string' && value !== '';
}

function lowerCase(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value !== undefined) out[name.toLowerCase()] = value;
  }
  return out;
}

/**
 * The query as smithy wants it: decoded values (it re-encodes them), repeated keys as arrays.
 * Not `URLSearchParams`: that decodes `+` as a space, which SigV4 does not.
 */
function parseQuery(search: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  if (search.length <= 1) return query;
  for (const pair of search.slice(1).split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = decode(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decode(pair.slice(eq + 1));
    const prior = query[key];
    query[key] = prior === undefined ? value : Array.isArray(prior) ? [...prior, value] : [prior, value];
  }
  return query;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // a stray `%` is signed as sent
  }
}
