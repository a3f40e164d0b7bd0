// THE ORACLE: the official @aws-sdk/client-bedrock-runtime (dev dependency) signs the same request
// with the same credentials and clock; our Authorization header must be identical. The official
// client's request is captured by a request handler that records it and answers a fake 200.
import { createHash, createHmac } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  BedrockRuntimeClient,
  ConverseCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import {
  createSigner,
  operationPath,
  resolveAuth,
  resolveEndpoint,
  type AwsCredentials,
} from '../../src/aws/index.js';

interface Captured {
  method: string;
  hostname: string;
  port?: number;
  path: string;
  headers: Record<string, string>;
  body: Uint8Array | string;
}

const MODEL_IDS = [
  'anthropic.claude-3-haiku-20240307-v1:0', // foundation id with ':'
  'us.anthropic.claude-sonnet-4-20250514-v1:0', // cross-region inference profile
  'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0', // ARN with '/'
  'arn:aws:bedrock:us-west-2:123456789012:application-inference-profile/a1b2c3d4e5f6',
];
const LONG_TERM: AwsCredentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const TEMPORARY: AwsCredentials = {
  accessKeyId: 'ASIAEXAMPLE',
  secretAccessKey: 'tmpSecretEXAMPLEKEY/abc+def',
  sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE//////////token+with/slashes==',
};

function officialClient(config: Record<string, unknown>) {
  const requests: Captured[] = [];
  const client = new BedrockRuntimeClient({
    ...config,
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: Captured) => {
        requests.push(request);
        return {
          response: { statusCode: 200, headers: { 'content-type': 'application/json' }, body: Readable.from([Buffer.from('{}')]) },
        };
      },
    } as never,
  });
  return { client, requests };
}

/** Sends `command` through the official client and returns the request it signed. */
async function capture(config: Record<string, unknown>, command: unknown): Promise<Captured> {
  const { client, requests } = officialClient(config);
  // The fake response may not parse as the operation's output: only the request matters here.
  await client.send(command as never).catch(() => undefined);
  client.destroy();
  expect(requests).toHaveLength(1);
  return requests[0];
}

function header(headers: Record<string, string>, name: string): string {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  if (key === undefined) throw new Error(`official request has no ${name} header`);
  return headers[key];
}

function dateOf(amzDate: string): Date {
  return new Date(amzDate.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));
}

const signedList = (authorization: string) => /SignedHeaders=([^,]+)/.exec(authorization)![1].split(';');

const operations = [
  {
    name: 'InvokeModel',
    op: 'invoke' as const,
    command: (modelId: string) =>
      new InvokeModelCommand({ modelId, body: '{"prompt":"hi","max_tokens":5}', contentType: 'application/json', accept: 'application/json' }),
  },
  {
    name: 'InvokeModelWithResponseStream',
    op: 'invoke-with-response-stream' as const,
    command: (modelId: string) =>
      new InvokeModelWithResponseStreamCommand({ modelId, body: new TextEncoder().encode('{"messages":[]}'), contentType: 'application/json' }),
  },
  {
    name: 'Converse',
    op: 'converse' as const,
    command: (modelId: string) =>
      new ConverseCommand({ modelId, messages: [{ role: 'user', content: [{ text: 'Hello: /é?' }] }], inferenceConfig: { maxTokens: 8 } }),
  },
];

