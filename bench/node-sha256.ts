// Node's SHA-256 in the shape @smithy/signature-v4 takes, for the hand-written "signed-undici
// floor" clients of bench/e2e.bench.ts and bench/floor.bench.ts.
import { createHash, createHmac } from 'node:crypto';

export class NodeSha256 {
  #h: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
  constructor(secret?: Uint8Array | string) {
    this.#h = secret ? createHmac('sha256', secret) : createHash('sha256');
  }
  update(data: Uint8Array | string) {
    this.#h.update(data);
  }
  async digest() {
    return new Uint8Array(this.#h.digest());
  }
}
