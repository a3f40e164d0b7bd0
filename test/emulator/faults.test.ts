import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { InvokeModelCommand, InvokeModelWithResponseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventStreamDecoder, type EventStreamError } from '../../src/eventstream/index.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { cases } from './cases.js';
import { json, officialClient } from './client.js';

const MODEL = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const BODY = JSON.stringify(cases[0].body('hello faults', 200));
const STREAM_PATH = `/model/${encodeURIComponent(MODEL)}/invoke-with-response-stream`;
const INVOKE_PATH = `/model/${encodeURIComponent(MODEL)}/invoke`;

let emu: Emulator;
beforeEach(async () => {
  emu = await startEmulator({ verifyAuth: false, outputWords: 30 });
});
afterEach(async () => {
  await emu.close();
});

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  error?: Error;
  /** ms from request start to response headers */
  headMs: number;
  /** ms between the first and the last body chunk */
  spreadMs: number;
}

/** A plain node:http POST that keeps whatever arrived before an error. */
function post(path: string, body = BODY, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve) => {
    const start = performance.now();
    const parts: Buffer[] = [];
    let first = 0;
    let last = 0;
    const out: Raw = { status: 0, headers: {}, body: Buffer.alloc(0), headMs: 0, spreadMs: 0 };
    const done = (error?: Error) => {
      out.body = Buffer.concat(parts);
      out.spreadMs = last - first;
      if (error) out.error = error;
      resolve(out);
    };
    const req = request(`${emu.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      out.status = res.statusCode ?? 0;
      out.headers = res.headers;
      out.headMs = performance.now() - start;
      res.on('data', (c: Buffer) => {
        last = performance.now();
        if (!first) first = last;
        parts.push(c);
      });
      res.on('end', () => done());
      res.on('error', (e) => done(e));
    });
    req.on('error', (e) => done(e));
    req.end(body);
  });
}

function frames(bytes: Uint8Array) {
  return new EventStreamDecoder().push(bytes);
}

/** Decodes everything (the decoder reports a fault on the call after the messages before it). */
function decodeAll(bytes: Uint8Array): { messages: number; code?: string } {
  const d = new EventStreamDecoder();
  let messages = 0;
  try {
    messages += d.push(bytes).length;
    messages += d.push(new Uint8Array(0)).length;
    d.end();
    return { messages };
  } catch (e) {
    return { messages, code: (e as EventStreamError).code };
  }
}

describe('status faults', () => {
  it('throttles N times with Retry-After, then succeeds; attempts are in the request log', async () => {
    emu.inject({ kind: 'status', status: 429, errorType: 'ThrottlingException', retryAfterSeconds: 3 }, { times: 2 });
    const a = await post(INVOKE_PATH);
    const b = await post(INVOKE_PATH);
    const c = await post(INVOKE_PATH);
    expect([a.status, b.status, c.status]).toEqual([429, 429, 200]);
    expect(a.headers['retry-after']).toBe('3');
    expect(a.headers['x-amzn-errortype']).toMatch(/^ThrottlingException:/);
    expect(JSON.parse(a.body.toString()).message).toMatch(/Too many requests/);
    expect(emu.requests.map((r) => r.status)).toEqual([429, 429, 200]);
  });

  it('matches by operation and model id; other requests do not consume it', async () => {
    emu.inject({ kind: 'status', status: 503, errorType: 'ServiceUnavailableException' }, { operation: 'invoke-with-response-stream', modelId: MODEL });
    expect((await post(INVOKE_PATH)).status).toBe(200);
    expect((await post(STREAM_PATH)).status).toBe(503);
    expect((await post(STREAM_PATH)).status).toBe(200);
  });

  it('clearFaults drops pending faults', async () => {
    emu.inject({ kind: 'status', status: 500, errorType: 'InternalServerException' }, { times: Infinity });
    expect((await post(INVOKE_PATH)).status).toBe(500);
    emu.clearFaults();
    expect((await post(INVOKE_PATH)).status).toBe(200);
  });

  it('the official client sees the typed exception with the status', async () => {
    const auth = await startEmulator();
    auth.inject({ kind: 'status', status: 424, errorType: 'ModelErrorException', message: 'boom' });
    const client = officialClient(auth);
    await expect(
      client.send(new InvokeModelCommand({ modelId: MODEL, body: new TextEncoder().encode(BODY) })),
    ).rejects.toMatchObject({ name: 'ModelErrorException', message: 'boom', $metadata: { httpStatusCode: 424 } });
    client.destroy();
    await auth.close();
  });

  it('per-request header x-emulator-fault', async () => {
    const r = await post(INVOKE_PATH, BODY, { 'x-emulator-fault': JSON.stringify({ kind: 'status', status: 408, errorType: 'ModelTimeoutException' }) });
    expect(r.status).toBe(408);
    expect(r.headers['x-amzn-errortype']).toMatch(/^ModelTimeoutException:/);
    expect((await post(INVOKE_PATH)).status).toBe(200);
  });
});

describe('in-stream faults', () => {
  it('exception frame after N events, surfaced by the official client after the earlier chunks', async () => {
    const auth = await startEmulator();
    auth.inject({ kind: 'exception', afterEvents: 3, exceptionType: 'throttlingException', message: 'slow down' });
    const client = officialClient(auth);
    const out = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: MODEL, body: new TextEncoder().encode(BODY) }));
    const seen: string[] = [];
    const error = await (async () => {
      try {
        for await (const e of out.body!) seen.push(json(e.chunk!.bytes).type);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(seen).toEqual(['message_start', 'content_block_start', 'content_block_delta']);
    expect(error).toMatchObject({ name: 'ThrottlingException', message: 'slow down' });
    client.destroy();
    await auth.close();
  });

  it('exception frame on ConverseStream too; wire headers as the service sends them', async () => {
    const r = await post(`/model/${encodeURIComponent(MODEL)}/converse-stream`, JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'x' }] }] }), {
      'x-emulator-fault': JSON.stringify({ kind: 'exception', afterEvents: 2, exceptionType: 'modelStreamErrorException' }),
    });
    const msgs = frames(r.body);
    expect(msgs).toHaveLength(3);
    const last = msgs[2];
    expect(last.headers[':message-type']).toEqual({ type: 'string', value: 'exception' });
    expect(last.headers[':exception-type']).toEqual({ type: 'string', value: 'modelStreamErrorException' });
    expect(JSON.parse(new TextDecoder().decode(last.payload)).message).toBeTruthy();
  });

  it('error frame: :message-type error with :error-code / :error-message', async () => {
    emu.inject({ kind: 'errorFrame', afterEvents: 1, errorCode: 'InternalFailure', errorMessage: 'oops' });
    const msgs = frames((await post(STREAM_PATH)).body);
    expect(msgs).toHaveLength(2);
    expect(msgs[1].headers[':message-type'].value).toBe('error');
    expect(msgs[1].headers[':error-code'].value).toBe('InternalFailure');
    expect(msgs[1].headers[':error-message'].value).toBe('oops');
  });

  it('stream-only faults are not consumed by non-stream calls', async () => {
    emu.inject({ kind: 'exception', afterEvents: 0, exceptionType: 'throttlingException' });
    expect((await post(INVOKE_PATH)).status).toBe(200);
    expect(frames((await post(STREAM_PATH)).body)[0].headers[':message-type'].value).toBe('exception');
  });

  it('corrupt CRC: the official client reports a checksum failure', async () => {
    const auth = await startEmulator();
    auth.inject({ kind: 'corruptCrc', afterEvents: 2 });
    const client = officialClient(auth);
    const out = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: MODEL, body: new TextEncoder().encode(BODY) }));
    let n = 0;
    const error = await (async () => {
      try {
        for await (const e of out.body!) if (e.chunk) n++;
      } catch (e) {
        return e as Error;
      }
    })();
    expect(n).toBe(2);
    expect(String(error?.message)).toMatch(/checksum/i);
    client.destroy();
    await auth.close();
  });

  it('corrupt CRC: our decoder delivers frame 0, then MESSAGE_CRC_MISMATCH at frame 1', async () => {
    emu.inject({ kind: 'corruptCrc', afterEvents: 1 });
    const r = await post(STREAM_PATH);
    expect(decodeAll(r.body)).toEqual({ messages: 1, code: 'MESSAGE_CRC_MISMATCH' });
    expect(r.body[r.body.length - 1]).toBeDefined();
  });

  it('oversized: a valid prelude that declares more than the limit', async () => {
    emu.inject({ kind: 'oversized', afterEvents: 1, bytes: 64 * 1024 * 1024 });
    const r = await post(STREAM_PATH);
    const prelude = r.body.subarray(r.body.length - 12);
    expect(prelude.readUInt32BE(0)).toBe(64 * 1024 * 1024);
    expect(decodeAll(r.body)).toEqual({ messages: 1, code: 'MESSAGE_TOO_LARGE' });
  });
});

describe('connection faults', () => {
  it('reset after N bytes: exactly N body bytes arrive, then the socket dies', async () => {
    emu.inject({ kind: 'reset', afterBytes: 100 });
    const r = await post(STREAM_PATH);
    expect(r.status).toBe(200);
    expect(r.body.length).toBe(100);
    expect(r.error).toBeDefined();
  });

  it('reset at 0 bytes: no response at all', async () => {
    emu.inject({ kind: 'reset', afterBytes: 0 });
    const r = await post(INVOKE_PATH);
    expect(r.status).toBe(0);
    expect(r.error).toMatchObject({ code: expect.stringMatching(/ECONNRESET|socket hang up/i) });
    expect(emu.requests[0].status).toBe(0);
  });

  it('stall: frames stop, the socket stays open, close() ends it', async () => {
    emu.inject({ kind: 'stall', afterEvents: 2 });
    let received = Buffer.alloc(0);
    const req = request(`${emu.url}${STREAM_PATH}`, { method: 'POST' });
    const ended = new Promise<string>((resolve) => {
      req.on('response', (res) => {
        res.on('data', (c: Buffer) => (received = Buffer.concat([received, c])));
        res.on('end', () => resolve('end'));
        res.on('error', () => resolve('error'));
        res.on('close', () => resolve('close'));
      });
      req.on('error', () => resolve('error'));
    });
    req.end(BODY);
    await new Promise((r) => setTimeout(r, 150));
    expect(frames(received)).toHaveLength(2);
    expect(emu.openConnections()).toBe(1);
    await emu.close();
    expect(['error', 'close']).toContain(await ended);
    expect(emu.openConnections()).toBe(0);
  });

  it('stall: a client that leaves frees the socket', async () => {
    emu.inject({ kind: 'stall', afterEvents: 1 });
    await new Promise<void>((resolve) => {
      const req = request(`${emu.url}${STREAM_PATH}`, { method: 'POST' }, (res) => {
        res.on('error', () => {});
        res.once('data', () => (req.destroy(), resolve()));
      });
      req.on('error', () => {});
      req.end(BODY);
    });
    for (let i = 0; i < 50 && emu.openConnections() > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(emu.openConnections()).toBe(0);
    expect(emu.requests[0].status).toBe(200);
  });

  it('delay: first byte and per-chunk delays', async () => {
    emu.inject({ kind: 'delay', perChunkMs: 20, firstByteMs: 60 });
    const r = await post(STREAM_PATH);
    const n = frames(r.body).length;
    expect(r.headMs).toBeGreaterThanOrEqual(55);
    // n frames, a pause after each: the first and the last arrive at least (n - 1) pauses apart.
    expect(r.spreadMs).toBeGreaterThanOrEqual((n - 1) * 20 * 0.9);
  });
});

describe('replay and framing', () => {
  const bin = readFileSync(new URL('../fixtures/recorded/anthropic-claude/ddtrace-js-us.anthropic.claude-sonnet-4-20250514-v1_0-4b5b3e7d.bin', import.meta.url));

  it('replays a recorded body byte for byte', async () => {
    emu.inject({ kind: 'replay', body: new Uint8Array(bin) });
    const r = await post(STREAM_PATH);
    expect(r.headers['content-type']).toBe('application/vnd.amazon.eventstream');
    expect(Buffer.compare(r.body, bin)).toBe(0);
  });

  it('replay through the header (base64), decoded by the official client', async () => {
    const auth = await startEmulator();
    const client = officialClient(auth);
    client.middlewareStack.add(
      (next) => (args: any) => {
        args.request.headers['x-emulator-fault'] = JSON.stringify({ kind: 'replay', body: bin.toString('base64') });
        return next(args);
      },
      { step: 'build' },
    );
    const out = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: MODEL, body: new TextEncoder().encode(BODY) }));
    let text = '';
    for await (const e of out.body!) {
      const c = json(e.chunk!.bytes);
      if (c.type === 'content_block_delta') text += c.delta.text;
    }
    const sidecar = JSON.parse(readFileSync(new URL('../fixtures/recorded/anthropic-claude/ddtrace-js-us.anthropic.claude-sonnet-4-20250514-v1_0-4b5b3e7d.json', import.meta.url), 'utf8'));
    expect(text).toBe(sidecar.stream.final_text);
    client.destroy();
    await auth.close();
  });

  it('one write per frame by default; coalesce writes in bulk', async () => {
    const r = await post(STREAM_PATH);
    const n = frames(r.body).length;
    const bulk = await startEmulator({ verifyAuth: false, coalesce: true, outputWords: 2000 });
    const res = await fetch(`${bulk.url}${STREAM_PATH}`, { method: 'POST', body: BODY });
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(frames(bytes).length).toBeGreaterThan(n);
    await bulk.close();
    expect(n).toBeGreaterThan(5);
  });

  it('invoke stream headers', async () => {
    const r = await post(STREAM_PATH);
    expect(r.headers['content-type']).toBe('application/vnd.amazon.eventstream');
    expect(r.headers['x-amzn-bedrock-content-type']).toBe('application/json');
    expect(r.headers['transfer-encoding']).toBe('chunked');
    expect(r.headers['x-amzn-requestid']).toBeTruthy();
  });
});
