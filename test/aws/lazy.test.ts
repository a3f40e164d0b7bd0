// What loads when. Each case runs in a fresh `node --import tsx` process (the test process has
// loaded everything already) and reports what was loaded: signature-v4 and sha256-js by the
// CommonJS module cache (they are CommonJS packages), our default chain (src/aws/node-chain.ts, an
// ES module) by a loader hook that sees every URL Node's ES loader loads. The probe also shows
// each appearing once it is used, so the method can see what it claims to see.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createSigner, resolveAuth } from '../../src/aws/index.js';

const run = promisify(execFile);
const probe = fileURLToPath(new URL('./lazy-probe.mjs', import.meta.url));
const moduleUnderTest = fileURLToPath(new URL('../../src/aws/index.ts', import.meta.url));

async function runProbe(extra: Record<string, string>) {
  // A clean environment: no AWS_* from the machine, no config files, no instance metadata.
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: '/nonexistent-home',
    AWS_CONFIG_FILE: '/nonexistent/config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
    NODE_NO_WARNINGS: '1',
    PROBE_MODULE: moduleUnderTest,
    ...extra,
  };
  const { stdout } = await run(process.execPath, ['--import', 'tsx', probe], { env, cwd: fileURLToPath(new URL('../..', import.meta.url)) });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

async function inProcessAuthorization(): Promise<string> {
  const signer = createSigner(
    resolveAuth({ credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 't' }, env: {} }),
    { region: 'us-east-1' },
  );
  const signed = await signer.sign(
    { method: 'POST', url: new URL('https://bedrock-runtime.us-east-1.amazonaws.com/model/a%3A0/invoke'), headers: { 'content-type': 'application/json' }, body: '{"x":1}' },
    { signingDate: new Date('2025-01-01T00:00:00Z') },
  );
  return signed.authorization;
}

describe('lazy loading', () => {
  it('import loads none of chain / signature-v4 / sha256-js; signing loads signature-v4 only; the chain loads on first call', async () => {
    const report = await runProbe({ PROBE_CHAIN: '1' });
    expect(report.atImport).toEqual({ chain: false, signatureV4: false, sha256js: false });
    expect(report.source).toBe('chain');
    expect(report.afterResolve).toEqual({ chain: false, signatureV4: false, sha256js: false });
    // Node: the signer uses Node's crypto, so sha256-js is never loaded.
    expect(report.afterSign).toEqual({ chain: false, signatureV4: true, sha256js: false });
    expect(report.afterChain.chain).toBe(true);
    expect(report.sawModuleUnderTest).toBe(true);
    expect(report.sdkChain).toBe(false); // the SDK's chain is a devDependency (the test oracle) only
    // The chain finds nothing in this clean environment: a ConfigurationError saying what to set.
    expect(report.chainResult.name).toBe('ConfigurationError');
    expect(report.chainResult.message).toMatch(/AWS_ACCESS_KEY_ID/);
    expect(report.authorization).toBe(await inProcessAuthorization());
  }, 30_000);

  it('without Node crypto the signer uses Web Crypto (sha256-js never loads), with the same signature', async () => {
    const report = await runProbe({ PROBE_NO_BUILTIN: '1' });
    expect(report.afterSign).toEqual({ chain: false, signatureV4: true, sha256js: false });
    expect(report.authorization).toBe(await inProcessAuthorization());
  }, 30_000);

  // The browser/edge build's last resort is @aws-crypto/sha256-js (test/aws/sha256.test.ts); Node's imports node:crypto.
  it('without Node crypto through getBuiltinModule or Web Crypto, Node imports node:crypto (sha256-js never loads), with the same signature', async () => {
    const report = await runProbe({ PROBE_NO_BUILTIN: '1', PROBE_NO_WEBCRYPTO: '1' });
    expect(report.atImport.sha256js).toBe(false);
    expect(report.afterSign).toEqual({ chain: false, signatureV4: true, sha256js: false });
    expect(report.authorization).toBe(await inProcessAuthorization());
  }, 30_000);
});
