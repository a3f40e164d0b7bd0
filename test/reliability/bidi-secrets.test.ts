// Secrets masked by value on the bidirectional stream too: a server that echoes the request's
// Authorization and session token in its error body (before any event) or in an exception frame
// (after one) — no secret and no signature reaches the error the caller gets.
import { afterEach, describe, expect, it } from 'vitest';
import { encodeEventStreamMessage } from '../../src/eventstream/index.js';
import { BedrockRuntime } from '../../src/runtime/index.js';
import { startH2Server, type H2Server } from '../bidi/h2server.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY1';
const TOKEN = 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDtoken0000000000000001';
const credentials = { accessKeyId: 'AKIDEXAMPLE00000000', secretAccessKey: SECRET, sessionToken: TOKEN };

function texts(err: unknown): string {
  const out: string[] = [];
  let e: any = err;
  for (let i = 0; i < 8 && e && typeof e === 'object'; i++, e = e.cause) out.push(String(e.message), String(e.stack), String(e.serviceMessage ?? ''));
  return out.join('\n');
}

let server: H2Server | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const exceptionFrame = (message: string) =>
  encodeEventStreamMessage({
    headers: {
      ':message-type': { type: 'string', value: 'exception' },
      ':exception-type': { type: 'string', value: 'validationException' },
      ':content-type': { type: 'string', value: 'application/json' },
    },
    payload: new TextEncoder().encode(JSON.stringify({ message })),
  });

describe('bidirectional stream errors carry no secret', () => {
  for (const mode of ['status', 'exception'] as const) {
    it(`${mode === 'status' ? 'a 403 body' : 'an exception frame'} echoing the Authorization header and token`, async () => {
      let auth = '';
      server = await startH2Server((r) => {
        auth = `${String(r.headers.authorization)} token=${String(r.headers['x-amz-security-token'])} key=${SECRET}`;
        if (mode === 'status') {
          r.stream.respond({ ':status': 403, 'content-type': 'application/json', 'x-amzn-errortype': 'AccessDeniedException' });
          r.stream.end(JSON.stringify({ message: `denied: ${auth}` }));
        } else {
          r.stream.respond({ ':status': 200, 'content-type': 'application/vnd.amazon.eventstream' });
          r.stream.end(exceptionFrame(`bad event: ${auth}`));
        }
      });
      const rt = new BedrockRuntime({ region: 'us-east-1', endpoint: server.url, credentials, env: {} });
      let caught: unknown;
      try {
        const s = rt.invokeModelWithBidirectionalStream({ modelId: 'amazon.nova-sonic-v1:0' });
        await s.send({ event: { sessionStart: {} } }).catch(() => {});
        for await (const _ of s) void _;
      } catch (e) {
        caught = e;
      } finally {
        await rt.close();
      }
      expect(caught).toBeDefined();
      expect(auth).toContain('Signature=');
      const text = texts(caught);
      const signature = /Signature=([0-9a-f]{64})/.exec(auth)![1];
      expect(text).not.toContain(signature);
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(TOKEN.slice(0, 32));
    });
  }
});
