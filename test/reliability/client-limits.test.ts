// Every limit of the wire client, against a hostile server on loopback: bodies that never end,
// 1-byte trickles, Retry-After storms, streams that never finish, bad options and bad inputs,
// close() with calls in flight, garbage inside valid frames. Each ends in a typed error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BedrockRuntime } from '../../src/runtime/index.js';
import {
  ClientClosedError,
  ConfigurationError,
  MalformedResponseError,
  ResponseTooLargeError,
  TimeoutError,
  ValidationError,
} from '../../src/errors.js';
import { providerErrorKind } from '../../src/provider/error-kind.js';
import { chunk, frame, hostile, type Hostile } from './hostile.js';
import { crc32 } from '../../src/eventstream/index.js';
import { EventStreamError } from '../../src/eventstream/index.js';
import { ThrottlingError } from '../../src/errors.js';

const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
const credentials = { accessKeyId: 'AKIDEXAMPLE00000000', secretAccessKey: 'secretsecretsecretsecret' };

let mode = '';
let server: Hostile;
const timers = new Set<ReturnType<typeof setInterval>>();
beforeAll(async () => {
  server = await hostile((req, res) => {
    const every = (ms: number, fn: () => void) => {
      const t = setInterval(() => (res.destroyed ? clearInterval(t) : fn()), ms);
      timers.add(t);
      res.on('close', () => clearInterval(t));
    };
    switch (mode) {
      case 'endless': // a 200 body that never ends, 64 KiB per tick
        res.writeHead(200, { 'content-type': 'application/json' });
        every(1, () => res.write(Buffer.alloc(64 * 1024, 0x20)));
        return;
      case 'trickle': // one byte every 20 ms: never idle, never done
        res.writeHead(200, { 'content-type': 'application/json' });
        every(20, () => res.write(' '));
        return;
      case 'retry-after':
        res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '10', 'x-amzn-errortype': 'ServiceUnavailableException' });
        res.end('{"message":"busy"}');
        return;
      case 'endless-stream': // a chunk every 20 ms, forever
        res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
        every(20, () => res.write(chunk({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'x' } })));
        return;
      case 'stall': // headers, then nothing
        res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
        res.write(chunk({ type: 'message_start' }));
        return;
      case 'garbage-frame':
        res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
        res.write(frame('event', 'messageStart', { role: 'assistant' }));
        res.end(frame('event', 'contentBlockDelta', '{"delta": {"text": "unterminated'));
        return;
      case 'garbage-body':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('<html>not json</html>');
        return;
      case 'huge-error': // a proxy's error page that never ends
        res.writeHead(502, { 'content-type': 'text/html' });
        res.write('<html><body><h1>Bad gateway</h1>');
        every(1, () => res.write(Buffer.alloc(64 * 1024, 0x61)));
        return;
      case 'big-frame': { // a valid prelude declaring a 50 MB message
        res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
        const p = Buffer.alloc(12);
        p.writeUInt32BE(50_000_000, 0);
        p.writeUInt32BE(0, 4);
        p.writeUInt32BE(crc32(p.subarray(0, 8)), 8);
        res.write(p);
        every(1, () => res.write(Buffer.alloc(64 * 1024)));
        return;
      }
      case 'storm':
        res.writeHead(429, { 'content-type': 'application/json', 'x-amzn-errortype': 'ThrottlingException' });
        res.end('{"message":"Too many requests"}');
        return;
      default:
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
    }
  });
});
afterAll(async () => {
  for (const t of timers) clearInterval(t);
  await server.close();
});

function client(extra: object = {}) {
  return new BedrockRuntime({ region: 'us-east-1', endpoint: server.url, credentials, env: {}, ...extra });
}

async function eventually(check: () => boolean): Promise<boolean> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  return check();
}

