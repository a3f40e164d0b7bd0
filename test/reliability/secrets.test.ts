// Secrets masked by value: whatever a server or proxy echoes (HTML, plain text, error headers,
// in-stream exceptions, STS's error text), no secret the client holds and no signature it computed
// reaches an error's message, stack, service message or cause.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BedrockRuntime } from '../../src/runtime/index.js';
import { BedrockError, ConfigurationError } from '../../src/errors.js';
import { Secrets, secretsOf } from '../../src/redact.js';
import { API_KEY, SECRET, TOKEN, frame, hostile, type Hostile } from './hostile.js';

const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
const credentials = { accessKeyId: 'AKIDEXAMPLE00000000', secretAccessKey: SECRET, sessionToken: TOKEN };

/** Every text an error exposes, down its cause chain. */
function texts(err: unknown): string {
  const out: string[] = [];
  let e: any = err;
  for (let i = 0; i < 8 && e && typeof e === 'object'; i++, e = e.cause) {
    out.push(String(e.message), String(e.stack), String(e.serviceMessage ?? ''), String(e.errorType ?? ''), String(e.requestId ?? ''));
  }
  return out.join('\n');
}

/** No secret, nor any 16-character piece of one, nor the request's signature. */
function expectClean(text: string, signature?: string): void {
  for (const secret of [SECRET, TOKEN, API_KEY]) {
    for (let i = 0; i + 16 <= secret.length; i += 8) expect(text).not.toContain(secret.slice(i, i + 16));
  }
  if (signature) expect(text).not.toContain(signature);
}

const signatureOf = (h: Hostile): string => /Signature=([0-9a-f]{64})/.exec(String(h.requests.at(-1)?.headers.authorization))![1];

let mode = '';
let server: Hostile;
beforeAll(async () => {
  server = await hostile((req, res) => {
    const auth = String(req.headers.authorization ?? '');
    const token = String(req.headers['x-amz-security-token'] ?? '');
    const echo = Object.entries(req.headers).map(([k, v]) => `<tr><td>${k}</td><td>${v}</td></tr>`).join('');
    switch (mode) {
      case 'html': // a proxy's error page echoing the request headers in a table
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end(`<html><body><h1>Bad gateway</h1><table>${echo}</table></body></html>`);
        return;
      case 'text-cut': // the token starts inside the 200-character excerpt and runs past it
        res.writeHead(400, { 'content-type': 'text/plain' });
        res.end(`${'denied '.repeat(25)}x-amz-security-token ${token} ${auth}`);
        return;
      case 'headers': // error type and request id headers carrying secrets
        res.writeHead(403, { 'x-amzn-errortype': `AccessDeniedException:${token}`, 'x-amzn-requestid': auth, 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: `bad key ${SECRET}` }));
        return;
      case 'json': // the service's JSON shape, echoing the Authorization header in its message
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: `The request signature we calculated does not match: ${auth} token=${token}` }));
        return;
      case 'stream-exception': // a chunk, then an exception frame quoting the Authorization header
        res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
        res.write(frame('event', 'chunk', { bytes: Buffer.from('{"type":"message_start"}').toString('base64') }));
        res.end(frame('exception', 'validationException', { message: `echo: ${auth} ${token}` }));
        return;
      case 'stream-exception-first': // an exception frame before any event
        res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
        res.end(frame('exception', 'throttlingException', { message: `echo ${auth}` }));
        return;
    }
  });
});
afterAll(() => server.close());

function client(extra: object = {}) {
  return new BedrockRuntime({ region: 'us-east-1', endpoint: server.url, credentials, maxAttempts: 1, env: {}, ...extra });
}

