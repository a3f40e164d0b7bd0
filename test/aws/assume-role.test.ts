// assumeRole against a fake STS on loopback: the AssumeRole request must be SigV4-signed for
// service `sts` with the base credentials, and the returned temporary credentials must be used to
// sign Bedrock requests and cached until shortly before they expire.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import { createSigner, resolveAuth } from '../../src/aws/index.js';

const BASE = { accessKeyId: 'AKIDBASEEXAMPLE', secretAccessKey: 'baseSecretEXAMPLEKEY' };
const ROLE = 'arn:aws:iam::123456789012:role/bedrock-caller';

interface StsCall {
  headers: IncomingMessage['headers'];
  path: string;
  body: string;
  params: URLSearchParams;
  signatureValid: boolean;
}

let server: Server;
let endpoint: string;
const calls: StsCall[] = [];
let lifetimeMs = 60 * 60_000;
let failNext = 0;

/** Recomputes the request's signature from what was received, for service sts, with the base keys. */
async function verify(method: string, path: string, headers: IncomingMessage['headers'], body: string): Promise<boolean> {
  const authorization = String(headers.authorization ?? '');
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=[0-9a-f]{64}$/.exec(authorization);
  if (!match || match[1] !== BASE.accessKeyId || match[4] !== 'sts') return false;
  const signed: Record<string, string> = {};
  for (const name of match[5].split(';')) if (!['host', 'x-amz-date', 'authorization'].includes(name)) signed[name] = String(headers[name]);
  const amzDate = String(headers['x-amz-date']);
  const date = new Date(amzDate.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));
  const signer = createSigner({ type: 'sigv4', credentials: async () => BASE, source: 'explicit' }, { region: match[3], service: 'sts' });
  const ours = await signer.sign({ method, url: new URL(path, `http://${headers.host}`), headers: signed, body }, { signingDate: date });
  return ours.authorization === authorization;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const params = new URLSearchParams(body);
      calls.push({ headers: req.headers, path: req.url ?? '/', body, params, signatureValid: await verify(req.method ?? '', req.url ?? '/', req.headers, body) });
      const n = calls.length;
      if (failNext > 0) {
        failNext -= 1;
        res.writeHead(403, { 'content-type': 'text/xml' });
        res.end(
          '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized to perform sts:AssumeRole</Message></Error><RequestId>r</RequestId></ErrorResponse>',
        );
        return;
      }
      const expiration = new Date(Date.now() + lifetimeMs).toISOString();
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(`<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/bedrock-caller/s</Arn><AssumedRoleId>AROA:s</AssumedRoleId></AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIATEMP${n}</AccessKeyId>
      <SecretAccessKey>tempSecret${n}</SecretAccessKey>
      <SessionToken>tempToken${n}</SessionToken>
      <Expiration>${expiration}</Expiration>
    </Credentials>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>req-${n}</RequestId></ResponseMetadata>
</AssumeRoleResponse>`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  calls.length = 0;
  lifetimeMs = 60 * 60_000;
  failNext = 0;
  vi.useRealTimers();
});

function assumeRoleAuth(extra: { sessionName?: string; durationSeconds?: number; externalId?: string } = {}) {
  return resolveAuth({
    credentials: BASE,
    region: 'eu-central-1',
    assumeRole: { roleArn: ROLE, stsEndpoint: endpoint, ...extra },
    env: {},
  });
}

describe('assumeRole (fake STS on loopback)', () => {
  it('sends a SigV4-signed (service sts) AssumeRole with the options, and signs with the returned keys', async () => {
    const auth = assumeRoleAuth({ sessionName: 'bw-test', durationSeconds: 900, externalId: 'ext-42' });
    expect(auth).toMatchObject({ type: 'sigv4', source: 'assumeRole' });
    if (auth.type !== 'sigv4') return;
    const creds = await auth.credentials();
    expect(creds).toMatchObject({ accessKeyId: 'ASIATEMP1', secretAccessKey: 'tempSecret1', sessionToken: 'tempToken1' });
    expect(creds.expiration).toBeInstanceOf(Date);

    expect(calls).toHaveLength(1);
    const call = calls[0];
    expect(call.params.get('Action')).toBe('AssumeRole');
    expect(call.params.get('RoleArn')).toBe(ROLE);
    expect(call.params.get('RoleSessionName')).toBe('bw-test');
    expect(call.params.get('DurationSeconds')).toBe('900');
    expect(call.params.get('ExternalId')).toBe('ext-42');
    expect(String(call.headers.authorization)).toContain(`Credential=${BASE.accessKeyId}/`);
    expect(String(call.headers.authorization)).toContain('/eu-central-1/sts/aws4_request');
    expect(call.signatureValid).toBe(true);

    const signer = createSigner(auth, { region: 'eu-central-1' });
    const headers = await signer.sign({ method: 'POST', url: new URL('https://bedrock-runtime.eu-central-1.amazonaws.com/model/m/invoke'), headers: {} });
    expect(headers.authorization).toContain('Credential=ASIATEMP1/');
    expect(headers['x-amz-security-token']).toBe('tempToken1');
    expect(calls).toHaveLength(1); // cached: the signer did not call STS again
  });

  it('default session name, no external id or duration sent when not given', async () => {
    const auth = assumeRoleAuth();
    if (auth.type !== 'sigv4') return;
    await auth.credentials();
    expect(calls[0].params.get('RoleSessionName')).toMatch(/^bedrock-wire-\d+$/);
    expect(calls[0].params.has('ExternalId')).toBe(false);
    expect(calls[0].params.has('DurationSeconds')).toBe(false);
  });

  it('caches until 5 minutes before expiry; concurrent callers share one STS call', async () => {
    const auth = assumeRoleAuth();
    if (auth.type !== 'sigv4') return;
    const first = await Promise.all(Array.from({ length: 8 }, () => auth.credentials()));
    expect(calls).toHaveLength(1);
    expect(new Set(first.map((c) => c.accessKeyId))).toEqual(new Set(['ASIATEMP1']));

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 54 * 60_000); // 6 minutes left
    expect((await auth.credentials()).accessKeyId).toBe('ASIATEMP1');
    expect(calls).toHaveLength(1);
    vi.setSystemTime(Date.now() + 2 * 60_000); // 4 minutes left: refresh
    expect((await auth.credentials()).accessKeyId).toBe('ASIATEMP2');
    expect(calls).toHaveLength(2);
    expect(calls[1].signatureValid).toBe(true);
  });

  it('an STS refusal is a ConfigurationError without secrets, and is not cached', async () => {
    failNext = 1;
    const auth = assumeRoleAuth();
    if (auth.type !== 'sigv4') return;
    const error = (await auth.credentials().catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain(ROLE);
    expect(error.message).toMatch(/not authorized/);
    for (const secret of [BASE.secretAccessKey, 'Signature=']) expect(error.message).not.toContain(secret);
    const retry = await auth.credentials();
    expect(retry.accessKeyId).toMatch(/^ASIATEMP/);
  });

  it('an unreachable STS is a ConfigurationError naming the role and the host, not the keys', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const auth = resolveAuth({ credentials: BASE, region: 'eu-central-1', assumeRole: { roleArn: ROLE, stsEndpoint: `http://127.0.0.1:${port}` }, env: {} });
    if (auth.type !== 'sigv4') return;
    const error = (await auth.credentials().catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toBe(`AssumeRole of ${ROLE} failed: 127.0.0.1:${port}: ECONNREFUSED`);
  });
});
