// Loopback fakes of every endpoint the default credential chain calls, in one HTTP server:
// STS (AssumeRole, whose SigV4 signature (service sts) is VERIFIED against the keys the caller
// must have used, and AssumeRoleWithWebIdentity), the IAM Identity Center portal
// (GET /federation/credentials) and SSO-OIDC (POST /token), EC2 instance metadata (IMDSv2 token,
// role, credentials) and a container credentials endpoint. Answers depend only on the request
// (never on call order), so two implementations asked the same thing get the same credentials.
// Each request is recorded with what matters on the wire (method, path, parameters, the
// significant headers), for comparing what two implementations sent.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSigner, type AwsCredentials } from '../../src/aws/index.js';
import { loadDefaultChain } from '../../src/aws/chain.js';

export const EXPIRATION = '2031-06-01T12:00:00Z';

export interface Seen {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Form parameters of a POST (STS), JSON fields (OIDC). */
  params: Record<string, string>;
  headers: Record<string, string>;
  /** SigV4 requests: whether the signature verified with the secret of the key id it names. */
  signature?: 'valid' | 'invalid';
}

export interface FakeBehaviour {
  /** IMDS: 'v2' (default), 'v1' (the token PUT answers 403), 'none' (every IMDS path 404), 'hang' (never answers). */
  imds?: 'v2' | 'v1' | 'none' | 'hang';
  /** STS answers this status with an XML error (echoing the request's authorization, as a hostile proxy might). */
  stsStatus?: number;
  /** The portal answers 401. */
  ssoStatus?: number;
  /** The container endpoint answers this status. */
  containerStatus?: number;
  /** OIDC CreateToken answers this status. */
  oidcStatus?: number;
}

const hex = (s: string, n = 16): string => createHash('sha256').update(s).digest('hex').slice(0, n);

export class Fakes {
  server!: Server;
  url = '';
  seen: Seen[] = [];
  behaviour: FakeBehaviour = {};
  /** Secrets by access key id: the case's static keys and every key STS handed out. */
  readonly keys = new Map<string, string>();
  containerToken = 'container-auth-token-0001';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      if (this.behaviour.imds === 'hang' && req.url?.startsWith('/latest/')) return; // the client's deadline must end it
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.handle(req, Buffer.concat(chunks).toString('utf8')).then(
          ({ status, body, type }) => {
            res.writeHead(status, { 'content-type': type });
            res.end(body);
          },
          (e: Error) => {
            res.writeHead(500);
            res.end(String(e.message));
          },
        );
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  reset(behaviour: FakeBehaviour = {}): void {
    this.seen = [];
    this.behaviour = behaviour;
  }

  /** Credentials a fake hands out for `seed`, and their key registered for verifying later signatures. */
  issue(seed: string): { AccessKeyId: string; SecretAccessKey: string; SessionToken: string } {
    const c = { AccessKeyId: `ASIA${hex(seed, 12).toUpperCase()}`, SecretAccessKey: `secret-${hex(`s${seed}`, 32)}`, SessionToken: `token-${hex(`t${seed}`, 40)}` };
    this.keys.set(c.AccessKeyId, c.SecretAccessKey);
    return c;
  }

  private async handle(req: IncomingMessage, body: string): Promise<{ status: number; body: string; type: string }> {
    const url = new URL(req.url ?? '/', this.url);
    const h = req.headers;
    const seen: Seen = { method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), params: {}, headers: {} };
    this.seen.push(seen);
    const keep = (...names: string[]) => {
      for (const n of names) if (h[n] !== undefined) seen.headers[n] = String(h[n]);
    };
    const xml = (status: number, text: string) => ({ status, body: text, type: 'text/xml' });
    const json = (status: number, value: unknown) => ({ status, body: JSON.stringify(value), type: 'application/json' });

