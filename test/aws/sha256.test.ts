// The three SHA-256 backends the signer may pick (Node crypto, Web Crypto, @aws-crypto/sha256-js)
// agree byte for byte — plain digests, HMACs, inputs fed in parts — and give the same SigV4 signature.
import { createHash, createHmac, webcrypto } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nodeCrypto, nodeSha256, webSha256, type ChecksumConstructor } from '../../src/aws/sha256.js';

const node = nodeSha256(nodeCrypto()!);
const web = webSha256(webcrypto.subtle as SubtleCrypto);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

async function run(Ctor: ChecksumConstructor, secret: string | Uint8Array | undefined, parts: Uint8Array[]): Promise<string> {
  const h = new Ctor(secret);
  for (const p of parts) h.update(p);
  return hex(await h.digest());
}

describe('SHA-256 backends', () => {
  it('Web Crypto and Node agree with createHash / createHmac, in parts, with string or byte keys', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 5 }),
        fc.option(fc.oneof(fc.string({ minLength: 1 }), fc.uint8Array({ minLength: 1, maxLength: 80 })), { nil: undefined }),
        async (parts, secret) => {
          const whole = Buffer.concat(parts);
          const expected = secret === undefined ? createHash('sha256').update(whole).digest('hex') : createHmac('sha256', secret).update(whole).digest('hex');
          expect(await run(web, secret, parts)).toBe(expected);
          expect(await run(node, secret, parts)).toBe(expected);
          expect(await run(Sha256, secret, parts)).toBe(expected);
        },
      ),
      { seed: 20250105, numRuns: 200 },
    );
  });

  it('reset() starts over', async () => {
    const h = new web('key');
    h.update(new TextEncoder().encode('discarded'));
    h.reset();
    h.update(new TextEncoder().encode('kept'));
    expect(hex(await h.digest())).toBe(createHmac('sha256', 'key').update('kept').digest('hex'));
  });

  it('SigV4 signatures are identical with Web Crypto, Node crypto and sha256-js', async () => {
    const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'token' };
    const sign = async (sha256: ChecksumConstructor, body: string) => {
      const v4 = new SignatureV4({ service: 'bedrock', region: 'eu-west-3', credentials, sha256, uriEscapePath: true, applyChecksum: false });
      const signed = await v4.sign(
        { method: 'POST', protocol: 'https:', hostname: 'bedrock-runtime.eu-west-3.amazonaws.com', path: '/model/us.anthropic.claude%3A0/converse-stream', query: {}, headers: { host: 'bedrock-runtime.eu-west-3.amazonaws.com', 'content-type': 'application/json' }, body },
        { signingDate: new Date('2025-03-04T05:06:07Z') },
      );
      return signed.headers.authorization;
    };
    for (const body of ['', '{"messages":[{"role":"user","content":[{"text":"héllo"}]}]}', 'x'.repeat(70_000)]) {
      const expected = await sign(node, body);
      expect(expected).toMatch(/Signature=[0-9a-f]{64}$/);
      expect(await sign(web, body)).toBe(expected);
      expect(await sign(Sha256, body)).toBe(expected);
    }
  });
});

describe("each build's last resort (no Node crypto through getBuiltinModule, no Web Crypto)", () => {
  it('the browser/edge build imports @aws-crypto/sha256-js; the Node build imports node:crypto (a node bundle never carries the JS hash)', async () => {
    const { platform: edge } = await import('../../src/aws/platform-edge.js');
    const { platform: nodePlatform } = await import('../../src/aws/platform-node.js');
    expect(await edge.sha256Fallback()).toBe(Sha256);
    const viaImport = await nodePlatform.sha256Fallback();
    expect(viaImport).not.toBe(Sha256);
    for (const secret of [undefined, 'k', new Uint8Array([1, 2, 3])]) {
      const parts = [new TextEncoder().encode('abc'), new Uint8Array([0, 255])];
      expect(await run(viaImport, secret, parts)).toBe(await run(Sha256, secret, parts));
    }
  });
});
