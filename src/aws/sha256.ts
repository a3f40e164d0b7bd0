// The smithy `Checksum` shapes, declared here so that no undeclared package appears in our types.
type SourceData = string | ArrayBuffer | ArrayBufferView;
export interface Checksum {
  update(data: Uint8Array): void;
  digest(): Promise<Uint8Array>;
  reset(): void;
}
export type ChecksumConstructor = new (secret?: SourceData) => Checksum;

interface NodeHash {
  update(data: string | Uint8Array): unknown;
  digest(): Uint8Array;
}
interface NodeCrypto {
  createHash(algorithm: 'sha256'): NodeHash;
  createHmac(algorithm: 'sha256', key: string | Uint8Array): NodeHash;
}

/**
 * Node's crypto, reached through `process.getBuiltinModule` (Node ≥ 20.16) instead of a
 * `node:crypto` import, so that the core bundle stays importable in edge runtimes and bundlers
 * never see a Node built-in. `undefined` where it does not exist.
 */
export function nodeCrypto(): NodeCrypto | undefined {
  const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return process?.getBuiltinModule?.('crypto') as NodeCrypto | undefined;
}

function toBytes(data: SourceData): string | Uint8Array {
  if (typeof data === 'string' || data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

/** The smithy `Checksum` shape over Node's createHash / createHmac (one-shot native hashing). */
export function nodeSha256(crypto: NodeCrypto): ChecksumConstructor {
  return class NodeSha256 implements Checksum {
    private readonly secret: string | Uint8Array | undefined;
    private hash: NodeHash;
    constructor(secret?: SourceData) {
      this.secret = secret === undefined ? undefined : toBytes(secret);
      this.hash = this.create();
    }
    private create(): NodeHash {
      return this.secret === undefined ? crypto.createHash('sha256') : crypto.createHmac('sha256', this.secret);
    }
    update(data: Uint8Array): void {
      this.hash.update(toBytes(data));
    }
    digest(): Promise<Uint8Array> {
      return Promise.resolve(new Uint8Array(this.hash.digest()));
    }
    reset(): void {
      this.hash = this.create();
    }
  };
}

let cached: Promise<ChecksumConstructor> | undefined;

/**
 * The fastest SHA-256 available here: Node's native crypto where it exists (Node, Bun, Deno),
 * else `@aws-crypto/sha256-js` (pure JS; imported only in that case).
 */
export function loadSha256(): Promise<ChecksumConstructor> {
  cached ??= (async () => {
    const crypto = nodeCrypto();
    if (crypto) return nodeSha256(crypto);
    const { Sha256 } = await import('@aws-crypto/sha256-js');
    return Sha256;
  })();
  return cached;
}