describe('response size', () => {
  it('a 200 body past maxResponseBytes is a ResponseTooLargeError; the socket is dropped; no retry', async () => {
    mode = 'endless';
    const c = client({ maxResponseBytes: 1024 * 1024 });
    const from = server.requests.length;
    const err = await c.invokeModel({ modelId: MODEL, body: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseTooLargeError);
    expect((err as ResponseTooLargeError).retryable).toBe(false);
    expect((err as Error).message).toMatch(/maxResponseBytes \(1048576 bytes\)/);
    expect(server.requests.length - from).toBe(1);
    expect(await eventually(() => server.openSockets() === 0)).toBe(true);
    await c.close();
  });

  it('Converse and CountTokens read through the same limit', async () => {
    mode = 'endless';
    const c = client({ maxResponseBytes: 100_000 });
    await expect(c.converse({ modelId: MODEL, messages: [] })).rejects.toBeInstanceOf(ResponseTooLargeError);
    await expect(c.countTokens({ modelId: MODEL, input: { converse: { messages: [] } } })).rejects.toBeInstanceOf(ResponseTooLargeError);
    await c.close();
  });
});

describe('hostile answers', () => {
  it('an endless error page is read up to 64 KiB, typed, and its socket dropped', async () => {
    mode = 'huge-error';
    const c = client({ maxAttempts: 1 });
    const err = await c.invokeModel({ modelId: MODEL, body: {} }).catch((e: unknown) => e);
    expect((err as Error).name).toBe('UnknownServiceError');
    expect((err as { httpStatus: number }).httpStatus).toBe(502);
    expect((err as Error).message.length).toBeLessThan(400);
    expect(await eventually(() => server.openSockets() === 0)).toBe(true);
    await c.close();
  });

  it('a prelude declaring 50 MB is MESSAGE_TOO_LARGE before anything is buffered', async () => {
    mode = 'big-frame';
    const c = client({ maxAttempts: 1 });
    const err = await (async () => {
      for await (const _ of c.invokeModelWithResponseStream({ modelId: MODEL, body: {} })) void _;
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EventStreamError);
    expect((err as EventStreamError).code).toBe('MESSAGE_TOO_LARGE');
    expect(await eventually(() => server.openSockets() === 0)).toBe(true);
    await c.close();
  });

  it('a 429 storm ends after maxAttempts with the attempts counted', async () => {
    mode = 'storm';
    const c = client({ maxAttempts: 3, retry: { baseDelayMs: 1, maxDelayMs: 2 } });
    const from = server.requests.length;
    const err = await c.converse({ modelId: MODEL, messages: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ThrottlingError);
    expect(server.requests.length - from).toBe(3);
    await c.close();
  });
});

describe('deadlines', () => {
  it('timeouts.totalMs ends a 1-byte-per-20-ms trickle that idleMs never catches', async () => {
    mode = 'trickle';
    const c = client({ timeouts: { totalMs: 300, idleMs: 60_000 } });
    const err = await c.invokeModel({ modelId: MODEL, body: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).phase).toBe('total');
    expect((err as Error).message).toBe('total timeout after 300 ms');
    expect(await eventually(() => server.openSockets() === 0)).toBe(true);
    await c.close();
  });

  it('timeouts.totalMs bounds the retries and the backoff between them', async () => {
    mode = 'retry-after';
    const c = client({ timeouts: { totalMs: 300 }, maxAttempts: 3, retry: { maxRetryAfterMs: 10_000 } });
    const from = server.requests.length;
    const err = await c.converse({ modelId: MODEL, messages: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).phase).toBe('total');
    expect(server.requests.length - from).toBe(1); // the 10 s Retry-After was cut short
    await c.close();
  });

  it('timeouts.streamMs ends a stream that never finishes, after the events it delivered', async () => {
    mode = 'endless-stream';
    const c = client({ timeouts: { streamMs: 300 } });
    let n = 0;
    const err = await (async () => {
      for await (const _ of c.invokeModelWithResponseStream({ modelId: MODEL, body: {} })) n++;
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).phase).toBe('stream');
    expect(n).toBeGreaterThan(0);
    expect(await eventually(() => server.openSockets() === 0)).toBe(true);
    await c.close();
  });

  it('streams have no ceiling by default; a finished stream leaves no timer behind', async () => {
    mode = 'garbage-frame';
    const c = client({ timeouts: { streamMs: 3_600_000 } });
    await expect(
      (async () => {
        for await (const _ of c.converseStream({ modelId: MODEL, messages: [] })) void _;
      })(),
    ).rejects.toBeInstanceOf(MalformedResponseError);
    await c.close();
  });
});

describe('options are checked when the client is made', () => {
  const cases: Array<[string, object, RegExp]> = [
    ['timeout over 2^31-1 ms', { timeouts: { idleMs: 2 ** 31 } }, /^timeouts\.idleMs: expected an integer from 0 to 2147483647, got 2147483648/],
    ['negative timeout', { timeouts: { firstByteMs: -1 } }, /^timeouts\.firstByteMs: .* got -1/],
    ['string timeout', { timeouts: { totalMs: 'abc' } }, /^timeouts\.totalMs: .* got string/],
    ['NaN timeout', { timeouts: { streamMs: Number.NaN } }, /^timeouts\.streamMs/],
    ['timeouts not an object', { timeouts: 5 }, /^timeouts: expected an object/],
    ['maxAttempts 1e9', { maxAttempts: 1e9 }, /^maxAttempts: expected an integer from 1 to 100/],
    ['maxAttempts 0', { maxAttempts: 0 }, /^maxAttempts/],
    ['maxAttempts "3"', { maxAttempts: '3' }, /^maxAttempts: .* got string/],
    ['maxResponseBytes 0', { maxResponseBytes: 0 }, /^maxResponseBytes/],
    ['retry delay -5', { retry: { baseDelayMs: -5 } }, /^retry\.baseDelayMs/],
    ['apiKey a number', { apiKey: 12345678901 }, /^apiKey: expected a string, got number/],
    ['region a number', { region: 1 }, /^region: expected a string/],
    ['endpoint an object', { endpoint: {} }, /^endpoint: expected a URL string/],
    ['credentials a string', { credentials: 'AKID:secret' }, /^credentials: expected/],
    ['secret key a number', { credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 42 } }, /^credentials\.secretAccessKey: expected a string/],
  ];
  for (const [name, bad, message] of cases) {
    it(name, () => {
      let err: unknown;
      try {
        client(bad);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ConfigurationError);
      expect((err as Error).message).toMatch(message);
    });
  }

  it('a wrong-typed secret is never quoted', () => {
    expect(() => client({ apiKey: { key: 'bedrock-api-key-zzz' } })).toThrow(/^apiKey: expected a string, got object$/);
  });
});

describe('inputs are checked before anything is sent, never retried', () => {
  const circular: Record<string, unknown> = { a: 1 };
  circular.self = circular;
  let deep: Record<string, unknown> = {};
  for (let i = 0; i < 20_000; i++) deep = { d: deep };

  const invoke: Array<[string, object, RegExp]> = [
    ['CR/LF in guardrailIdentifier', { guardrailIdentifier: 'g\r\nx-injected: 1' }, /^guardrailIdentifier: contains a control character/],
    ['NUL in contentType', { contentType: 'application/json\0' }, /^contentType: contains a control character/],
    ['guardrailIdentifier a number', { guardrailIdentifier: 7 }, /^guardrailIdentifier: expected a string, got number/],
    ['oversized accept', { accept: 'a'.repeat(5000) }, /^accept: longer than 2048/],
    ['model id "."', { modelId: '.' }, /^modelId: "\." is not a model id/],
    ['model id ".."', { modelId: '..' }, /^modelId: "\.\." is not a model id/],
    ['oversized model id', { modelId: 'm'.repeat(100_000) }, /^modelId: longer than 2048 characters \(100000\)/],
    ['model id a number', { modelId: 42 }, /^modelId: .* got number/],
    ['BigInt in body', { body: { n: 10n } }, /^body: cannot be sent as JSON \(Do not know how to serialize a BigInt\)/],
    ['circular body', { body: circular }, /^body: cannot be sent as JSON \(Converting circular structure/],
    ['20,000-deep body', { body: deep }, /^body: cannot be sent as JSON \(nested too deeply\)/],
  ];
  for (const [name, patch, message] of invoke) {
    it(`invokeModel: ${name}`, async () => {
      mode = 'ok';
      const c = client({ maxAttempts: 3 });
      const from = server.requests.length;
      const err = await c.invokeModel({ modelId: MODEL, body: {}, ...patch } as never).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as Error).message).toMatch(message);
      expect(server.requests.length - from).toBe(0);
      let streamErr: unknown;
      try {
        const s = c.invokeModelWithResponseStream({ modelId: MODEL, body: {}, ...patch } as never);
        for await (const _ of s) void _;
      } catch (e) {
        streamErr = e;
      }
      expect(streamErr).toBeInstanceOf(ValidationError);
      expect(server.requests.length - from).toBe(0);
      await c.close();
    });
  }

  it('converse: a BigInt in a tool schema names toolConfig', async () => {
    const c = client();
    const err = await c
      .converse({ modelId: MODEL, messages: [], toolConfig: { tools: [{ toolSpec: { name: 't', inputSchema: { json: { max: 1n } } } }] } } as never)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toMatch(/^toolConfig: cannot be sent as JSON/);
    await c.close();
  });

  it('countTokens: a missing input is a ValidationError', async () => {
    const c = client();
    await expect(c.countTokens({ modelId: MODEL } as never)).rejects.toBeInstanceOf(ValidationError);
    await c.close();
  });
});

describe('untyped ends', () => {
  it('close() with a stream in flight rejects it with ClientClosedError; calls after close too', async () => {
    mode = 'stall';
    const c = client();
    const it = c.invokeModelWithResponseStream({ modelId: MODEL, body: {} })[Symbol.asyncIterator]();
    await it.next(); // the first event arrived; the stream now waits
    const pending = it.next().catch((e: unknown) => e);
    await c.close();
    expect(await pending).toBeInstanceOf(ClientClosedError);
    await expect(c.invokeModel({ modelId: MODEL, body: {} })).rejects.toBeInstanceOf(ClientClosedError);
    expect(await eventually(() => server.openSockets() === 0)).toBe(true);
  });

  it('close() with a unary call in flight', async () => {
    mode = 'trickle';
    const c = client();
    const call = c.converse({ modelId: MODEL, messages: [] }).catch((e: unknown) => e);
    await eventually(() => server.openSockets() > 0);
    await new Promise((r) => setTimeout(r, 50));
    await c.close();
    const err = await call;
    expect(err).toBeInstanceOf(ClientClosedError);
    expect(providerErrorKind(err)).toBe('aborted');
  });

  it('garbage JSON inside a valid frame is a MalformedResponseError (kind "protocol")', async () => {
    mode = 'garbage-frame';
    const c = client();
    const got: unknown[] = [];
    const err = await (async () => {
      for await (const e of c.converseStream({ modelId: MODEL, messages: [] })) got.push(e);
    })().catch((e: unknown) => e);
    expect(got).toHaveLength(1); // the good event before it is kept
    expect(err).toBeInstanceOf(MalformedResponseError);
    expect(providerErrorKind(err)).toBe('protocol');
    await c.close();
  });

  it('a 200 Converse body that is not JSON is a MalformedResponseError', async () => {
    mode = 'garbage-body';
    const c = client();
    const err = await c.converse({ modelId: MODEL, messages: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MalformedResponseError);
    expect((err as MalformedResponseError).httpStatus).toBe(200);
    await c.close();
  });
});