    // STS
    if (req.method === 'POST' && url.pathname === '/') {
      seen.params = Object.fromEntries(new URLSearchParams(body));
      delete seen.params.Version;
      if (/^(aws-sdk-js(-session)?|bedrock-wire)-\d+$/.test(seen.params.RoleSessionName ?? '')) seen.params.RoleSessionName = '<default>';
      keep('content-type', 'x-amz-security-token');
      const auth = String(h.authorization ?? '');
      if (auth) {
        const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=[0-9a-f]{64}$/.exec(auth);
        seen.headers.authorization = m ? `SigV4 ${m[1]}/${m[2]}/${m[3]}` : 'malformed';
        seen.signature = m && (await verify(this.keys.get(m[1]), m, req, url, body)) ? 'valid' : 'invalid';
      }
      if (this.behaviour.stsStatus) {
        return xml(
          this.behaviour.stsStatus,
          `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to perform sts:AssumeRole; request was ${auth} token ${h['x-amz-security-token'] ?? ''} ${seen.params.WebIdentityToken ?? ''}</Message></Error></ErrorResponse>`,
        );
      }
      const action = seen.params.Action;
      const caller = action === 'AssumeRoleWithWebIdentity' ? `wi:${seen.params.WebIdentityToken}` : String(/Credential=([^/]+)/.exec(auth)?.[1]);
      const c = this.issue(`${action}|${seen.params.RoleArn}|${caller}`);
      return xml(
        200,
        `<${action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><${action}Result><Credentials><AccessKeyId>${c.AccessKeyId}</AccessKeyId><SecretAccessKey>${c.SecretAccessKey}</SecretAccessKey><SessionToken>${c.SessionToken}</SessionToken><Expiration>${EXPIRATION}</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn><AssumedRoleId>AROA:s</AssumedRoleId></AssumedRoleUser></${action}Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></${action}Response>`,
      );
    }
    // IAM Identity Center portal
    if (url.pathname === '/federation/credentials') {
      keep('x-amz-sso_bearer_token');
      if (this.behaviour.ssoStatus) return json(this.behaviour.ssoStatus, { message: `Session token not found or invalid: ${h['x-amz-sso_bearer_token']}` });
      const c = this.issue(`sso|${url.searchParams.get('account_id')}|${url.searchParams.get('role_name')}|${h['x-amz-sso_bearer_token']}`);
      return json(200, { roleCredentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: Date.parse(EXPIRATION) } });
    }
    // SSO-OIDC CreateToken
    if (req.method === 'POST' && url.pathname === '/token') {
      const p = JSON.parse(body) as Record<string, string>;
      seen.params = { ...p };
      keep('content-type');
      if (this.behaviour.oidcStatus) return json(this.behaviour.oidcStatus, { error: 'invalid_grant', error_description: `bad refresh token ${p.refreshToken}` });
      return json(200, { accessToken: `refreshed-${hex(p.refreshToken ?? '', 24)}`, expiresIn: 3600, refreshToken: `${p.refreshToken}-next`, tokenType: 'Bearer' });
    }
    // EC2 instance metadata
    if (url.pathname.startsWith('/latest/')) {
      keep('x-aws-ec2-metadata-token', 'x-aws-ec2-metadata-token-ttl-seconds');
      const mode = this.behaviour.imds ?? 'v2';
      const text = (status: number, t: string) => ({ status, body: t, type: 'text/plain' });
      if (mode === 'none') return text(404, 'not found');
      if (url.pathname === '/latest/api/token') return mode === 'v1' ? text(403, 'forbidden') : text(200, 'imds-session-token-0123456789');
      if (mode === 'v2' && h['x-aws-ec2-metadata-token'] !== 'imds-session-token-0123456789') return text(401, 'unauthorized');
      if (url.pathname === '/latest/meta-data/iam/security-credentials/') return text(200, 'instance-role\n');
      if (url.pathname === '/latest/meta-data/iam/security-credentials/instance-role') {
        const c = this.issue('imds');
        return json(200, { Code: 'Success', LastUpdated: '2031-06-01T06:00:00Z', Type: 'AWS-HMAC', AccessKeyId: c.AccessKeyId, SecretAccessKey: c.SecretAccessKey, Token: c.SessionToken, Expiration: EXPIRATION });
      }
      return text(404, 'not found');
    }
    // Container credentials
    if (url.pathname === '/container-credentials') {
      keep('authorization');
      if (this.behaviour.containerStatus) return json(this.behaviour.containerStatus, { Code: 'Fail', Message: 'no' });
      if (h.authorization !== this.containerToken) return json(403, { Code: 'AccessDenied', Message: 'bad token' });
      const c = this.issue('container');
      return json(200, { AccessKeyId: c.AccessKeyId, SecretAccessKey: c.SecretAccessKey, Token: c.SessionToken, Expiration: EXPIRATION, RoleArn: 'arn:aws:iam::123456789012:role/task' });
    }
    return { status: 404, body: 'no such fake', type: 'text/plain' };
  }
}

