import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startEmulator } from '../../src/emulator/index.js';

const here = fileURLToPath(new URL('.', import.meta.url));

describe('the core in an edge-like runtime (no process, no undici, web globals only)', () => {
  it('signs with the JS/Web Crypto hash, streams through fetch and decodes with the JS CRC', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-edge-'));
    const emu = await startEmulator();
    try {
      // The same build the size check measures: platform browser, so a `node:` import would fail.
      const out = await build({
        entryPoints: [join(here, '../../src/index.ts')],
        bundle: true,
        format: 'esm',
        platform: 'browser',
        write: false,
        logLevel: 'silent',
        alias: { undici: join(here, 'undici-stub.mjs') },
        metafile: true,
        external: ['@aws-sdk/credential-providers'],
      });
      // package.json `browser` leaves the undici transport out of browser builds.
      expect(Object.keys(out.metafile!.inputs).some((f) => f.endsWith('runtime/undici.ts'))).toBe(false);
      const file = join(dir, 'core.mjs');
      writeFileSync(file, out.outputFiles[0].contents);
      const framing = await build({ entryPoints: [join(here, '../../src/eventstream/index.ts')], bundle: true, format: 'esm', platform: 'browser', write: false, logLevel: 'silent' });
      const framingFile = join(dir, 'eventstream.mjs');
      writeFileSync(framingFile, framing.outputFiles[0].contents);
      // Async: the emulator answers from this process, so it must not be blocked while the child runs.
      const r = await promisify(execFile)(
        process.execPath,
        [join(here, 'runner.mjs'), pathToFileURL(file).href, emu.url, emu.region, emu.credentials.accessKeyId, emu.credentials.secretAccessKey, emu.apiKey, pathToFileURL(framingFile).href],
        { encoding: 'utf8', timeout: 30_000, env: {} },
      );
      expect(r.stderr).toBe('');
      const result = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
      expect(result.error).toBeUndefined();
      expect(result.hasProcess).toBe(false);
      // No zlib without process.getBuiltinModule: the table CRC decoded every frame.
      expect(result.crc32Impl).toBe('js');
      expect(result.streamText).toMatch(/^You said: hello edge\b/);
      expect(result.finishReason).toMatch(/stop|length/);
      expect(result.generateText).toMatch(/^You said: hi from a worker\b/);
      expect(result.errorName).toBe('AccessDeniedError');
      expect(result.errorIsAccessDenied).toBe(true);
      const auth = emu.requests.map((q) => q.auth);
      expect(auth).toEqual(['sigv4', 'bearer', 'sigv4']);
      expect(emu.requests.map((q) => q.status)).toEqual([200, 200, 403]);

      // The same browser build inside Node (process present): package.json `browser` maps the
      // undici transport to nothing, so the client must fall back to fetch, not fail.
      const inNode = await promisify(execFile)(
        process.execPath,
        [join(here, 'runner.mjs'), pathToFileURL(file).href, emu.url, emu.region, emu.credentials.accessKeyId, emu.credentials.secretAccessKey, emu.apiKey, pathToFileURL(framingFile).href, 'keep-process'],
        { encoding: 'utf8', timeout: 30_000, env: {} },
      );
      const r2 = JSON.parse(inNode.stdout.trim().split('\n').at(-1)!);
      expect(r2.error).toBeUndefined();
      expect(r2.hasProcess).toBe(true);
      expect(r2.generateText).toMatch(/^You said: hi from a worker\b/);
      expect(r2.streamText).toMatch(/^You said: hello edge\b/);
    } finally {
      await emu.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
