// The Node-only half of src/aws (see platform.ts): our default credential chain (node-chain.ts,
// with STS, SSO, container and instance metadata over node:http), loaded on first use only (a
// bundler that splits chunks puts it in its own), and region from the shared config files.
// Reached only through `#aws/platform` under the `node` condition.
import { ConfigurationError } from '../errors.js';
import { Secrets } from '../redact.js';
import { envRegion, readEnv } from './env.js';
import { mask } from './error-shape.js';
import { lazy } from './lazy.js';
import type { ChainKit } from './node-chain.js';
import type { AwsPlatform } from './platform.js';
import { configFileRegion, loadSharedConfig } from './shared-config.js';

const importChain = lazy(() => import('./node-chain.js'));
const loadChain = async (createSigner: ChainKit['createSigner']) => {
  const chain = await importChain();
  chain.use({ ConfigurationError, Secrets, createSigner, mask, readEnv, envRegion, configFileRegion, loadSharedConfig });
  return chain;
};

export const platform: AwsPlatform = {
  // node-chain.ts imports nothing of the core (see there): what it uses is handed to it here, the
  // signer by the caller (chain.ts: signer.ts reaches `#aws/platform`, a cycle if imported here).
  defaultChain: loadChain,
  configFileRegion,
  regionHelp:
    'pass the region option (--region on the command line), set AWS_REGION (e.g. AWS_REGION=us-east-1), ' +
    'or set region in the profile of the shared config file (~/.aws/config, or the file AWS_CONFIG_FILE names)',
  // Reached only where `process.getBuiltinModule` is missing (Node before 20.16) and Web Crypto too:
  // Node's crypto by import. The pure-JS hash never enters a node build.
  sha256Fallback: async () => (await import('./sha256.js')).nodeSha256(await import('node:crypto')),
};