describe('SigV4: our Authorization equals @aws-sdk/client-bedrock-runtime', () => {
  for (const { name, op, command } of operations) {
    for (const modelId of MODEL_IDS) {
      for (const [label, credentials] of [['long-term keys', LONG_TERM], ['session token', TEMPORARY]] as const) {
        it(`${name} · ${modelId} · ${label}`, async () => {
          const region = 'us-east-1';
          const official = await capture({ region, credentials }, command(modelId));
          const authorization = header(official.headers, 'authorization');
          const amzDate = header(official.headers, 'x-amz-date');

          // Same URL: host from our endpoint resolution, path from operationPath.
          const url = new URL(operationPath(modelId, op), resolveEndpoint({ region, env: {} }));
          expect(official.hostname).toBe(url.hostname);
          expect(official.path).toBe(url.pathname);

          // Sign over the same header set the official client signed (it adds its own SDK headers).
          const headers: Record<string, string> = {};
          for (const h of signedList(authorization)) {
            if (h !== 'host' && h !== 'x-amz-date' && h !== 'x-amz-security-token') headers[h] = header(official.headers, h);
          }
          const signer = createSigner(resolveAuth({ credentials, env: {} }), { region });
          const ours = await signer.sign(
            { method: official.method, url, headers, body: official.body },
            { signingDate: dateOf(amzDate) },
          );
          expect(ours.authorization).toBe(authorization);
          expect(ours['x-amz-date']).toBe(amzDate);
          expect(ours.host).toBe(header(official.headers, 'host'));
          expect(ours['x-amz-security-token']).toBe(credentials.sessionToken);
          if (credentials.sessionToken) expect(header(official.headers, 'x-amz-security-token')).toBe(credentials.sessionToken);
        });
      }
    }
  }

  it('the canonical URI double-encodes the model id (checked with a hand-written SigV4)', async () => {
    // An independent reference for the minimal header set (the official client cannot produce it).
    const modelId = MODEL_IDS[2];
    const url = new URL(operationPath(modelId, 'converse'), 'https://bedrock-runtime.us-west-2.amazonaws.com');
    const body = '{"messages":[]}';
    const date = new Date('2025-01-02T03:04:05Z');
    const signer = createSigner(resolveAuth({ credentials: TEMPORARY, env: {} }), { region: 'us-west-2' });
    const ours = await signer.sign({ method: 'POST', url, headers: { 'Content-Type': 'application/json' }, body }, { signingDate: date });

    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    const hmac = (k: string | Buffer, s: string) => createHmac('sha256', k).update(s).digest();
    expect(url.pathname).toContain('%3A');
    expect(url.pathname).toContain('%2F');
    const canonical = [
      'POST',
      url.pathname.replace(/%/g, '%25'), // every '%' of the once-encoded path encoded again
      '',
      'content-type:application/json',
      `host:${url.host}`,
      'x-amz-date:20250102T030405Z',
      `x-amz-security-token:${TEMPORARY.sessionToken}`,
      '',
      'content-type;host;x-amz-date;x-amz-security-token',
      sha(body),
    ].join('\n');
    const scope = '20250102/us-west-2/bedrock/aws4_request';
    const toSign = ['AWS4-HMAC-SHA256', '20250102T030405Z', scope, sha(canonical)].join('\n');
    let key = hmac(`AWS4${TEMPORARY.secretAccessKey}`, '20250102');
    for (const part of ['us-west-2', 'bedrock', 'aws4_request']) key = hmac(key, part);
    const signature = createHmac('sha256', key).update(toSign).digest('hex');
    expect(ours.authorization).toBe(
      `AWS4-HMAC-SHA256 Credential=${TEMPORARY.accessKeyId}/${scope}, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=${signature}`,
    );
  });

  it('by default signs a minimal header set: what is sent, host, x-amz-date (+ token), nothing else', async () => {
    const official = await capture({ region: 'us-east-1', credentials: LONG_TERM }, operations[0].command(MODEL_IDS[0]));
    const url = new URL(operationPath(MODEL_IDS[0], 'invoke'), 'https://bedrock-runtime.us-east-1.amazonaws.com');
    const signer = createSigner(resolveAuth({ credentials: LONG_TERM, env: {} }), { region: 'us-east-1' });
    const ours = await signer.sign({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: '{}',
    });
    expect(signedList(ours.authorization)).toEqual(['accept', 'content-type', 'host', 'x-amz-date']);
    expect(Object.keys(ours).sort()).toEqual(['accept', 'authorization', 'content-type', 'host', 'x-amz-date']);
    // The official client signs more (SDK bookkeeping headers and the payload hash).
    const theirs = signedList(header(official.headers, 'authorization'));
    expect(theirs).toEqual(expect.arrayContaining(['amz-sdk-invocation-id', 'x-amz-content-sha256', 'x-amz-user-agent']));
    expect(theirs.length).toBeGreaterThan(signedList(ours.authorization).length);
  });

  it('host keeps a non-default port and drops a default one', async () => {
    const signer = createSigner(resolveAuth({ credentials: LONG_TERM, env: {} }), { region: 'us-east-1' });
    const a = await signer.sign({ method: 'POST', url: new URL('http://127.0.0.1:8123/model/x/invoke'), headers: { host: 'evil.example' } });
    expect(a.host).toBe('127.0.0.1:8123');
    const b = await signer.sign({ method: 'POST', url: new URL('https://bedrock-runtime.us-east-1.amazonaws.com:443/model/x/invoke'), headers: {} });
    expect(b.host).toBe('bedrock-runtime.us-east-1.amazonaws.com');
  });

  it('a provider returning no keys is a ConfigurationError at signing time', async () => {
    const signer = createSigner({ type: 'sigv4', credentials: async () => ({ accessKeyId: '', secretAccessKey: 'x' }), source: 'explicit' }, { region: 'us-east-1' });
    await expect(signer.sign({ method: 'POST', url: new URL('https://h/'), headers: {} })).rejects.toBeInstanceOf(ConfigurationError);
  });

  it('re-signing later gives a new date and signature (signed per attempt)', async () => {
    const signer = createSigner(resolveAuth({ credentials: LONG_TERM, env: {} }), { region: 'us-east-1' });
    const request = { method: 'POST', url: new URL('https://bedrock-runtime.us-east-1.amazonaws.com/model/m/invoke'), headers: {}, body: '{}' };
    const one = await signer.sign(request, { signingDate: new Date('2025-01-01T00:00:00Z') });
    const two = await signer.sign(request, { signingDate: new Date('2025-01-01T00:00:01Z') });
    expect(one['x-amz-date']).not.toBe(two['x-amz-date']);
    expect(one.authorization).not.toBe(two.authorization);
  });
});

