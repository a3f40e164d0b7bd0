import { ConfigurationError } from '../errors.js';
import type { Secrets } from '../redact.js';
import type { Auth } from './auth.js';
import type { eventSigner, EventSigner } from './event-signer.js';
import { lazy } from './lazy.js';
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
  /**
   * SigV4 only (absent for a bearer key, which event streams do not accept): signs an event-stream
   * request over HTTP/2 (`:authority` instead of `host`, payload hash
   * `STREAMING-AWS4-HMAC-SHA256-EVENTS`) and returns its headers with the event signer seeded by
   * its signature. `chain` is `eventSigner` (passed in so that only bidirectional streams load it).
   */
  signStream?(request: SignableRequest, chain: typeof eventSigner, options?: { signingDate?: Date }): Promise<{ headers: Record<string, string>; events: EventSigner }>;
  /** Loads the signing code and resolves the credentials once, ahead of the first request. */
  warmup?(): Promise<void>;
}

/** The payload hash of a request whose body is a chain of signed events. */
export const STREAMING_EVENTS = 'STREAMING-AWS4-HMAC-SHA256-EVENTS';

/** The signer (`#vendor/signature-v4`: smithy's, see src/vendor/signature-v4.ts), loaded on the first signature, once. */
const loadSignatureV4 = lazy(() => import('#vendor/signature-v4'));

/** Signs with `auth`: SigV4 for `service` (default `bedrock`, not `bedrock-runtime`) in `region`, or a bearer key. */
export function createSigner(auth: Auth, options: { region: string; service?: string; secrets?: Secrets }): Signer {
  // Every secret the signer handles, and every signature it computes, is remembered for masking.
  const secrets = options.secrets;
  if (auth.type === 'bearer') {
    secrets?.add(auth.token);
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
    secrets?.add(c.secretAccessKey, c.sessionToken);
    return c;
  };
  const make = async (creds: typeof credentials) => {
    const [{ SignatureV4 }, sha256] = await Promise.all([loadSignatureV4(), loadSha256()]);
    // applyChecksum false: no x-amz-content-sha256 header. Only S3 requires it (aws4fetch, which
    // the AI SDK's Bedrock provider uses, omits it too); every extra header is one more to break.
    // uriEscapePath true: the canonical URI encodes the already-encoded path again (`%3A` →
    // `%253A`), as Bedrock expects.
    return { v4: new SignatureV4({ service, region, credentials: creds, sha256, uriEscapePath: true, applyChecksum: false }), sha256 };
  };
  const load = lazy(() => make(credentials));

  const run = async (v4: Awaited<ReturnType<typeof make>>['v4'], request: SignableRequest, headers: Record<string, string>, date: Date | undefined) => {
    const url = request.url;
    delete headers.authorization;
    delete headers['x-amz-date'];
    delete headers['x-amz-security-token'];
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
      { signingDate: date ?? new Date() },
    );
    return signed.headers as Record<string, string>;
  };

  return {
    async warmup() {
      await Promise.all([load(), credentials()]);
    },
    async sign(request, signOptions = {}) {
      const headers = lowerCase(request.headers);
      // Always the URL's host (with a non-default port): anything else is a signature mismatch.
      headers.host = request.url.host;
      const signed = await run((await load()).v4, request, headers, signOptions.signingDate);
      secrets?.addAuthorization(signed.authorization);
      return signed;
    },
    async signStream(request, chain, signOptions = {}) {
      // One credential read for the request and its whole chain of events.
      const creds = await credentials();
      const { v4, sha256 } = await make(() => Promise.resolve(creds));
      const headers = lowerCase(request.headers);
      // HTTP/2 has no host header; the official client signs `:authority`, and so does AWS.
      delete headers.host;
      headers[':authority'] = request.url.host;
      headers['x-amz-content-sha256'] = STREAMING_EVENTS;
      const signed = await run(v4, request, headers, signOptions.signingDate);
      secrets?.addAuthorization(signed.authorization);
      const seed = /Signature=([0-9a-f]{64})/.exec(signed.authorization ?? '')?.[1] ?? '';
      return { headers: signed, events: chain(sha256, creds.secretAccessKey, region, service, seed) };
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
