// Cross-region inference-profile ids are foundation ids with a geography prefix
// (`us.anthropic.claude-3-5-haiku-20241022-v1:0`). Source: AWS Bedrock user guide,
// "Supported Regions and models for inference profiles".
import { ConfigurationError } from '../errors.js';

export const GEO_PREFIXES = ['us', 'us-gov', 'eu', 'apac', 'jp', 'au', 'global'] as const;
export type GeoPrefix = (typeof GEO_PREFIXES)[number];

/** `us.anthropic...` → `us`; a plain id or an ARN → undefined. Longest prefix first (`us-gov` before `us`). */
export function geoPrefixOf(modelId: string): GeoPrefix | undefined {
  if (modelId.startsWith('arn:')) return undefined;
  const dot = modelId.indexOf('.');
  if (dot < 0) return undefined;
  const head = modelId.slice(0, dot);
  return (GEO_PREFIXES as readonly string[]).includes(head) ? (head as GeoPrefix) : undefined;
}

/** The geography whose profiles serve calls made from `region` (`eu-west-1` → `eu`). */
export function geoForRegion(region: string): GeoPrefix {
  if (region.startsWith('us-gov-')) return 'us-gov';
  // Canada and São Paulo are source regions of the US profiles.
  if (region.startsWith('us-') || region.startsWith('ca-') || region.startsWith('sa-')) return 'us';
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

/** `us.anthropic.x` → `anthropic.x`. */
export function stripGeoPrefix(modelId: string): string {
  const geo = geoPrefixOf(modelId);
  return geo ? modelId.slice(geo.length + 1) : modelId;
}