describe('secrets in errors are masked by value', () => {
  for (const m of ['html', 'text-cut', 'headers', 'json']) {
    it(`unary error: ${m}`, async () => {
      mode = m;
      const c = client();
      const err = await c.invokeModel({ modelId: MODEL, body: {} }).catch((e: unknown) => e);
      await c.close();
      expect(err).toBeInstanceOf(BedrockError);
      const all = texts(err);
      // the server did echo them: the test would catch a leak
      expect(String(server.requests.at(-1)?.headers['x-amz-security-token'])).toBe(TOKEN);
      expect(all).toContain('***');
      expectClean(all, signatureOf(server));
    });
  }

  it('API key echoed in an in-stream exception after events were delivered', async () => {
    mode = 'stream-exception';
    const c = new BedrockRuntime({ region: 'us-east-1', endpoint: server.url, apiKey: API_KEY, maxAttempts: 1, env: {} });
    const got: unknown[] = [];
    const err = await (async () => {
      for await (const e of c.invokeModelWithResponseStream({ modelId: MODEL, body: {} })) got.push(e);
    })().catch((e: unknown) => e);
    await c.close();
    expect(got).toHaveLength(1); // what the caller received is kept
    expect(String(server.requests.at(-1)?.headers.authorization)).toBe(`Bearer ${API_KEY}`);
    expect(err).toBeInstanceOf(BedrockError);
    expect(texts(err)).toContain('***');
    expectClean(texts(err));
  });

  it('signature echoed in an exception frame before any event (final after retries)', async () => {
    mode = 'stream-exception-first';
    const c = client({ maxAttempts: 2, retry: { baseDelayMs: 1, maxDelayMs: 1 } });
    const err = await (async () => {
      for await (const _ of c.converseStream({ modelId: MODEL, messages: [] })) void _;
    })().catch((e: unknown) => e);
    await c.close();
    expect(err).toBeInstanceOf(BedrockError);
    expect((err as BedrockError).code).toBe('ThrottlingException');
    expectClean(texts(err), signatureOf(server));
  });

  it('the client redacts its own secrets for log lines', () => {
    const c = client();
    expect(c.redact(`a ${SECRET} b ${encodeURIComponent(TOKEN)} c`)).toBe('a *** b *** c');
  });
});

describe('Secrets', () => {
  it('masks every occurrence, longest value first, and a value cut at the end', () => {
    const s = secretsOf('abcdefgh12345678', 'abcdefgh');
    expect(s.redact('x abcdefgh12345678 y abcdefgh z')).toBe('x *** y *** z');
    expect(secretsOf('abcdefgh12345678').redact('cut here: abcdefgh1234')).toBe('cut here: ***');
    expect(s.redact('nothing')).toBe('nothing');
  });

  it('ignores values too short to be secrets', () => {
    expect(secretsOf('abc', '', undefined, 42).redact('abc 42')).toBe('abc 42');
  });

  it('masks remembered signatures only, and keeps the newest 4,096', () => {
    const s = new Secrets();
    const sig = (i: number) => createHash('sha256').update(String(i)).digest('hex');
    s.addAuthorization(`AWS4-HMAC-SHA256 Credential=A/x, SignedHeaders=host, Signature=${sig(1)}`);
    expect(s.redact(`s=${sig(1)} other=${sig(2)}`)).toBe(`s=*** other=${sig(2)}`);
    expect(s.redact(`cut ${sig(1).slice(0, 40)}`)).toBe('cut ***');
    for (let i = 2; i < 4100; i++) s.addSignature(sig(i));
    expect(s.redact(sig(1))).toBe(sig(1)); // fell off
    expect(s.redact(sig(4099))).toBe('***');
    // Exactly the newest 4,096 (2..4099 were added after 1: 4..4099 remain).
    expect(s.redact(sig(3))).toBe(sig(3));
    expect(s.redact(sig(4))).toBe('***');
    // A header where the signature is not last is searched; one added after a masking is masked next time.
    s.addAuthorization(`AWS4-HMAC-SHA256 Signature=${sig(9001)}, Credential=A/x`);
    expect(s.redact(sig(9001))).toBe('***');
    s.addAuthorization(`AWS4-HMAC-SHA256 Credential=A/x, SignedHeaders=host, Signature=${sig(9002)}`);
    // Two more in, the two oldest (4 and 5) out.
    expect(s.redact(`${sig(9002)} ${sig(6)} ${sig(5)} ${sig(4)}`)).toBe(`*** *** ${sig(5)} ${sig(4)}`);
  });

  it('scrubs message, stack, serviceMessage and causes in place', () => {
    const s = secretsOf(SECRET);
    const err = new ConfigurationError(`x ${SECRET}`, { serviceMessage: SECRET, cause: new Error(`inner ${SECRET}`) });
    expect(s.scrub(err)).toBe(err);
    expectClean(texts(err));
  });
});
