// The CLI never prints a secret: not the session token a failing `health` used to print, not the
// API key a `chat` reply echoed (split across deltas), not a key quoted by a config parse error.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { fakeIo } from '../cli/fake-io.js';
import { parseConfigText } from '../../src/provider/config-file.js';
import { resolveConfig } from '../../src/provider/config-doc.js';
import { API_KEY, SECRET, TOKEN, chunk, hostile, type Hostile } from './hostile.js';

const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';

const io = (env: Record<string, string | undefined>) => fakeIo(env);

function expectClean(text: string): void {
  for (const secret of [SECRET, TOKEN, API_KEY]) {
    for (let i = 0; i + 12 <= secret.length; i += 6) expect(text).not.toContain(secret.slice(i, i + 12));
  }
}

let mode = '';
let server: Hostile;
beforeAll(async () => {
  server = await hostile((req, res) => {
    const token = String(req.headers['x-amz-security-token'] ?? '');
    const auth = String(req.headers.authorization ?? '');
    if (mode === 'echo-403') {
      res.writeHead(403, { 'content-type': 'text/plain', 'x-amzn-errortype': 'UnrecognizedClientException' });
      res.end(`The security token included in the request is invalid: ${token}`);
      return;
    }
    // A model that repeats the bearer key back, cut into 7-character deltas.
    const key = auth.replace(/^Bearer /, '');
    res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
    res.write(chunk({ type: 'message_start', message: { id: 'm', role: 'assistant', content: [], usage: { input_tokens: 1, output_tokens: 0 } } }));
    res.write(chunk({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }));
    const text = `your key is ${key}, fine`;
    for (let i = 0; i < text.length; i += 7) {
      res.write(chunk({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: text.slice(i, i + 7) } }));
    }
    res.write(chunk({ type: 'content_block_stop', index: 0 }));
    res.write(chunk({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 9 } }));
    res.end(chunk({ type: 'message_stop' }));
  });
});
afterAll(() => server.close());

describe('CLI output carries no secret', () => {
  it('health with a rejected session token (the server echoes it)', async () => {
    mode = 'echo-403';
    for (const json of [false, true]) {
      const t = io({ AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE00000000', AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: TOKEN });
      const code = await run(['health', '--endpoint', server.url, ...(json ? ['--json'] : [])], t);
      expect(code).toBe(1);
      expect(server.requests.at(-1)?.headers['x-amz-security-token']).toBe(TOKEN); // it was sent and echoed
      expect(t.out + t.err).toMatch(/\*\*\*/);
      expectClean(t.out + t.err);
    }
  });

  it('chat whose streamed reply repeats the API key across deltas', async () => {
    mode = 'echo-key';
    const t = io({ AWS_REGION: 'us-east-1', AWS_BEARER_TOKEN_BEDROCK: API_KEY });
    const code = await run(['chat', '--endpoint', server.url, '--model', MODEL, 'hello'], t);
    expect(code).toBe(0);
    expect(String(server.requests.at(-1)?.headers.authorization)).toBe(`Bearer ${API_KEY}`);
    expect(t.out).toMatch(/^your key is \*\*\*, fine/);
    expectClean(t.out + t.err);
  });

  it('chat with the key from a config file', async () => {
    mode = 'echo-key';
    const dir = mkdtempSync(join(tmpdir(), 'bw-cli-'));
    const file = join(dir, 'config.yaml');
    writeFileSync(file, `region: us-east-1\napi_key: ${API_KEY}\nendpoint: ${server.url}\n`);
    const t = io({});
    const code = await run(['chat', '--config', file, '--model', MODEL, 'hello'], t);
    expect(code, t.err).toBe(0);
    expect(t.out).toMatch(/^your key is \*\*\*, fine/);
    expectClean(t.out + t.err);
  });
});

describe('config parse errors never quote the text', () => {
  const cases: Array<[string, 'yaml' | 'json']> = [
    [`{"region":"us-east-1","apiKey":"${API_KEY}" x}`, 'json'],
    [`{"apiKey": ${API_KEY}}`, 'json'],
    [`region: us-east-1\napiKey: ${API_KEY}\n  bad: [\n`, 'yaml'],
    [`apiKey: *${API_KEY.slice(0, 40)}\n`, 'yaml'],
    [`credentials:\n  secret_access_key: ${SECRET}\n  session_token: "${TOKEN}\n`, 'yaml'],
  ];
  for (const [text, format] of cases) {
    it(`${format}: ${text.slice(0, 30)}…`, () => {
      let message = '';
      try {
        parseConfigText(text, format);
      } catch (e) {
        message = String((e as Error).message);
      }
      expect(message).toMatch(/^config: invalid (JSON|YAML)/);
      expectClean(message);
    });
  }

  it('JSON text given to resolveConfig', () => {
    let message = '';
    try {
      resolveConfig(`{"apiKey": ${API_KEY}}`, { env: {} });
    } catch (e) {
      message = String((e as Error).message);
    }
    expect(message).toMatch(/^config: invalid JSON/);
    expectClean(message);
  });

  it('yaml warnings (an unknown tag next to a key) are not printed', () => {
    const warnings: string[] = [];
    const listener = (w: Error) => warnings.push(String(w.message));
    process.on('warning', listener);
    const emit = process.emitWarning;
    process.emitWarning = ((w: string | Error) => warnings.push(String(typeof w === 'string' ? w : w.message))) as typeof process.emitWarning;
    try {
      parseConfigText(`apiKey: !secret ${API_KEY}\n`, 'yaml');
    } finally {
      process.emitWarning = emit;
      process.off('warning', listener);
    }
    expect(warnings).toEqual([]);
  });
});
