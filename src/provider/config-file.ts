// `bedrock-wire/config`: the provider config from a seed config document — a YAML or JSON file
// (`loadConfigFile`), text (`parseConfigText`) or an object (`resolveConfig`). A separate entry
// point, so the core carries neither `yaml`, `node:fs` nor the document reader:
//   new BedrockProvider(await loadConfigFile('config.yaml'))
//   new BedrockProvider(resolveConfig(doc))
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { ConfigurationError } from '../errors.js';
import { resolveConfig, syntaxError } from './config-doc.js';
import type { ResolveConfigOptions } from './config-doc.js';
import type { BedrockProviderConfig } from './config.js';

export { resolveConfig, type ConfigDocument, type ResolveConfigOptions } from './config-doc.js';
export { normalizeConfig, redactConfig, DEFAULT_HEALTH_CHECK_MODEL, type BedrockConfigInput, type BedrockProviderConfig } from './config.js';

/** Parses YAML or JSON text (JSON is YAML, but JSON.parse gives clearer errors for `.json`). */
export function parseConfigText(text: string, format: 'yaml' | 'json' | 'auto' = 'auto'): unknown {
  const json = format === 'json' || (format === 'auto' && /^\s*[{[]/.test(text));
  try {
    // logLevel 'error': yaml's warnings (an unknown tag, ...) print an excerpt of the text.
    return json ? JSON.parse(text) : parseYaml(text, { logLevel: 'error' });
  } catch (e) {
    throw syntaxError(json ? 'JSON' : 'YAML', e, text);
  }
}

/**
 * Reads `path` (`.yaml`, `.yml`, `.json`; other extensions by content), then validates and merges
 * the environment exactly like `resolveConfig`.
 */
export async function loadConfigFile(path: string, options: ResolveConfigOptions = {}): Promise<BedrockProviderConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'read error';
    throw new ConfigurationError(`config: cannot read ${path} (${code})`, { cause: e });
  }
  const lower = path.toLowerCase();
  const format = lower.endsWith('.json') ? 'json' : lower.endsWith('.yaml') || lower.endsWith('.yml') ? 'yaml' : 'auto';
  const doc = parseConfigText(text, format);
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new ConfigurationError(`config: ${path} must hold a mapping (llm.providers.bedrock or the provider block)`);
  }
  return resolveConfig(doc as Record<string, unknown>, options);
}
