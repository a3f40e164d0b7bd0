import { platform } from '#aws/platform';
import { lazy } from './lazy.js';

// The smithy `Checksum` shapes, declared here so that no undeclared package appears in our types.
type SourceData = string | ArrayBuffer | ArrayBufferView;
export interface Checksum {
  update(data: Uint8Array): void;
  digest(): Promise<Uint8Array>;
  reset(): void;
}
export type ChecksumConstructor = new (secret?: SourceData) => Checksum;

interface NodeHash {
  update(data: Uint8Array): unknown;
  digest(): Uint8Array;
}
interface NodeCrypto {
  createHash(algorithm: 'sha256'): NodeHash;
  createHmac(algorithm: 'sha256', key: Uint8Array): NodeHash;
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

const utf8 = new TextEncoder();

function toBytes(data: SourceData): Uint8Array {
  if (typeof data === 'string') return utf8.encode(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

/** Hashes `parts` (a plain digest without `secret`, an HMAC with it). */
type Digest = (secret: Uint8Array<ArrayBuffer> | undefined, parts: Uint8Array[]) => Promise<Uint8Array>;

/**
 * The smithy `Checksum` shape over a one-shot `digest`: `update` collects the parts (SigV4 hashes
 * a few short strings and the body once) and `digest` hashes them.
 */
function checksum(digest: Digest): ChecksumConstructor {
  return class Sha256 implements Checksum {
    readonly #secret: Uint8Array<ArrayBuffer> | undefined;
    #parts: Uint8Array[] = [];
    constructor(secret?: SourceData) {
      this.#secret = secret === undefined ? undefined : new Uint8Array(toBytes(secret));
    }
    update(data: Uint8Array): void {
      this.#parts.push(toBytes(data));
    }
    digest(): Promise<Uint8Array> {
      return digest(this.#secret, this.#parts);
    }
    reset(): void {
      this.#parts = [];
    }
  };
}

/** The smithy `Checksum` shape over Node's createHash / createHmac (native hashing). */
export function nodeSha256(crypto: NodeCrypto): ChecksumConstructor {
  return checksum(async (secret, parts) => {
    const hash = secret === undefined ? crypto.createHash('sha256') : crypto.createHmac('sha256', secret);
    for (const p of parts) hash.update(p);
    return new Uint8Array(hash.digest());
  });
}

/**
 * The smithy `Checksum` shape over Web Crypto (browsers, workers, Deno): SHA-256 `digest`, and
 * HMAC via `importKey` + `sign`. Web Crypto hashes one buffer: the parts are joined first.
 */
export function webSha256(subtle: SubtleCrypto): ChecksumConstructor {
  return checksum(async (secret, parts) => {
    // One copy into a fresh buffer: Web Crypto takes one input, and this is what TypeScript's DOM
    // types accept (no view that might lie over a SharedArrayBuffer).
    const data = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      data.set(p, o);
      o += p.length;
    }
    if (secret === undefined) return new Uint8Array(await subtle.digest('SHA-256', data));
    const key = await subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    return new Uint8Array(await subtle.sign('HMAC', key, data));
  });
}

/**
 * The fastest SHA-256 available here: Node's native crypto where it exists (Node, Bun, Deno),
 * else Web Crypto (browsers in secure contexts, edge runtimes), else the platform's last resort
 * (`#aws/platform`): `node:crypto` imported in the Node build, `@aws-crypto/sha256-js` (pure JS)
 * in the browser/edge build — imported only in that last case, so bundlers that split chunks
 * never load it, and a node bundle never carries it.
 */
export const loadSha256 = lazy(async (): Promise<ChecksumConstructor> => {
  const crypto = nodeCrypto();
  if (crypto) return nodeSha256(crypto);
  const subtle = (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto?.subtle;
  if (subtle) return webSha256(subtle);
  return platform.sha256Fallback();
});
