import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { SignatureV4 } from '#vendor/signature-v4';
import { serviceError, type ServiceError } from './errors.js';
import { NodeSha256 } from './sha256.js';
import type { EmulatorCredentials } from './types.js';

export interface AuthConfig {
  region: string;
  credentials: EmulatorCredentials;
  apiKey: string;
  /** The emulator's clock (credential expiry, signature age). */
  now?: () => Date;
  /** Refuse a SigV4 `x-amz-date` more than 5 minutes from `now` (AWS's rule). Default true. */
  checkDate?: boolean;
}

/** AWS's allowed clock skew for a SigV4 date. */
const SKEW_MS = 5 * 60_000;

export interface AuthInput {
  method: string;
  /** Raw request target (path and query) exactly as received. */
  target: string;
  headers: IncomingHttpHeaders;
  body: Uint8Array;
  /** An event-stream request body (InvokeModelWithBidirectionalStream): the payload hash is STREAMING-AWS4-HMAC-SHA256-EVENTS. */
  streaming?: boolean;
}

export type AuthResult = { kind: 'sigv4' | 'bearer' | 'none'; error?: ServiceError };

const BAD_TOKEN = 'The security token included in the request is invalid.';
const BAD_SIGNATURE =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/** Which scheme a request uses, without checking it. */
export function authKind(headers: IncomingHttpHeaders): AuthResult['kind'] {
  const h = headers.authorization ?? '';
  return h.startsWith('Bearer ') ? 'bearer' : h.startsWith('AWS4-HMAC-SHA256') ? 'sigv4' : 'none';
}

/**
 * Verifies a request like Bedrock would: a bearer key must equal the configured one; a SigV4
 * signature is recomputed with `@smithy/signature-v4` (not through this project's signer, so the
 * emulator stays an independent check) over the received method, path, signed headers and body.
 */
export async function verifyAuth(input: AuthInput, config: AuthConfig): Promise<AuthResult> {
  const header = input.headers.authorization;
  const kind = authKind(input.headers);
  if (!header) return { kind, error: serviceError('MissingAuthenticationTokenException', 'Missing Authentication Token') };
  if (kind === 'bearer') {
    const ok = same(header.slice(7).trim(), config.apiKey);
    return ok ? { kind } : { kind, error: serviceError('AccessDeniedException', 'Authentication failed: Please make sure your API Key is valid.') };
  }
  if (kind !== 'sigv4') return { kind, error: serviceError('IncompleteSignatureException', 'Authorization header requires AWS4-HMAC-SHA256 or Bearer.') };
  return { kind, error: await verifySigV4(header, input, config) };
}

