// The emulator, which users run inside their test suites, holds nothing for long: silent sockets
// are closed, bodies are limited and refused before they are read when auth fails, the request
// log is a ring, SigV4 dates are checked like AWS does, UNSIGNED-PAYLOAD is refused, every knob
// is bounded, and a bind beyond loopback is warned about.
import { connect, type Socket } from 'node:net';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';

const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
const BODY = JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] });
let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function post(e: Emulator, path: string, headers: Record<string, string>, body: string | Buffer | ((write: (b: Buffer) => boolean) => void)): Promise<Answer> {
  const url = new URL(path, e.url);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString() }));
    });
    req.on('error', reject);
    if (typeof body === 'function') body((b) => req.write(b));
    else req.end(body);
  });
}

async function signed(e: Emulator, body: string, options: { date?: Date; payloadHash?: string } = {}): Promise<Record<string, string>> {
  const url = new URL(`/model/${encodeURIComponent(MODEL)}/invoke`, e.url);
  const headers: Record<string, string> = { host: url.host, 'content-type': 'application/json' };
  if (options.payloadHash) headers['x-amz-content-sha256'] = options.payloadHash;
  const signer = new SignatureV4({ service: 'bedrock', region: e.region, credentials: e.credentials, sha256: Sha256, uriEscapePath: true, applyChecksum: false });
  const out = await signer.sign({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, headers, body }, { signingDate: options.date ?? new Date() });
  return out.headers as Record<string, string>;
}

const invokePath = `/model/${encodeURIComponent(MODEL)}/invoke`;

