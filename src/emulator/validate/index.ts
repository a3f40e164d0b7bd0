// The emulator's verdict on a request before it answers: is the model known, does it serve this
// operation, may it be called by this id, and is the body one Bedrock accepts. Strict by default;
// `lenient: true` keeps the emulator's earlier behaviour (any id of a known family, any body).
import { isOpaqueArn, lookupModel, type CatalogModel } from '../catalog.js';
import { serviceError, type ServiceError } from '../errors.js';
import { resolveModel, type ModelRef } from '../model.js';
import { isRecord } from '../prompt.js';
import type { EmulatorFamily, Operation } from '../types.js';
import { checkConverse } from './converse.js';
import { checkInvokeBody } from './invoke.js';

export const INVALID_MODEL = 'The provided model identifier is invalid.';
export const NO_COUNT_TOKENS = "The provided model doesn't support counting tokens.";
export const NO_STREAMING = 'The model is unsupported for streaming.';
export const onDemand = (id: string) =>
  `Invocation of model ID ${id} with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`;

/** The tool types CountTokens accepts on Claude (recorded refusal of `web_search_20250305`). */
const COUNTABLE_TOOLS = ['bash_20250124', 'custom', 'text_editor_20250124', 'text_editor_20250429', 'text_editor_20250728'];

const SERVED = new Set<string>(['anthropic', 'titan', 'nova', 'llama', 'cohere', 'jamba', 'mistral', 'deepseek', 'gpt-oss']);

export interface VerdictOptions {
  lenient?: boolean;
  /** Application-profile / provisioned ARNs (or any id) → the foundation model they serve. */
  profiles?: Readonly<Record<string, string>>;
}

export type Verdict = { error: ServiceError } | { model: ModelRef; catalog?: CatalogModel };

const refuse = (message: string): Verdict => ({ error: serviceError('ValidationException', message) });

/** Decides whether Bedrock would take this request; `model` says which family answers it. */
export function judge(operation: Operation, modelId: string, body: Record<string, unknown>, options: VerdictOptions = {}): Verdict {
  if (options.lenient) {
    const model = resolveModel(modelId, operation === 'count-tokens' ? undefined : body);
    return model ? { model } : refuse(INVALID_MODEL);
  }
  const found = lookupModel(modelId, options.profiles);
  if (!found) {
    // An application profile nobody mapped: the model is unknown here, so only its shape is checked.
    if (isOpaqueArn(modelId)) {
      const model = resolveModel(modelId, operation === 'count-tokens' ? undefined : body);
      if (!model) return refuse(INVALID_MODEL);
      if (operation === 'converse' || operation === 'converse-stream') {
        const finding = checkConverse(body, undefined, operation === 'converse-stream');
        if (finding) return refuse(finding);
      }
      return { model };
    }
    return refuse(INVALID_MODEL);
  }
  const { model, address } = found;
  if (operation === 'count-tokens') return countTokens(body, model, address === 'foundation');
  if (!model.operations.has(operation)) {
    if (operation === 'invoke-with-response-stream') return refuse(NO_STREAMING);
    if (operation === 'converse' || operation === 'converse-stream') return refuse(checkConverse(body, model, false) ?? INVALID_MODEL);
    return refuse(INVALID_MODEL);
  }
  if (model.profileOnly && address === 'foundation') return refuse(onDemand(modelId.startsWith('arn:') ? model.id : modelId));

  if (operation === 'invoke' || operation === 'invoke-with-response-stream') {
    const finding = checkInvokeBody(body, model);
    if (finding) return refuse(finding);
  } else {
    const finding = checkConverse(body, model, operation === 'converse-stream');
    if (finding) return refuse(finding);
  }
  return { model: refOf(modelId, model), catalog: model };
}

function refOf(id: string, model: CatalogModel): ModelRef {
  // Open-weight chat models take and answer OpenAI Chat Completions bodies, as gpt-oss does.
  const family = (SERVED.has(model.kind) ? model.kind : 'gpt-oss') as EmulatorFamily;
  return { id, base: model.id, family, fromBody: false };
}

/** CountTokens: `{input: {invokeModel: {body}}}` or `{input: {converse: {...}}}` for a model that counts, by its bare id. */
function countTokens(body: Record<string, unknown>, model: CatalogModel, bare: boolean): Verdict {
  if (!model.operations.has('count-tokens') || !bare) return refuse(NO_COUNT_TOKENS);
  const input = isRecord(body.input) ? body.input : undefined;
  const keys = input ? Object.keys(input) : [];
  if (!input || keys.length !== 1 || (keys[0] !== 'invokeModel' && keys[0] !== 'converse')) {
    return refuse('The format of the value at input is invalid. Provide a invokeModel or converse member for the field and try again.');
  }
  if (isRecord(input.converse)) {
    const finding = checkConverse(input.converse, model, false);
    return finding ? refuse(finding) : { model: refOf(model.id, model), catalog: model };
  }
  const invoke = isRecord(input.invokeModel) ? input.invokeModel : {};
  if (typeof invoke.body !== 'string') return refuse('The format of the value at input.invokeModel.body is invalid. Provide a blob for the field and try again.');
  let inner: unknown;
  try {
    const text = invoke.body.trimStart().startsWith('{') ? invoke.body : Buffer.from(invoke.body, 'base64').toString('utf8');
    inner = JSON.parse(text);
  } catch {
    return refuse('Malformed input request, please reformat your input and try again.');
  }
  if (!isRecord(inner)) return refuse('Malformed input request, please reformat your input and try again.');
  if (model.kind === 'anthropic' && Array.isArray(inner.tools)) {
    for (let i = 0; i < inner.tools.length; i++) {
      const t: unknown = inner.tools[i];
      const type = isRecord(t) && typeof t.type === 'string' ? t.type : 'custom';
      if (!COUNTABLE_TOOLS.includes(type)) {
        return refuse(
          `tools.${i}: Input tag '${type}' found using 'type' does not match any of the expected tags: ${COUNTABLE_TOOLS.map((x) => `'${x}'`).join(', ')}`,
        );
      }
    }
  }
  const finding = checkInvokeBody(inner, model);
  return finding ? refuse(finding) : { model: refOf(model.id, model), catalog: model };
}