/** Recomputes a SigV4 signature from what was received, with our signer and the secret of the key id the request names. */
async function verify(secret: string | undefined, m: RegExpExecArray, req: IncomingMessage, url: URL, body: string): Promise<boolean> {
  if (!secret) return false;
  const signed: Record<string, string> = {};
  for (const name of m[4].split(';')) if (!['host', 'x-amz-date', 'x-amz-security-token', 'authorization'].includes(name)) signed[name] = String(req.headers[name]);
  const amzDate = String(req.headers['x-amz-date']);
  const date = new Date(amzDate.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));
  const token = req.headers['x-amz-security-token'];
  const credentials = { accessKeyId: m[1], secretAccessKey: secret, ...(token ? { sessionToken: String(token) } : {}) };
  const signer = createSigner({ type: 'sigv4', credentials: async () => credentials, source: 'explicit' }, { region: m[2], service: m[3] });
  const ours = await signer.sign({ method: req.method ?? 'POST', url: new URL(url.pathname + url.search, `http://${req.headers.host}`), headers: signed, body }, { signingDate: date });
  return ours.authorization === String(req.headers.authorization);
}

// ---------------------------------------------------------------------------------------------
// Running one setup (files, environment) through a chain

export interface ChainCase {
  name: string;
  config?: string;
  credentials?: string;
  /** Extra variables; `null` removes one the runner sets. `{dir}`, `{url}`, `{node}` are replaced. */
  env?: Record<string, string | null>;
  /** Files under the case's directory (relative path → text). */
  files?: Record<string, string>;
  /** SSO token cache entries: the session name (or legacy start URL) → the cached token. */
  sso?: Record<string, Record<string, unknown>>;
  behaviour?: FakeBehaviour;
  /** Requests the case must make (proves it reached the fakes it is about). */
  requests: number;
}

const saved = { ...process.env };
const dirs: string[] = [];

export function ssoCacheFile(home: string, id: string): string {
  return join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update(id).digest('hex')}.json`);
}

/** Writes the case's files into a fresh directory and sets process.env for it (both chains read process.env). */
export function setUpCase(fakes: Fakes, c: ChainCase): string {
  const dir = mkdtempSync(join(tmpdir(), 'bw-chain-'));
  dirs.push(dir);
  const fill = (s: string) => s.replaceAll('{dir}', dir).replaceAll('{url}', fakes.url).replaceAll('{node}', process.execPath);
  writeFileSync(join(dir, 'config'), fill(c.config ?? ''));
  writeFileSync(join(dir, 'credentials'), fill(c.credentials ?? ''));
  for (const [name, text] of Object.entries(c.files ?? {})) writeFileSync(join(dir, name), fill(text));
  for (const [id, token] of Object.entries(c.sso ?? {})) {
    const file = ssoCacheFile(dir, id);
    mkdirSync(join(dir, '.aws', 'sso', 'cache'), { recursive: true });
    writeFileSync(file, JSON.stringify(token));
  }
  for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) delete process.env[k];
  const env: Record<string, string | null> = {
    HOME: dir,
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_EC2_METADATA_SERVICE_ENDPOINT: fakes.url,
    AWS_ENDPOINT_URL_STS: fakes.url,
    AWS_ENDPOINT_URL_SSO: fakes.url,
    AWS_ENDPOINT_URL_SSO_OIDC: fakes.url,
    ...c.env,
  };
  for (const [k, v] of Object.entries(env)) {
    if (v === null) delete process.env[k];
    else process.env[k] = fill(v);
  }
  return dir;
}

export function restoreEnv(): void {
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
}

export interface Outcome {
  credentials?: AwsCredentials;
  error?: Error;
  seen: Seen[];
  dir: string;
}

export async function runCase(fakes: Fakes, which: 'oracle' | 'ours', c: ChainCase): Promise<Outcome> {
  const dir = setUpCase(fakes, c);
  fakes.reset(c.behaviour);
  try {
    const got = which === 'oracle' ? await fromNodeProviderChain()() : await (await loadDefaultChain()).nodeChain()();
    const credentials: AwsCredentials = { accessKeyId: got.accessKeyId, secretAccessKey: got.secretAccessKey };
    if (got.sessionToken) credentials.sessionToken = got.sessionToken;
    if (got.expiration) credentials.expiration = got.expiration;
    return { credentials, seen: fakes.seen, dir };
  } catch (error) {
    return { error: error as Error, seen: fakes.seen, dir };
  } finally {
    restoreEnv();
  }
}

/** Removes the cases' directories. */
export function cleanUp(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}
