// The browser/edge half of src/aws (see platform.ts): no default credential chain and no files.
// Credentials come from the caller (`credentials`, `apiKey`) or, where the runtime has one, the
// environment; anything else is a `ConfigurationError` when the client is made.
import type { AwsPlatform } from './platform.js';

export const platform: AwsPlatform = {
  defaultChain: undefined,
  configFileRegion: () => undefined,
  regionHelp: 'pass the region option, or set AWS_REGION where this runtime has an environment (this browser/edge build reads no config files)',
  // Where Web Crypto is missing (an insecure browser context): the pure-JS hash, loaded then only.
  sha256Fallback: async () => (await import('@aws-crypto/sha256-js')).Sha256,
};
