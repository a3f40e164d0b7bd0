// BedrockWireChat: a LangChain chat model (`BaseChatModel`, @langchain/core 1.x) over BedrockProvider.
import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import { stampRetryable } from '@langchain/core/errors';
import type { BaseLanguageModelInput, StructuredOutputMethodOptions } from '@langchain/core/language_models/base';
import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { BaseChatModelCallOptions, BaseChatModelParams, BindToolsInput, LangSmithParams } from '@langchain/core/language_models/chat_models';
import { assembleStructuredOutputPipeline } from '@langchain/core/language_models/structured_output';
import { AIMessage, AIMessageChunk } from '@langchain/core/messages';
import type { BaseMessage, UsageMetadata } from '@langchain/core/messages';
import { ChatGenerationChunk } from '@langchain/core/outputs';
import type { ChatResult } from '@langchain/core/outputs';
import { RunnableLambda } from '@langchain/core/runnables';
import type { Runnable } from '@langchain/core/runnables';
import { convertToOpenAITool } from '@langchain/core/utils/function_calling';
import { toJsonSchema } from '@langchain/core/utils/json_schema';
import { isSerializableSchema } from '@langchain/core/utils/standard_schema';
import { getSchemaDescription, interopParseAsync, isInteropZodSchema } from '@langchain/core/utils/types';
import type { LLMRequest, LLMResponse, ToolChoice, ToolDefinition, Usage } from '../../codecs/index.js';
import { BedrockError, ValidationError } from '../../errors.js';
import { BedrockProvider } from '../../provider/index.js';
import type { BedrockConfigInput, BedrockProviderOptions } from '../../provider/index.js';
import { convertMessages } from './messages.js';

export interface BedrockWireChatCallOptions extends BaseChatModelCallOptions {
  /** Tools, set by `bindTools` (any LangChain tool, OpenAI-format tool, or `{ name, inputSchema }`). */
  tools?: BindToolsInput[];
  /** Per call: `'invoke'` (the family's own body) or `'converse'`. */
  api?: 'invoke' | 'converse';
}

export interface BedrockWireChatInput extends BaseChatModelParams {
  /** Model id, inference-profile id or ARN. */
  model: string;
  temperature?: number;
  /** Maximum output tokens. */
  maxTokens?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  /** Extended thinking (Anthropic). */
  reasoning?: { budgetTokens: number };
  /** `'invoke'` (default: the provider's) or `'converse'`. */
  api?: 'invoke' | 'converse';
  /** Use this provider (never closed here) instead of making one from `client`. */
  provider?: BedrockProvider;
  /** The provider's config (`region`, `credentials` / `apiKey` / `profile`, `endpoint`, `maxAttempts`, ...). */
  client?: BedrockConfigInput;
  /** Options of the provider made here (`env`, `dispatcher`, `fetch`, `retry`). */
  clientOptions?: BedrockProviderOptions;
}

/** LangChain's `usage_metadata` from ours. */
export function usageMetadata(u: Usage): UsageMetadata {
  const m: UsageMetadata = { input_tokens: u.inputTokens, output_tokens: u.outputTokens, total_tokens: u.totalTokens };
  if (u.cacheReadTokens !== undefined || u.cacheWriteTokens !== undefined) {
    m.input_token_details = { cache_read: u.cacheReadTokens ?? 0, cache_creation: u.cacheWriteTokens ?? 0 };
  }
  return m;
}

function responseMetadata(r: LLMResponse): Record<string, unknown> {
  return { model_name: r.model, id: r.id, stop_reason: r.rawFinishReason, finish_reason: r.finishReason, request_id: r.serviceRequestId };
}

function toolDefinition(tool: BindToolsInput, i: number): ToolDefinition {
  const t = tool as Record<string, any>;
  // Already ours.
  if (typeof t.name === 'string' && t.inputSchema && typeof t.inputSchema === 'object' && !isInteropZodSchema(t.inputSchema)) {
    return { name: t.name, description: t.description, inputSchema: t.inputSchema };
  }
  const f = convertToOpenAITool(tool as Parameters<typeof convertToOpenAITool>[0]).function;
  if (!f?.name) throw new ValidationError(`tools[${i}]: not a tool LangChain can describe`);
  return { name: f.name, description: f.description, inputSchema: (f.parameters ?? { type: 'object', properties: {} }) as Record<string, unknown> };
}

