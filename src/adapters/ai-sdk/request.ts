// LanguageModelV3 call options → one LLMRequest, with the warnings the SDK shows for settings this
// provider cannot honour. Pure: no I/O.
import type { JSONSchema7, LanguageModelV3CallOptions, SharedV3Warning } from '@ai-sdk/provider';
import type { LLMRequest, ToolChoice, ToolDefinition } from '../../codecs/index.js';
import { ValidationError } from '../../errors.js';
import { bedrockOptions, cachePointOf, convertPrompt } from './prompt.js';

/** The tool a JSON response format is asked through (the same name as `@ai-sdk/amazon-bedrock`'s). */
export const JSON_TOOL = 'json';

export interface PreparedCall {
  request: LLMRequest;
  warnings: SharedV3Warning[];
  /** The answer comes back as a call of {@link JSON_TOOL}, to be turned into text. */
  jsonTool: boolean;
  api: 'invoke' | 'converse' | undefined;
}

/**
 * @param supportsNone the route takes `toolChoice: 'none'` with tools (Anthropic bodies); elsewhere
 *   'none' is carried out by sending no tools.
 */
export function prepareCall(modelId: string, o: LanguageModelV3CallOptions, supportsNone: (api: 'invoke' | 'converse' | undefined) => boolean): PreparedCall {
  const warnings: SharedV3Warning[] = [];
  const { system, messages, systemCache } = convertPrompt(o.prompt, warnings);
  const request: LLMRequest = { model: modelId, messages };
  if (system !== undefined) request.system = system;
  if (systemCache) request.cache = { system: systemCache };
  if (o.maxOutputTokens !== undefined) request.maxTokens = o.maxOutputTokens;
  if (o.temperature !== undefined) request.temperature = o.temperature;
  if (o.topP !== undefined) request.topP = o.topP;
  if (o.topK !== undefined) request.topK = o.topK;
  if (o.stopSequences?.length) request.stopSequences = o.stopSequences;
  for (const k of ['presencePenalty', 'frequencyPenalty', 'seed'] as const) {
    if (o[k] !== undefined) warnings.push({ type: 'unsupported', feature: k });
  }
  if (o.includeRawChunks) warnings.push({ type: 'unsupported', feature: 'includeRawChunks', details: 'chunks arrive decoded' });

  const b = bedrockOptions(o.providerOptions) ?? {};
  const api = b.api === 'invoke' || b.api === 'converse' ? b.api : undefined;
  if (b.api !== undefined && api === undefined) throw new ValidationError(`providerOptions.bedrock.api: expected 'invoke' or 'converse', got ${JSON.stringify(b.api)}`);
  const rc = b.reasoningConfig;
  if (rc !== undefined && rc !== null) {
    if (typeof rc !== 'object') throw new ValidationError('providerOptions.bedrock.reasoningConfig: expected { type, budgetTokens }');
    if (rc.type === 'enabled') {
      if (typeof rc.budgetTokens !== 'number') throw new ValidationError('providerOptions.bedrock.reasoningConfig.budgetTokens: expected a number of tokens');
      request.reasoning = { budgetTokens: rc.budgetTokens };
    } else if (rc.type !== 'disabled' && rc.type !== undefined) warnings.push({ type: 'unsupported', feature: `reasoningConfig.type ${String(rc.type)}` });
  }
  // Model-native fields: merged into the family body (InvokeModel) or sent as Converse's own.
  const fields = b.additionalModelRequestFields;
  const extra = typeof b.extra === 'object' && b.extra !== null ? { ...(b.extra as Record<string, unknown>) } : {};
  if (typeof fields === 'object' && fields !== null) {
    if (api === 'converse') extra.additionalModelRequestFields = fields;
    else Object.assign(extra, fields);
  }
  if (Object.keys(extra).length) request.extra = extra;

  const tools: ToolDefinition[] = [];
  (o.tools ?? []).forEach((t, i) => {
    if (t.type !== 'function') return void warnings.push({ type: 'unsupported', feature: `provider tool ${t.id}` });
    const def: ToolDefinition = { name: t.name, inputSchema: schema(t.inputSchema) };
    if (t.description !== undefined) def.description = t.description;
    if (t.strict) def.strict = true;
    tools.push(def);
    // A cache point on a tool caches the tool list (Bedrock caches it whole, after the last tool).
    const point = cachePointOf(t.providerOptions, `tools[${i}]`);
    if (point) request.cache = { ...request.cache, tools: point };
  });
  let choice: ToolChoice | undefined;
  const c = o.toolChoice;
  if (c?.type === 'tool') choice = { name: c.toolName };
  else if (c) choice = c.type;

  let jsonTool = false;
  const rf = o.responseFormat;
  const mode = b.structuredOutputMode ?? 'jsonTool';
  if (mode !== 'jsonTool' && mode !== 'outputFormat') throw new ValidationError(`providerOptions.bedrock.structuredOutputMode: expected 'jsonTool' or 'outputFormat', got ${JSON.stringify(mode)}`);
  if (rf?.type === 'json' && rf.schema && mode === 'outputFormat') {
    // Bedrock's native structured output (Converse outputConfig, Anthropic output_config, open-weight
    // response_format; a forced tool where a model has none): the answer is the text.
    request.responseFormat = { type: 'json', schema: schema(rf.schema) };
    if (rf.name !== undefined) request.responseFormat.name = rf.name;
    if (rf.description !== undefined) request.responseFormat.description = rf.description;
  } else if (rf?.type === 'json') {
    if (rf.schema) {
      // Bedrock's way to a JSON answer that holds to a schema on every tool-capable model: a forced tool.
      jsonTool = true;
      tools.push({ name: JSON_TOOL, description: rf.description ?? 'Respond with a JSON object.', inputSchema: schema(rf.schema) });
      choice = tools.length === 1 ? { name: JSON_TOOL } : 'required';
    } else warnings.push({ type: 'unsupported', feature: 'responseFormat', details: 'JSON without a schema: ask for JSON in the prompt' });
  }

  if (choice === 'none' && !supportsNone(api)) {
    tools.length = 0;
    choice = undefined;
  }
  if (tools.length) request.tools = tools;
  if (choice !== undefined && (tools.length || choice === 'none')) request.toolChoice = choice;
  return { request, warnings, jsonTool, api };
}

function schema(s: JSONSchema7): Record<string, unknown> {
  // `$schema` is noise to the model and some families reject unknown top-level keys.
  const { $schema: _, ...rest } = s as Record<string, unknown>;
  return rest;
}
