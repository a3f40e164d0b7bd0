// Which codec a model id needs: from foundation-model ids, geo-prefixed inference-profile ids and
// ARNs. Application inference profiles (and provisioned / custom / imported models) carry no
// model name, so the caller names the family.

import { ValidationError } from '../errors.js';
import type { ModelFamily } from './types.js';

/** Cross-region inference-profile prefixes (`us.anthropic.claude-...`). */
export const GEO_PREFIXES = ['us', 'eu', 'apac', 'jp', 'au', 'us-gov', 'global'] as const;

export const MODEL_FAMILIES: readonly ModelFamily[] = [
  'anthropic', 'titan', 'nova', 'llama', 'cohere', 'jamba', 'mistral', 'deepseek', 'gpt-oss',
];

// Foundation-model id prefixes; each contains the name of its family.
const PREFIXES = [
  'anthropic.', 'amazon.titan-text', 'amazon.titan-tg1', 'amazon.nova', 'meta.llama', 'cohere.command', 'ai21.jamba',
  'mistral.', 'deepseek.', 'openai.gpt-oss',
];

const ARN = /^arn:aws[a-z-]*:bedrock:[^:]*:[^:]*:([a-z-]+)\/(.+)$/;

/** `us.anthropic.claude-...` → `anthropic.claude-...`; ids without a geo prefix are returned as is. */
export function stripGeoPrefix(modelId: string): string {
  const dot = modelId.indexOf('.');
  if (dot <= 0) return modelId;
  const head = modelId.slice(0, dot);
  return (GEO_PREFIXES as readonly string[]).includes(head) ? modelId.slice(dot + 1) : modelId;
}

/**
 * The foundation-model id inside `modelId`: ARNs of foundation models and system inference
 * profiles are unwrapped, geo prefixes stripped. `undefined` for ARNs that name no model.
 */
export function baseModelId(modelId: string): string | undefined {
  const arn = ARN.exec(modelId);
  if (!arn) return stripGeoPrefix(modelId);
  const [, type, resource] = arn;
  if (type === 'foundation-model' || type === 'inference-profile') return stripGeoPrefix(resource!);
  return undefined;
}

/** The family of `modelId`, or `explicit` when given. `ValidationError` when it cannot be told. */
export function detectFamily(modelId: string, explicit?: ModelFamily): ModelFamily {
  if (explicit !== undefined) {
    if (!MODEL_FAMILIES.includes(explicit)) {
      throw new ValidationError(`unknown model family '${String(explicit)}'; expected one of ${MODEL_FAMILIES.join(', ')}`);
    }
    return explicit;
  }
  const base = baseModelId(modelId);
  const prefix = base !== undefined && PREFIXES.find((p) => base.startsWith(p));
  if (prefix) return MODEL_FAMILIES.find((f) => prefix.includes(f))!;
  const what =
    base === undefined
      ? `the model family of ${ARN.exec(modelId)?.[1] ?? 'resource'} ARN '${modelId}' cannot be read from the ARN`
      : `unknown model family for '${modelId}'`;
  throw new ValidationError(
    `${what}; pass it explicitly, e.g. request.family = 'anthropic' or the model's family in the provider config ` +
      `(one of ${MODEL_FAMILIES.join(', ')})`,
  );
}