function toolChoice(c: BedrockWireChatCallOptions['tool_choice']): ToolChoice | undefined {
  if (c === undefined || c === 'auto' || c === 'none') return c;
  if (c === 'any' || c === 'required') return 'required';
  if (typeof c === 'string') return { name: c };
  const name = (c as { function?: { name?: string }; name?: string }).function?.name ?? (c as { name?: string }).name;
  if (typeof name === 'string') return { name };
  throw new ValidationError('tool_choice: expected auto, none, any, a tool name or { function: { name } }');
}

/**
 * A LangChain chat model over bedrock-wire: `invoke`, `stream`, `batch`, `bindTools`,
 * `withStructuredOutput`, usage metadata on every message.
 *
 * Retries are bedrock-wire's (`client.maxAttempts`, default 3, with backoff and `Retry-After`);
 * errors reach LangChain marked not retryable, so its `maxRetries` does not multiply them.
 */
export class BedrockWireChat extends BaseChatModel<BedrockWireChatCallOptions, AIMessageChunk> {
  static override lc_name(): string {
    return 'BedrockWireChat';
  }

  model: string;
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  reasoning?: { budgetTokens: number };
  api?: 'invoke' | 'converse';
  /** The BedrockProvider underneath. */
  readonly bedrock: BedrockProvider;
  readonly #ownsProvider: boolean;

  constructor(fields: BedrockWireChatInput) {
    super(fields);
    this.model = fields.model;
    this.temperature = fields.temperature;
    this.maxTokens = fields.maxTokens;
    this.topP = fields.topP;
    this.topK = fields.topK;
    this.stopSequences = fields.stopSequences;
    this.reasoning = fields.reasoning;
    this.api = fields.api;
    this.#ownsProvider = !fields.provider;
    this.bedrock = fields.provider ?? new BedrockProvider(fields.client ?? {}, fields.clientOptions);
  }

  override _llmType(): string {
    return 'bedrock-wire';
  }

  // Typed as LangChain's LangSmithParams, optional fields left out when unset: the inferred
  // `number | undefined` fields did not match it in a consumer with exactOptionalPropertyTypes.
  override getLsParams(options: this['ParsedCallOptions']): LangSmithParams {
    const params: LangSmithParams = { ls_provider: 'amazon_bedrock', ls_model_name: this.model, ls_model_type: 'chat' };
    if (this.temperature !== undefined) params.ls_temperature = this.temperature;
    if (this.maxTokens !== undefined) params.ls_max_tokens = this.maxTokens;
    const stop = options.stop ?? this.stopSequences;
    if (stop !== undefined) params.ls_stop = stop;
    return params;
  }

  override bindTools(tools: BindToolsInput[], kwargs?: Partial<BedrockWireChatCallOptions>): Runnable<BaseLanguageModelInput, AIMessageChunk, BedrockWireChatCallOptions> {
    return this.withConfig({ tools, ...kwargs } as Partial<BedrockWireChatCallOptions>);
  }

  /** The request a call sends (no I/O): the model's settings, then the call's. */
  request(messages: BaseMessage[], options: this['ParsedCallOptions']): LLMRequest {
    const converted = convertMessages(messages);
    const r: LLMRequest = { model: this.model, messages: converted.messages };
    if (converted.system !== undefined) r.system = converted.system;
    if (this.maxTokens !== undefined) r.maxTokens = this.maxTokens;
    if (this.temperature !== undefined) r.temperature = this.temperature;
    if (this.topP !== undefined) r.topP = this.topP;
    if (this.topK !== undefined) r.topK = this.topK;
    const stop = options.stop ?? this.stopSequences;
    if (stop?.length) r.stopSequences = stop;
    if (this.reasoning) r.reasoning = this.reasoning;
    if (options.tools?.length) r.tools = options.tools.map(toolDefinition);
    const choice = toolChoice(options.tool_choice);
    if (choice !== undefined && (r.tools || choice === 'none')) r.toolChoice = choice;
    return r;
  }

