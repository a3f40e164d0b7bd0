// The Node-only half of src/aws (see platform.ts): our default credential chain (node-chain.ts,
// with STS, SSO, container and instance metadata over node:http), loaded on first use only (a
// bundler that splits chunks puts it in its own), and region from the shared config files.
// Reached only through `#aws/platform` under the `node` condition.
import { ConfigurationError } from '../errors.js';
import { Secrets } from '../redact.js';
import { envRegion, readEnv } from './env.js';
import { mask } from './error-shape.js';
import { lazy } from './lazy.js';
import type { AwsPlatform } from './platform.js';
import { configFileRegion, loadSharedConfig } from './shared-config.js';
import { createSigner } from './signer.js';

export const platform: AwsPlatform = {
  // node-chain.ts imports nothing of the core (see there): what it uses is handed to it here.
  defaultChain: lazy(async () => {
    const chain = await import('./node-chain.js');
    chain.use({ ConfigurationError, Secrets, createSigner, mask, readEnv, envRegion, configFileRegion, loadSharedConfig });
    return chain;
  }),
  configFileRegion,
  regionHelp:
    'pass the region option (--region on the command line), set AWS_REGION (e.g. AWS_REGION=us-east-1), ' +
    'or set region in the profile of the shared config file (~/.aws/config, or the file AWS_CONFIG_FILE names)',
};