describe('endpoints: ours equal the official client', () => {
  for (const region of ['us-east-1', 'eu-west-3', 'ap-northeast-1', 'cn-north-1', 'cn-northwest-1']) {
    it(region, async () => {
      const official = await capture({ region, credentials: LONG_TERM }, operations[0].command(MODEL_IDS[0]));
      const ours = resolveEndpoint({ region, env: {} });
      expect(ours.hostname).toBe(official.hostname);
      expect(ours.protocol).toBe('https:');
      expect(signedList(header(official.headers, 'authorization'))).toContain('host');
      expect(header(official.headers, 'authorization')).toContain(`/${region}/bedrock/aws4_request`);
    });
  }
});

describe('custom endpoints: same URL, host header and signature as the official client', () => {
  const cases: Array<[string, { endpoint?: string; env?: Record<string, string> }]> = [
    ['endpoint option, loopback with port', { endpoint: 'http://127.0.0.1:4010' }],
    ['AWS_ENDPOINT_URL_BEDROCK_RUNTIME', { env: { AWS_ENDPOINT_URL_BEDROCK_RUNTIME: 'https://vpce-1.bedrock-runtime.us-east-1.vpce.amazonaws.com' } }],
    ['AWS_ENDPOINT_URL', { env: { AWS_ENDPOINT_URL: 'https://proxy.example:8443' } }],
  ];
  for (const [name, { endpoint, env = {} }] of cases) {
    it(name, async () => {
      const saved = { ...process.env };
      Object.assign(process.env, env); // the official client reads process.env when it is built
      let official: Captured;
      try {
        official = await capture({ region: 'us-east-1', credentials: TEMPORARY, ...(endpoint ? { endpoint } : {}) }, operations[0].command(MODEL_IDS[2]));
      } finally {
        for (const k of Object.keys(env)) delete process.env[k];
        Object.assign(process.env, saved);
      }
      const base = resolveEndpoint({ region: 'us-east-1', endpoint, env });
      const url = new URL(operationPath(MODEL_IDS[2], 'invoke'), base);
      expect(official.hostname).toBe(url.hostname);
      expect(official.path).toBe(url.pathname);
      expect(header(official.headers, 'host')).toBe(url.host);
      const authorization = header(official.headers, 'authorization');
      const headers: Record<string, string> = {};
      for (const h of signedList(authorization)) {
        if (h !== 'host' && h !== 'x-amz-date' && h !== 'x-amz-security-token') headers[h] = header(official.headers, h);
      }
      const signer = createSigner(resolveAuth({ credentials: TEMPORARY, env: {} }), { region: 'us-east-1' });
      const ours = await signer.sign({ method: 'POST', url, headers, body: official.body }, { signingDate: dateOf(header(official.headers, 'x-amz-date')) });
      expect(ours.host).toBe(url.host);
      expect(ours.authorization).toBe(authorization);
    });
  }
});

describe('bearer keys: ours equal the official client', () => {
  it('Authorization: Bearer <key>, no SigV4 headers', async () => {
    const key = 'bedrock-api-key-QUJDREVGRzEyMzQ1Njc4OTA=';
    const official = await capture(
      { region: 'us-east-1', token: { token: key }, authSchemePreference: ['httpBearerAuth'] },
      operations[2].command(MODEL_IDS[0]),
    );
    const auth = resolveAuth({ apiKey: key, env: {} });
    expect(auth.type).toBe('bearer');
    const signer = createSigner(auth, { region: 'us-east-1' });
    const url = new URL(operationPath(MODEL_IDS[0], 'converse'), resolveEndpoint({ region: 'us-east-1', env: {} }));
    const ours = await signer.sign({ method: 'POST', url, headers: { 'content-type': 'application/json' }, body: official.body });
    expect(ours.authorization).toBe(header(official.headers, 'authorization'));
    expect(ours.authorization).toBe(`Bearer ${key}`);
    expect(ours).not.toHaveProperty('x-amz-date');
    expect(ours).not.toHaveProperty('x-amz-security-token');
    expect(ours['content-type']).toBe('application/json');
  });

  it('from AWS_BEARER_TOKEN_BEDROCK', async () => {
    const signer = createSigner(resolveAuth({ env: { AWS_BEARER_TOKEN_BEDROCK: 'k-env', AWS_ACCESS_KEY_ID: 'A', AWS_SECRET_ACCESS_KEY: 'S' } }), {
      region: 'us-east-1',
    });
    const headers = await signer.sign({ method: 'POST', url: new URL('https://h/'), headers: { Accept: '*/*' } });
    expect(headers).toEqual({ accept: '*/*', authorization: 'Bearer k-env' });
  });
});