  #callOptions(options: this['ParsedCallOptions']) {
    const api = options.api ?? this.api;
    return api ? { signal: options.signal, api } : { signal: options.signal };
  }

  override async _generate(messages: BaseMessage[], options: this['ParsedCallOptions'], runManager?: CallbackManagerForLLMRun): Promise<ChatResult> {
    let r: LLMResponse;
    try {
      r = await this.bedrock.generate(this.request(messages, options), this.#callOptions(options));
    } catch (e) {
      throw noLangChainRetry(e);
    }
    const content = r.reasoning
      ? [{ type: 'thinking', thinking: r.reasoning, ...(r.reasoningSignature && { signature: r.reasoningSignature }) }, ...(r.content ? [{ type: 'text', text: r.content }] : [])]
      : r.content;
    const message = new AIMessage({
      content,
      tool_calls: r.toolCalls.map((c) => ({ id: c.id, name: c.name, args: c.arguments, type: 'tool_call' as const })),
      usage_metadata: usageMetadata(r.usage),
      response_metadata: responseMetadata(r),
      id: r.id,
    });
    if (r.content) await runManager?.handleLLMNewToken(r.content);
    return { generations: [{ text: r.content, message }], llmOutput: { tokenUsage: { promptTokens: r.usage.inputTokens, completionTokens: r.usage.outputTokens, totalTokens: r.usage.totalTokens } } };
  }

  override async *_streamResponseChunks(messages: BaseMessage[], options: this['ParsedCallOptions'], runManager?: CallbackManagerForLLMRun): AsyncGenerator<ChatGenerationChunk> {
    const stream = this.bedrock.generateStream(this.request(messages, options), this.#callOptions(options));
    try {
      for await (const c of stream) {
        switch (c.type) {
          case 'text': {
            yield new ChatGenerationChunk({ text: c.text, message: new AIMessageChunk({ content: c.text }) });
            await runManager?.handleLLMNewToken(c.text);
            break;
          }
          case 'reasoning': {
            const block = { type: 'thinking', thinking: c.text, ...(c.signature && { signature: c.signature }), index: 0 };
            yield new ChatGenerationChunk({ text: '', message: new AIMessageChunk({ content: [block] }) });
            break;
          }
          case 'tool-call-start':
            yield new ChatGenerationChunk({
              text: '',
              message: new AIMessageChunk({ content: '', tool_call_chunks: [{ type: 'tool_call_chunk', index: c.index, id: c.id, name: c.name, args: '' }] }),
            });
            break;
          case 'tool-call-delta':
            yield new ChatGenerationChunk({
              text: '',
              message: new AIMessageChunk({ content: '', tool_call_chunks: [{ type: 'tool_call_chunk', index: c.index, args: c.argumentsDelta }] }),
            });
            break;
          case 'finish': {
            const r = c.response;
            yield new ChatGenerationChunk({
              text: '',
              message: new AIMessageChunk({ content: '', usage_metadata: usageMetadata(r.usage), response_metadata: responseMetadata(r), id: r.id }),
              generationInfo: { finish_reason: r.finishReason },
            });
            break;
          }
        }
      }
    } catch (e) {
      throw noLangChainRetry(e);
    }
  }

  // The base implementation binds the schema as a tool but lets the model choose; Bedrock models
  // then often answer in prose. Here the tool is forced (tool choice), so an answer always parses.
  override withStructuredOutput(outputSchema: any, config?: StructuredOutputMethodOptions<boolean>): any {
    const schema = outputSchema as Record<string, any>;
    const zod = isInteropZodSchema(schema);
    const serializable = isSerializableSchema(schema);
    let name = config?.name ?? 'extract';
    if (!config?.name && !zod && !serializable && typeof schema.name === 'string') name = schema.name;
    const jsonSchema = zod || serializable ? toJsonSchema(schema as Parameters<typeof toJsonSchema>[0]) : (schema.parameters ?? schema.schema ?? schema);
    const description: string = getSchemaDescription(schema as Parameters<typeof getSchemaDescription>[0]) ?? (outputSchema.description as string | undefined) ?? 'Answer with this tool.';
    const llm = this.bindTools([{ name, description, inputSchema: jsonSchema }], { tool_choice: name });
    const parser = RunnableLambda.from(async (message: AIMessageChunk): Promise<Record<string, any>> => {
      const call = message.tool_calls?.find((c) => c.name === name);
      if (!call) throw new Error(`withStructuredOutput: the model did not call ${name}`);
      return zod ? ((await interopParseAsync(outputSchema, call.args)) as Record<string, any>) : call.args;
    });
    return assembleStructuredOutputPipeline(llm, parser, config?.includeRaw, config?.includeRaw ? 'StructuredOutputRunnable' : 'StructuredOutput');
  }

  /** Closes the connections of a provider made here (not one passed in). */
  async close(): Promise<void> {
    if (this.#ownsProvider) await this.bedrock.close();
  }
}

/** Our client has retried already (`maxAttempts`); LangChain's caller must not multiply that. */
function noLangChainRetry(e: unknown): unknown {
  if (e instanceof BedrockError) stampRetryable(e, false);
  return e;
}
