export { BedrockProvider, type BedrockProviderOptions, type GenerateOptions } from './provider.js';
export {
  normalizeConfig,
  redactConfig,
  DEFAULT_HEALTH_CHECK_MODEL,
  type AssumeRoleConfig,
  type BedrockConfigInput,
  type BedrockProviderConfig,
  type NormalizeConfigOptions,
  type TimeoutConfig,
} from './config.js';
export { MODELS, findModel, canonicalModelId, capabilitiesOf, type ModelCapability, type ModelInfo } from './models.js';
export { resolveRoute, sameModel, type Route } from './route.js';
export { geoForRegion, geoPrefixOf, withGeoPrefix, type GeoPrefix } from './geo.js';
export { providerErrorKind, type ProviderErrorKind } from './error-kind.js';
export { partialResponse, type PartialResponse } from './partial.js';
export type { ProviderHealth } from './health.js';