async function verifySigV4(header: string, input: AuthInput, config: AuthConfig): Promise<ServiceError | undefined> {
  const m = /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/.exec(header.trim());
  if (!m) return serviceError('IncompleteSignatureException', 'Authorization header is not a well-formed AWS4-HMAC-SHA256 header.');
  const [, credential, signedList, signature] = m;
  const scope = credential.split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request') return serviceError('IncompleteSignatureException', 'Credential is not well formed.');
  const [accessKeyId, , region, service] = scope;
  // Compared in constant time, like the signature: a guess must not learn a prefix from the timing.
  if (!same(accessKeyId, config.credentials.accessKeyId)) return serviceError('UnrecognizedClientException', BAD_TOKEN);
  const token = single(input.headers['x-amz-security-token']);
  if (config.credentials.sessionToken !== undefined && !same(token ?? '', config.credentials.sessionToken)) {
    return serviceError('UnrecognizedClientException', BAD_TOKEN);
  }
  const now = config.now?.() ?? new Date();
  const expiration = config.credentials.expiration;
  if (expiration !== undefined && now.getTime() >= expiration.getTime()) {
    return serviceError('ExpiredTokenException', 'The security token included in the request is expired');
  }
  if (service !== 'bedrock') return serviceError('InvalidSignatureException', `Credential should be scoped to correct service: 'bedrock'.`);
  if (region !== config.region) return serviceError('InvalidSignatureException', `Credential should be scoped to a valid region.`);
  const date = parseAmzDate(single(input.headers['x-amz-date']));
  if (!date) return serviceError('IncompleteSignatureException', 'Authorization header requires existence of a valid X-Amz-Date header.');
  if (config.checkDate !== false) {
    // AWS's words, e.g. "Signature expired: 20250130T064508Z is now earlier than 20250210T013411Z (20250210T013911Z - 5 min.)".
    const t = now.getTime();
    if (date.getTime() < t - SKEW_MS) {
      return serviceError('InvalidSignatureException', `Signature expired: ${amzDate(date)} is now earlier than ${amzDate(new Date(t - SKEW_MS))} (${amzDate(now)} - 5 min.)`);
    }
    if (date.getTime() > t + SKEW_MS) {
      return serviceError('InvalidSignatureException', `Signature not yet current: ${amzDate(date)} is still later than ${amzDate(new Date(t + SKEW_MS))} (${amzDate(now)} + 5 min.)`);
    }
  }

  const names = signedList.split(';');
  const headers: Record<string, string> = {};
  for (const name of names) {
    const value = name === 'host' ? (input.headers.host ?? single(input.headers[':authority'])) : input.headers[name];
    if (value === undefined) return serviceError('InvalidSignatureException', BAD_SIGNATURE);
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  // The payload hash header, when signed, must match the body or the signature would not cover it.
  // UNSIGNED-PAYLOAD is S3's; this service signs the payload, so the signature cannot match.
  const declared = headers['x-amz-content-sha256'];
  if (!input.streaming && declared === 'UNSIGNED-PAYLOAD') return serviceError('InvalidSignatureException', BAD_SIGNATURE);
  if (input.streaming && declared !== 'STREAMING-AWS4-HMAC-SHA256-EVENTS') {
    return serviceError('InvalidSignatureException', 'An event stream request must sign x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-EVENTS.');
  }
  if (!input.streaming && declared !== undefined && declared !== createHash('sha256').update(input.body).digest('hex')) {
    return serviceError('InvalidSignatureException', 'The provided x-amz-content-sha256 header does not match what was computed.');
  }
  const q = input.target.indexOf('?');
  const path = q < 0 ? input.target : input.target.slice(0, q);
  const query: Record<string, string | string[]> = {};
  if (q >= 0) {
    for (const [k, v] of new URLSearchParams(input.target.slice(q + 1))) {
      const prev = query[k];
      query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
  }
  const signer = new SignatureV4({
    service: 'bedrock',
    region: config.region,
    credentials: { accessKeyId, secretAccessKey: config.credentials.secretAccessKey, sessionToken: token },
    sha256: NodeSha256,
    // Do not add x-amz-content-sha256: sign exactly the headers the client listed.
    applyChecksum: false,
  });
  const signed = await signer.sign(
    { method: input.method, protocol: 'http:', hostname: 'emulator', path, query, headers, body: input.body },
    { signingDate: date },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization ?? ''))?.[1] ?? '';
  return same(expected, signature) ? undefined : serviceError('InvalidSignatureException', BAD_SIGNATURE);
}

function single(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function parseAmzDate(v: string | undefined): Date | undefined {
  const m = v && /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(v);
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}

/** Constant time, also in the length: both sides are hashed to 32 bytes first. */
function same(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y) && a === b;
}

function amzDate(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * What can be checked before the body is read: the scheme, a bearer key, the access key id and
 * session token. A request that fails here is answered without reading (or keeping) its body.
 */
export function precheckAuth(headers: IncomingHttpHeaders, config: AuthConfig): ServiceError | undefined {
  const header = headers.authorization;
  const kind = authKind(headers);
  if (!header) return serviceError('MissingAuthenticationTokenException', 'Missing Authentication Token');
  if (kind === 'bearer') return same(header.slice(7).trim(), config.apiKey) ? undefined : serviceError('AccessDeniedException', 'Authentication failed: Please make sure your API Key is valid.');
  if (kind !== 'sigv4') return serviceError('IncompleteSignatureException', 'Authorization header requires AWS4-HMAC-SHA256 or Bearer.');
  const m = /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/.exec(header.trim());
  // A header that is not well formed is left to verifyAuth, which says how (after a bounded read).
  if (!m || m[1].split('/').length !== 5) return undefined;
  if (!same(m[1].split('/')[0], config.credentials.accessKeyId)) return serviceError('UnrecognizedClientException', BAD_TOKEN);
  const token = single(headers['x-amz-security-token']);
  if (config.credentials.sessionToken !== undefined && !same(token ?? '', config.credentials.sessionToken)) return serviceError('UnrecognizedClientException', BAD_TOKEN);
  return undefined;
}
