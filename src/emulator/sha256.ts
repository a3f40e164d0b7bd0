import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';

/**
 * The `Checksum` constructor `@smithy/signature-v4` takes, on Node's native crypto: the emulator
 * verifies every request, and native hashing keeps it out of the way of client benchmarks.
 */
export class NodeSha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: Source) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: Source): void {
    this.hash.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.hash.digest());
  }
  reset(): void {
    throw new Error('NodeSha256 is single-use');
  }
}

type Source = string | ArrayBuffer | ArrayBufferView;

function bytes(v: Source): string | Uint8Array {
  if (typeof v === 'string') return v;
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  return new Uint8Array(v);
}
