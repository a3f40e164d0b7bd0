// The official client as the oracle of the wire: with the same credentials, the same clock and the
// same events, our request's Authorization and every :chunk-signature (and every byte of every
// frame) equal what @aws-sdk/client-bedrock-runtime sends to the same recording HTTP/2 server.
import { BedrockRuntimeClient, InvokeModelWithBidirectionalStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BedrockRuntime } from '../../src/runtime/index.js';
import { startH2Server, type H2Server } from './h2server.js';

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const creds = { accessKeyId: 'AKIDORACLE0000000000', secretAccessKey: 'oracle/secret/key/0000000000000000000000' };
const MODEL = 'amazon.nova-sonic-v1:0';
const enc = new TextEncoder();

let server: H2Server;
beforeAll(async () => {
  server = await startH2Server();
});
afterAll(() => server.close());
afterEach(() => vi.useRealTimers());

function official(withToken?: string): BedrockRuntimeClient {
  const client = new BedrockRuntimeClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: withToken ? { ...creds, sessionToken: withToken } : creds,
    maxAttempts: 1,
  });
  // Its own bookkeeping headers are signed too; drop them so the canonical requests can match.
  client.middlewareStack.addRelativeTo(
    (next: any) => async (args: any) => {
      for (const h of ['amz-sdk-invocation-id', 'amz-sdk-request', 'x-amz-user-agent']) delete args.request.headers[h];
      return next(args);
    },
    { relation: 'before', toMiddleware: 'httpSigningMiddleware', name: 'stripForOracle' },
  );
  return client;
}

function frames(body: Buffer[]) {
  const all = Buffer.concat(body);
  const out: { date: number; signature: string; payload: Buffer; raw: Buffer }[] = [];
  for (let at = 0; at < all.length; ) {
    const len = all.readUInt32BE(at);
    const raw = all.subarray(at, at + len);
    const m = codec.decode(raw);
    out.push({
      date: (m.headers[':date'].value as Date).getTime(),
      signature: Buffer.from(m.headers[':chunk-signature'].value as Uint8Array).toString('hex'),
      payload: Buffer.from(m.body),
      raw,
    });
    at += len;
  }
  return out;
}

async function runOfficial(events: Uint8Array[], token?: string) {
  const client = official(token);
  const n = server.requests.length;
  async function* body() {
    for (const bytes of events) yield { chunk: { bytes } };
  }
  const out = await client.send(new InvokeModelWithBidirectionalStreamCommand({ modelId: MODEL, body: body() }));
  for await (const _ of out.body!) void _;
  client.destroy();
  return server.requests[n];
}

async function runOurs(events: Uint8Array[], token?: string) {
  const rt = new BedrockRuntime({ region: 'us-east-1', endpoint: server.url, credentials: token ? { ...creds, sessionToken: token } : creds, env: {} });
  const n = server.requests.length;
  const s = rt.invokeModelWithBidirectionalStream({ modelId: MODEL });
  for (const e of events) await s.send(e);
  await s.end();
  for await (const _ of s) void _;
  await rt.close();
  return server.requests[n];
}

const sonicEvents = [
  { event: { sessionStart: { inferenceConfiguration: { maxTokens: 1024, topP: 0.9, temperature: 0.7 } } } },
  { event: { promptStart: { promptName: 'p1', textOutputConfiguration: { mediaType: 'text/plain' } } } },
  { event: { contentStart: { promptName: 'p1', contentName: 'c1', type: 'TEXT', interactive: true, role: 'USER', textInputConfiguration: { mediaType: 'text/plain' } } } },
  { event: { textInput: { promptName: 'p1', contentName: 'c1', content: 'héllo — 世界' } } },
  { event: { contentEnd: { promptName: 'p1', contentName: 'c1' } } },
  { event: { promptEnd: { promptName: 'p1' } } },
  { event: { sessionEnd: {} } },
].map((e) => enc.encode(JSON.stringify(e)));

async function compare(events: Uint8Array[], at: Date, token?: string) {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(at);
  const theirs = await runOfficial(events, token);
  const ours = await runOurs(events, token);
  vi.useRealTimers();
  return { theirs, ours };
}

describe('InvokeModelWithBidirectionalStream against the official client', () => {
  it('same request signature, same signed headers, same frames byte for byte', async () => {
    const { theirs, ours } = await compare(sonicEvents, new Date('2026-12-02T10:46:53.123Z'));
    expect(ours.headers.authorization).toBe(theirs.headers.authorization);
    expect(ours.headers.authorization).toMatch(/SignedHeaders=:authority;content-type;x-amz-content-sha256;x-amz-date,/);
    for (const h of [':path', ':method', 'content-type', 'x-amz-content-sha256', 'x-amz-date']) expect(ours.headers[h], h).toBe(theirs.headers[h]);
    const a = frames(theirs.body);
    const b = frames(ours.body);
    // One signed frame per event plus the signed empty frame that ends the input.
    expect(a).toHaveLength(sonicEvents.length + 1);
    expect(a[a.length - 1].payload.length).toBe(0);
    expect(b.map((f) => f.signature)).toEqual(a.map((f) => f.signature));
    expect(b.map((f) => f.raw.toString('hex'))).toEqual(a.map((f) => f.raw.toString('hex')));
  });

  it('with a session token (signed x-amz-security-token)', async () => {
    const { theirs, ours } = await compare(sonicEvents.slice(0, 2), new Date('2027-01-01T00:00:00.000Z'), 'session-token-xyz');
    expect(ours.headers['x-amz-security-token']).toBe('session-token-xyz');
    expect(ours.headers.authorization).toBe(theirs.headers.authorization);
    expect(frames(ours.body).map((f) => f.signature)).toEqual(frames(theirs.body).map((f) => f.signature));
  });

  it('property: any events (bytes, sizes) and any instant sign identically', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ minLength: 0, maxLength: 3000 }), { minLength: 0, maxLength: 5 }),
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }),
        async (events, at) => {
          const { theirs, ours } = await compare(events, at);
          expect(ours.headers.authorization).toBe(theirs.headers.authorization);
          expect(frames(ours.body).map((f) => f.raw.toString('hex'))).toEqual(frames(theirs.body).map((f) => f.raw.toString('hex')));
        },
      ),
      { numRuns: 15, seed: 12, interruptAfterTimeLimit: 20_000 },
    );
  }, 60_000);
});
