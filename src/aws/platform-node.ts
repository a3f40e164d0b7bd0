// The Node-only half of src/aws (see platform.ts): the AWS SDK's default credential chain, loaded
// on first use only (a bundler that splits chunks puts it in its own), and region from the
// shared config files. Reached only through `#aws/platform` under the `node` condition.
import { interop, lazy } from './lazy.js';
import type { AwsPlatform } from './platform.js';
import { configFileRegion } from './shared-config.js';

export const platform: AwsPlatform = {
  credentialProviders: lazy(async () => interop(await import('@aws-sdk/credential-providers'))),
  configFileRegion,
  regionHelp:
    'pass the region option (--region on the command line), set AWS_REGION (e.g. AWS_REGION=us-east-1), ' +
    'or set region in the profile of the shared config file (~/.aws/config, or the file AWS_CONFIG_FILE names)',
};
