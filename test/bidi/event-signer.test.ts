// The event signature chain: the Node-crypto path and the generic Checksum path (Web Crypto) agree
// with @smithy/signature-v4's signMessage (the official client's arithmetic) event after event.
import { SignatureV4 } from '@smithy/signature-v4';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventSigner, eventSignerWith } from '../../src/aws/event-signer.js';
import { nodeSha256, nodeCrypto, webSha256 } from '../../src/aws/sha256.js';
import { encodeEventStreamMessage } from '../../src/eventstream/index.js';

const creds = { accessKeyId: 'AKIDCHAIN', secretAccessKey: 'chain/secret' };
const seed = 'a'.repeat(64);

describe('eventSigner', () => {
  it('Node and Web Crypto paths equal smithy signMessage along a chain, across midnight UTC', async () => {
    const smithy = new SignatureV4({ service: 'bedrock', region: 'eu-west-1', credentials: creds, sha256: nodeSha256(nodeCrypto()!) });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.uint8Array({ maxLength: 400 }), fc.integer({ min: 0, max: 90_000 })), { minLength: 1, maxLength: 6 }), async (steps) => {
        const node = eventSigner(nodeSha256(nodeCrypto()!), creds.secretAccessKey, 'eu-west-1', 'bedrock', seed);
        const web = eventSignerWith(webSha256(globalThis.crypto.subtle), creds.secretAccessKey, 'eu-west-1', 'bedrock', seed);
        let prior = seed;
        let t = Date.UTC(2026, 11, 31, 23, 59, 30);
        for (const [payload, dt] of steps) {
          t += dt;
          const date = new Date(t);
          const header = { ':date': { type: 'timestamp' as const, value: date } };
          const dateBytes = encodeEventStreamMessage({ headers: header, payload: new Uint8Array(0) }).subarray(12, 27);
          const { signature } = await smithy.signMessage({ message: { headers: header, body: payload }, priorSignature: prior }, { signingDate: date });
          prior = signature;
          expect(Buffer.from(await node.sign(dateBytes, payload, date)).toString('hex')).toBe(signature);
          expect(Buffer.from(await web.sign(dateBytes, payload, date)).toString('hex')).toBe(signature);
        }
      }),
      { numRuns: 30, seed: 7 },
    );
  });
});
