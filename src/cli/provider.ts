import { BedrockProvider } from '../provider/index.js';
import type { BedrockConfigInput } from '../provider/index.js';
import type { ConnectionFlags } from './flags.js';
import { configSecrets } from './mask.js';
import type { Secrets } from '../redact.js';

/** The provider the flags describe: a config file (if any), then flags on top, then the env. */
export async function providerFromFlags(flags: ConnectionFlags, env: Record<string, string | undefined>, secrets?: Secrets): Promise<BedrockProvider> {
  let base: Record<string, unknown> = {};
  if (flags.config) {
    // Loaded only when asked: the YAML parser is not part of the core.
    const { loadConfigFile } = await import('../provider/config-file.js');
    const resolved = await loadConfigFile(flags.config, { env });
    base = { ...resolved };
    configSecrets(secrets, base);
  }
  const overrides: Record<string, unknown> = {};
  if (flags.region) overrides.region = flags.region;
  if (flags.endpoint) overrides.endpoint = flags.endpoint;
  if (flags.profile) overrides.profile = flags.profile;
  if (flags.model) overrides.defaultModel = flags.model;
  if (flags.healthCheckModel) overrides.healthCheckModel = flags.healthCheckModel;
  return new BedrockProvider({ ...base, ...overrides } as BedrockConfigInput, { env });
}