describe('emulator hardening', () => {
  it('a socket that never sends a byte is closed after headersTimeoutMs', async () => {
    emu = await startEmulator({ headersTimeoutMs: 200 });
    const url = new URL(emu.url);
    const socket: Socket = connect(Number(url.port), url.hostname);
    await new Promise((r) => socket.once('connect', r));
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    expect(emu.openConnections()).toBeGreaterThanOrEqual(0);
    await closed; // resolves only if the emulator hangs up
    for (let i = 0; i < 100 && emu.openConnections() > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(emu.openConnections()).toBe(0);
  });

  it('a body over maxBodyBytes is answered 413 without being read; the connection closes', async () => {
    emu = await startEmulator({ maxBodyBytes: 1000 });
    const r = await post(emu, invokePath, { ...(await signed(emu, BODY)), 'content-length': '5000000' }, (write) => write(Buffer.alloc(64 * 1024)));
    expect(r.status).toBe(413);
    expect(r.headers.connection).toBe('close');
    expect(JSON.parse(r.body).message).toMatch(/larger than the emulator's limit of 1000 bytes/);
    expect(emu.requests.at(-1)?.body.length).toBe(0); // nothing kept
  });

  it('a chunked body growing past the limit is cut off too', async () => {
    emu = await startEmulator({ maxBodyBytes: 100_000, verifyAuth: false });
    const r = await post(emu, invokePath, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, (write) => {
      for (let i = 0; i < 8; i++) write(Buffer.alloc(64 * 1024, 0x20));
    });
    expect(r.status).toBe(413);
  });

  it('an unauthenticated large POST is refused before its body is read or kept', async () => {
    emu = await startEmulator();
    const before = process.memoryUsage().arrayBuffers;
    for (let i = 0; i < 3; i++) {
      const r = await post(emu, invokePath, { authorization: 'Bearer wrong-key', 'content-type': 'application/json', 'content-length': String(20_000_000) }, (write) => write(Buffer.alloc(1024 * 1024)));
      expect(r.status).toBe(403);
      expect(r.headers.connection).toBe('close');
    }
    expect(emu.requests.every((q) => q.body.length === 0)).toBe(true);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(60_000_000);
  });

  it('the request log is a ring of maxLoggedRequests', async () => {
    emu = await startEmulator({ maxLoggedRequests: 3, verifyAuth: false });
    for (let i = 0; i < 5; i++) await post(emu, invokePath, { 'content-type': 'application/json', 'x-n': String(i) }, BODY);
    expect(emu.requests.map((q) => q.headers['x-n'])).toEqual(['2', '3', '4']);
  });

  it('SigV4 dates more than 5 minutes off are refused in AWS words; within 5 minutes accepted', async () => {
    const now = new Date('2025-05-21T07:53:04Z');
    emu = await startEmulator({ clock: () => now });
    const at = (ms: number) => new Date(now.getTime() + ms);
    const ok = await post(emu, invokePath, await signed(emu, BODY, { date: at(-4 * 60_000) }), BODY);
    expect(ok.status).toBe(200);
    const old = await post(emu, invokePath, await signed(emu, BODY, { date: new Date('2015-08-30T12:36:00Z') }), BODY);
    expect(old.status).toBe(403);
    expect(String(old.headers['x-amzn-errortype'])).toMatch(/^InvalidSignatureException:/);
    expect(JSON.parse(old.body).message).toBe('Signature expired: 20150830T123600Z is now earlier than 20250521T074804Z (20250521T075304Z - 5 min.)');
    const ahead = await post(emu, invokePath, await signed(emu, BODY, { date: at(365 * 24 * 3600_000) }), BODY);
    expect(ahead.status).toBe(403);
    expect(JSON.parse(ahead.body).message).toMatch(/^Signature not yet current: 20260521T075304Z is still later than 20250521T075804Z \(20250521T075304Z \+ 5 min\.\)$/);
  });

  it('checkSignatureDate: false accepts old dates (tests with fixed signing dates)', async () => {
    emu = await startEmulator({ checkSignatureDate: false });
    const r = await post(emu, invokePath, await signed(emu, BODY, { date: new Date('2015-08-30T12:36:00Z') }), BODY);
    expect(r.status).toBe(200);
  });

  it('UNSIGNED-PAYLOAD is refused (this service signs the payload)', async () => {
    emu = await startEmulator();
    const r = await post(emu, invokePath, await signed(emu, BODY, { payloadHash: 'UNSIGNED-PAYLOAD' }), '{"other":"body"}');
    expect(r.status).toBe(403);
    expect(String(r.headers['x-amzn-errortype'])).toMatch(/^InvalidSignatureException:/);
  });

  it('x-emulator-output-words and fault knobs are bounded', async () => {
    emu = await startEmulator({ verifyAuth: false });
    const words = await post(emu, invokePath, { 'content-type': 'application/json', 'x-emulator-output-words': '60000000' }, BODY);
    expect(words.status).toBe(400);
    expect(JSON.parse(words.body).message).toMatch(/x-emulator-output-words: at most 100000/);
    for (const fault of [
      { kind: 'delay', perChunkMs: 0, firstByteMs: 1e9 },
      { kind: 'delay', perChunkMs: 1e7 },
      { kind: 'oversized', afterEvents: 0, bytes: 2 ** 40 },
      { kind: 'stall', afterEvents: 1e12 },
      { kind: 'status', status: 9999, errorType: 'X' },
      { kind: 'status', status: 503, errorType: 'X', retryAfterSeconds: 1e9 },
    ]) {
      const r = await post(emu, invokePath, { 'content-type': 'application/json', 'x-emulator-fault': JSON.stringify(fault) }, BODY);
      expect(r.status, JSON.stringify(fault)).toBe(400);
      expect(() => emu!.inject(fault as never), JSON.stringify(fault)).toThrow(TypeError);
    }
    await expect(startEmulator({ outputWords: 1e9 })).rejects.toThrow(/outputWords must be an integer from 1 to 100000/);
    await expect(startEmulator({ maxOutputWords: 1e9 })).rejects.toThrow(/maxOutputWords must be an integer from 1 to 50000000/);
    await expect(startEmulator({ outputWords: 200_001, maxOutputWords: 200_000 })).rejects.toThrow(/outputWords must be an integer from 1 to 200000/);
    // The option raises the bound for the header too.
    const roomy = await startEmulator({ maxOutputWords: 200_000, verifyAuth: false });
    try {
      const ok = await post(roomy, invokePath, { 'content-type': 'application/json', 'x-emulator-output-words': '150000' }, BODY);
      expect(ok.status).toBe(200);
      const over = await post(roomy, invokePath, { 'content-type': 'application/json', 'x-emulator-output-words': '200001' }, BODY);
      expect(JSON.parse(over.body).message).toMatch(/at most 200000 \(maxOutputWords\)/);
    } finally {
      await roomy.close();
    }
  });

  it('binding beyond loopback emits a warning; loopback does not', async () => {
    const warnings: string[] = [];
    const listener = (w: Error) => warnings.push(w.message);
    process.on('warning', listener);
    try {
      emu = await startEmulator({ host: '127.0.0.1' });
      await emu.close();
      emu = await startEmulator({ host: '0.0.0.0', port: 0 });
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setTimeout(r, 20));
    } finally {
      process.off('warning', listener);
    }
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/listening on 0\.0\.0\.0, reachable from other machines/);
  });
});

describe('bedrock-wire emulator', () => {
  async function runEmulator(args: string[]): Promise<{ out: string; err: string }> {
    const { run } = await import('../../src/cli/main.js');
    const ac = new AbortController();
    const o = { out: '', err: '' };
    const io = {
      env: {},
      stdinIsTTY: true,
      stdin: (async function* () {})(),
      stdout: { write: (s: string) => ((o.out += s), s.includes('Ctrl-C') && setTimeout(() => ac.abort(), 10)) },
      stderr: { write: (s: string) => (o.err += s) },
      signal: ac.signal,
    };
    const warned: string[] = [];
    const listener = (w: Error) => warned.push(w.message);
    process.on('warning', listener);
    try {
      expect(await run(['emulator', ...args], io)).toBe(0);
    } finally {
      process.off('warning', listener);
    }
    return o;
  }

  it('listens on loopback unless --host names another address, which is warned about', async () => {
    const local = await runEmulator(['--port', '0']);
    expect(local.out).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(local.err).toBe('');
    const open = await runEmulator(['--port', '0', '--host', '0.0.0.0']);
    expect(open.out).toMatch(/listening on http:\/\/0\.0\.0\.0:\d+/);
    expect(open.err).toMatch(/^warning: listening on 0\.0\.0\.0: the emulator is reachable from other machines/);
  });
});
