import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import { serviceError, type ServiceError } from './errors.js';
import { NodeSha256 } from './sha256.js';
import type { EmulatorCredentials } from './types.js';

export interface AuthConfig {
  region: string;
  credentials: EmulatorCredentials;
  apiKey: string;
  /** The emulator's clock (credential expiry). */
  now?: () => Date;
}

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
  if (accessKeyId !== config.credentials.accessKeyId) return serviceError('UnrecognizedClientException', BAD_TOKEN);
  const token = single(input.headers['x-amz-security-token']);
  if (config.credentials.sessionToken !== undefined && token !== config.credentials.sessionToken) {
    return serviceError('UnrecognizedClientException', BAD_TOKEN);
  }
  const expiration = config.credentials.expiration;
  if (expiration !== undefined && (config.now?.() ?? new Date()).getTime() >= expiration.getTime()) {
    return serviceError('ExpiredTokenException', 'The security token included in the request is expired');
  }
  if (service !== 'bedrock') return serviceError('InvalidSignatureException', `Credential should be scoped to correct service: 'bedrock'.`);
  if (region !== config.region) return serviceError('InvalidSignatureException', `Credential should be scoped to a valid region.`);
  const date = parseAmzDate(single(input.headers['x-amz-date']));
  if (!date) return serviceError('IncompleteSignatureException', 'Authorization header requires existence of a valid X-Amz-Date header.');

  const names = signedList.split(';');
  const headers: Record<string, string> = {};
  for (const name of names) {
    const value = name === 'host' ? (input.headers.host ?? single(input.headers[':authority'])) : input.headers[name];
    if (value === undefined) return serviceError('InvalidSignatureException', BAD_SIGNATURE);
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  // The payload hash header, when signed, must match the body or the signature would not cover it.
  const declared = headers['x-amz-content-sha256'];
  if (input.streaming && declared !== 'STREAMING-AWS4-HMAC-SHA256-EVENTS') {
    return serviceError('InvalidSignatureException', 'An event stream request must sign x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-EVENTS.');
  }
  if (!input.streaming && declared !== undefined && declared !== 'UNSIGNED-PAYLOAD' && declared !== createHash('sha256').update(input.body).digest('hex')) {
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

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
