// Which model id goes on the wire, and which codec reads it. Pure: config + request in, route out.
//
// Rules, in order:
// 1. No model in the request: the configured default model (else a ValidationError).
// 2. A seed alias (`anthropic.claude-4-sonnet-...`) becomes the real id.
// 3. The allow-list (`models`), when configured, must contain the model (geo prefix ignored).
// 4. Family: `request.family`, then `families[model]` from the config, then detection from the id.
//    An id no family codec can place (qwen, kimi, an application-profile ARN...) has no family and
//    goes through Converse, which is model-agnostic; unknown ids of a known family are still sent
//    (Bedrock has more models than the catalog).
// 5. Cross-region inference with `inference_profile_arn`: an application profile ARN (which names
//    no model) serves every call; a system profile ARN serves calls for its own model, and calls
//    that name no model. Other models are called directly (rule 6).
// 6. Plain foundation ids get the configured geo prefix when the model is offered through
//    profiles (unknown ids: always, the caller asked); catalog models that are served only through
//    profiles get the region's prefix even when none is configured, since the plain id cannot work.
import { baseModelId, detectFamily } from '../codecs/index.js';
import type { LLMRequest, ModelFamily } from '../codecs/index.js';
import { ValidationError } from '../errors.js';
import type { BedrockProviderConfig } from './config.js';
import { geoForRegion, withGeoPrefix } from './geo.js';
import { canonicalModelId, findModel } from './models.js';

export interface Route {
  /** The id sent in the path: foundation id, profile id or ARN. */
  modelId: string;
  /** The model the caller asked for (after default and alias resolution). */
  requested: string;
  /** The family codec, or `undefined` when none applies: the call then goes through Converse. */
  family: ModelFamily | undefined;
  /** True when `modelId` is the configured profile ARN. */
  viaProfileArn: boolean;
}

type RouteConfig = Pick<
  BedrockProviderConfig,
  'region' | 'crossRegionInference' | 'inferenceProfileArn' | 'geoPrefix' | 'models' | 'defaultModel' | 'families'
>;

/** Same model, ignoring geo prefixes, aliases and ARN wrapping. */
export function sameModel(a: string, b: string): boolean {
  if (a === b) return true;
  const ba = baseModelId(canonicalModelId(a));
  const bb = baseModelId(canonicalModelId(b));
  return ba !== undefined && ba === bb;
}

function profileServes(arn: string, requested: string | undefined): boolean {
  const carried = baseModelId(arn);
  if (carried === undefined) return true; // application profile: names no model, serves every call
  return requested === undefined || sameModel(carried, requested);
}

function familyFor(id: string, config: RouteConfig, explicit: ModelFamily | undefined): ModelFamily | undefined {
  const named = explicit ?? config.families[id];
  // A family named by the caller must be a real one; an id that names none is Converse's.
  if (named !== undefined) return detectFamily(id, named);
  try {
    return detectFamily(id);
  } catch {
    return undefined;
  }
}

export function resolveRoute(request: Pick<LLMRequest, 'model' | 'family'>, config: RouteConfig, options: { skipAllowList?: boolean } = {}): Route {
  const asked = request.model?.trim() ? request.model : undefined;
  const arn = config.crossRegionInference ? config.inferenceProfileArn : undefined;

  // A profile ARN that names its model can stand in for a missing request model.
  const fallback = asked ?? config.defaultModel ?? (arn ? (baseModelId(arn) ?? arn) : undefined);
  if (fallback === undefined) {
    throw new ValidationError('request.model: missing, and the provider has no default model (set default_model or models in the config)');
  }
  const requested = canonicalModelId(fallback);

  if (!options.skipAllowList && config.models && asked !== undefined && !config.models.some((m) => sameModel(m, requested))) {
    throw new ValidationError(`request.model: ${asked} is not in this provider's models (${config.models.join(', ')})`);
  }

  const viaProfileArn = !!arn && profileServes(arn, asked === undefined ? undefined : requested);
  // An ARN that serves a call naming no model may carry no model name either: its family comes from
  // the ARN, else from the default model.
  const family =
    viaProfileArn && asked === undefined
      ? familyFor(arn, config, request.family ?? safeFamily(config.defaultModel, config))
      : familyFor(requested, config, request.family);
  return { modelId: viaProfileArn ? arn : prefixed(requested, config), requested, family, viaProfileArn };
}

function safeFamily(id: string | undefined, config: RouteConfig): ModelFamily | undefined {
  return id === undefined ? undefined : familyFor(id, config, undefined);
}

function prefixed(id: string, config: RouteConfig): string {
  const info = findModel(id);
  let geo = config.geoPrefix && (info === undefined || info.inferenceProfiles) ? config.geoPrefix : undefined;
  if (!geo && info?.requiresInferenceProfile) {
    try {
      geo = geoForRegion(config.region);
    } catch {
      // No geography for this region: let the service say what it accepts.
    }
  }
  // withGeoPrefix leaves ARNs and ids that already carry a prefix alone.
  return geo ? withGeoPrefix(id, geo) : id;
}
