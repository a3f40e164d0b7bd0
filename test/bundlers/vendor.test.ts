// What scripts/vendor.ts writes into the package: the third-party files as one file each, and of
// undici's Agent only what the transport uses (the SIMD parser, no FormData body code, no HTTP/2
// client), each left-out module replaced by one that fails loudly if it is ever reached.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureDist, root } from '../../scripts/bundlers.js';

let agent: string;
beforeAll(async () => {
  await ensureDist();
  agent = readFileSync(join(root, 'dist', 'vendor', 'undici-agent.js'), 'utf8');
}, 300_000);

describe('dist/vendor/undici-agent.js', () => {
  it('holds one WebAssembly parser, the SIMD one, and the stubs of what it leaves out', () => {
    const simd = readFileSync(join(root, 'node_modules', 'undici', 'lib', 'llhttp', 'llhttp_simd-wasm.js'), 'utf8');
    const other = readFileSync(join(root, 'node_modules', 'undici', 'lib', 'llhttp', 'llhttp-wasm.js'), 'utf8');
    const base64 = (src: string) => /'([A-Za-z0-9+/=]{1000,})'|"([A-Za-z0-9+/=]{1000,})"|`([A-Za-z0-9+/=]{1000,})`/.exec(src)!.slice(1).find(Boolean)!;
    // "\0asm" in base64: a WebAssembly module's first bytes.
    expect(agent.split('AGFzbQ').length - 1).toBe(1);
    expect(agent).toContain(base64(simd).slice(0, 4000));
    expect(agent).not.toContain(base64(other).slice(0, 4000));
    expect(agent).toContain("bedrock-wire ships only undici's SIMD HTTP parser");
    expect(agent).toContain('sends byte bodies only (no FormData)');
    expect(agent).toContain('speaks HTTP/1.1 only');
    expect(agent).not.toMatch(/webidl|FormData\.prototype/);
  });

  it('loads on its own, imports nothing, and its Agent completes a request', async () => {
    expect(agent).not.toMatch(/^\s*import\s/m);
    type Handler = { onRequestStart(): void; onResponseStart(c: unknown, status: number): void; onResponseData(c: unknown, chunk: Uint8Array): void; onResponseEnd(): void; onResponseError(c: unknown, e: Error): void };
    const { Agent } = (await import(join(root, 'dist', 'vendor', 'undici-agent.js'))) as { Agent: new () => { dispatch(o: object, h: Handler): boolean; close(): Promise<void> } };
    const { createServer } = await import('node:http');
    const server = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const a = new Agent();
    try {
      const { port } = server.address() as { port: number };
      const res = await new Promise<{ status: number; text: string }>((resolve, reject) => {
        let status = 0;
        let text = '';
        a.dispatch(
          { origin: `http://127.0.0.1:${port}`, path: '/', method: 'GET', headers: {} },
          {
            onRequestStart: () => {},
            onResponseStart: (_c, s) => void (status = s),
            onResponseData: (_c, chunk) => void (text += new TextDecoder().decode(chunk)),
            onResponseEnd: () => resolve({ status, text }),
            onResponseError: (_c, e) => reject(e),
          },
        );
      });
      expect(res).toEqual({ status: 200, text: 'ok' });
    } finally {
      await a.close();
      server.close();
    }
  });
});
