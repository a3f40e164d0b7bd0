// What src/aws needs from the platform, as one shape with two implementations picked by the
// package's `imports` map (package.json `#aws/platform`): `platform-node.ts` under the `node`
// condition, `platform-edge.ts` everywhere else (browsers, workers, workerd, bundlers that set
// no condition). A browser/edge graph therefore never names the AWS default credential chain or
// a file read; a lazy `import()` would not be enough, since bundlers follow those too.
// Types only: nothing here is emitted.
import type { Env } from './env.js';
import type { ChecksumConstructor } from './sha256.js';

/** Our default credential chain (node-chain.ts, Node only). A type: nothing is imported here. */
export type DefaultChainModule = typeof import('./node-chain.js');

/** A region found in the shared AWS config files, and where. */
export interface ConfigFileRegion {
  region: string;
  /** The file it came from (`~/.aws/config`, `AWS_CONFIG_FILE`, or the credentials file). */
  file: string;
  profile: string;
}

export interface AwsPlatform {
  /** Loads the default chain (and STS AssumeRole); `undefined` where this build has none (browser/edge). */
  defaultChain: ((createSigner: typeof import('./signer.js').createSigner) => Promise<DefaultChainModule>) | undefined;
  /**
   * `region` of `profile` (default `AWS_PROFILE`, else `default`) in the shared config files, read
   * the way the AWS SDK reads them. `undefined` when there is none, a file cannot be read, or this
   * build reads no files.
   */
  configFileRegion(env: Env | undefined, profile: string | undefined): ConfigFileRegion | undefined;
  /** How to set a region here, for the missing-region message. */
  regionHelp: string;
  /**
   * SHA-256 where neither Node's crypto (through `process.getBuiltinModule`) nor Web Crypto is
   * found: `node:crypto` imported (Node build), `@aws-crypto/sha256-js` (browser/edge build).
   */
  sha256Fallback(): Promise<ChecksumConstructor>;
}
