// Cross-region inference-profile ids are foundation ids with a geography prefix
// (`us.anthropic.claude-3-5-haiku-20241022-v1:0`). Source: AWS Bedrock user guide,
// "Supported Regions and models for inference profiles". The prefix list itself lives with the
// codecs' family detection; this file adds the provider's side: which prefix a region uses.
import { GEO_PREFIXES, stripGeoPrefix } from '../codecs/index.js';
import { ConfigurationError } from '../errors.js';

export type GeoPrefix = (typeof GEO_PREFIXES)[number];
export { GEO_PREFIXES };

/** `us.anthropic...` → `us`; a plain id or an ARN → undefined. */
export function geoPrefixOf(modelId: string): GeoPrefix | undefined {
  if (modelId.startsWith('arn:')) return undefined;
  const bare = stripGeoPrefix(modelId);
  return bare === modelId ? undefined : (modelId.slice(0, modelId.length - bare.length - 1) as GeoPrefix);
}

/** The geography whose profiles serve calls made from `region` (`eu-west-1` → `eu`). */
export function geoForRegion(region: string): GeoPrefix {
  if (region.startsWith('us-gov-')) return 'us-gov';
  // Canada and São Paulo are source regions of the US profiles.
  if (/^(us|ca|sa)-/.test(region)) return 'us';
  if (region.startsWith('eu-')) return 'eu';
  if (region.startsWith('ap-')) return 'apac';
  throw new ConfigurationError(
    `geo_prefix: cannot derive a cross-region geography from region ${region}; set geo_prefix explicitly (${GEO_PREFIXES.join(', ')})`,
  );
}

/**
 * Adds `geo.` to a plain foundation id; ids that already carry a prefix, and ARNs, are left alone
 * (an explicit choice by the caller wins).
 */
export function withGeoPrefix(modelId: string, geo: GeoPrefix): string {
  if (modelId.startsWith('arn:') || geoPrefixOf(modelId)) return modelId;
  return `${geo}.${modelId}`;
}
