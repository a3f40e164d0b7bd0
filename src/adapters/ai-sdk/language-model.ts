// A LanguageModelV3 (the AI SDK's model specification, @ai-sdk/provider 3.x) on top of
// BedrockProvider: every family, InvokeModel or Converse, our signing, framing and typed errors.
import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3FinishReason,
  LanguageModelV3GenerateResult,
  LanguageModelV3StreamPart,
  LanguageModelV3StreamResult,
  LanguageModelV3Usage,
  JSONArray,
  JSONObject,
  SharedV3ProviderMetadata,
} from '@ai-sdk/provider';
import type { FinishReason, LLMResponse, ResponsePart, StreamChunk, Usage } from '../../codecs/index.js';
import type { BedrockProvider } from '../../provider/index.js';
import { toSdkError, type CallContext } from './errors.js';
import { JSON_TOOL, prepareCall } from './request.js';

const FINISH: Record<FinishReason, LanguageModelV3FinishReason['unified']> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool-calls',
  content_filter: 'content-filter',
  error: 'error',
  unknown: 'other',
};

function finishReason(r: LLMResponse, jsonTool: boolean): LanguageModelV3FinishReason {
  // The forced JSON tool is how the answer was asked for, not a tool the caller must run.
  const unified = jsonTool && r.finishReason === 'tool_calls' ? 'stop' : FINISH[r.finishReason];
  return { unified, raw: r.rawFinishReason };
}

/** Counts as `@ai-sdk/amazon-bedrock` reports them: Bedrock's input count excludes cache reads and writes. */
export function sdkUsage(u: Usage): LanguageModelV3Usage {
  const cacheRead = u.cacheReadTokens ?? 0;
  const cacheWrite = u.cacheWriteTokens ?? 0;
  return {
    inputTokens: { total: u.inputTokens + cacheRead + cacheWrite, noCache: u.inputTokens, cacheRead, cacheWrite },
    outputTokens: { total: u.outputTokens, text: u.outputTokens, reasoning: undefined },
    raw: { ...u },
  };
}

const NO_USAGE: LanguageModelV3Usage = {
  inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: undefined, text: undefined, reasoning: undefined },
};

function responseMetadata(r: LLMResponse): SharedV3ProviderMetadata {
  const m: Record<string, string | number> = {};
  if (r.serviceRequestId) m.requestId = r.serviceRequestId;
  if (r.metrics?.latencyMs !== undefined) m.latencyMs = r.metrics.latencyMs;
  return { bedrock: m };
}

export interface LanguageModelContext {
  provider: BedrockProvider;
  /** `provider` of the model (the SDK logs it, and telemetry reports it). */
  name: string;
}

export class BedrockWireLanguageModel implements LanguageModelV3 {
  readonly specificationVersion = 'v3';
  readonly provider: string;
  readonly modelId: string;
  /** None: the AI SDK downloads image URLs and passes the bytes. */
  readonly supportedUrls: Record<string, RegExp[]> = {};
  readonly #bedrock: BedrockProvider;

  constructor(modelId: string, context: LanguageModelContext) {
    this.modelId = modelId;
    this.provider = context.name;
    this.#bedrock = context.provider;
  }

  #prepare(options: LanguageModelV3CallOptions) {
    const bedrock = this.#bedrock;
    const call = prepareCall(this.modelId, options, (api) => (api ?? bedrock.config.api) === 'invoke' && bedrock.route({ model: this.modelId }).family === 'anthropic');
    const converse = (call.api ?? bedrock.config.api) === 'converse';
    const modelId = bedrock.route(call.request).modelId;
    const context: CallContext = {
      url: `${bedrock.runtime.endpoint.origin}/model/${encodeURIComponent(modelId)}/`,
      requestBodyValues: call.request,
    };
    return { ...call, context, converse };
  }

  async doGenerate(options: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
    const { request, warnings, jsonTool, api, context, converse } = this.#prepare(options);
    context.url += converse ? 'converse' : 'invoke';
    const signal = options.abortSignal;
    let r: LLMResponse;
    try {
      r = await this.#bedrock.generate(request, api ? { signal, api } : { signal });
    } catch (e) {
      throw toSdkError(e, context, signal);
    }
    const content: LanguageModelV3Content[] = [];
    // The answer's parts in the model's order (each reasoning block with its own signature); bodies
    // that give no parts: reasoning, text, tool calls.
    const parts: ResponsePart[] = r.parts ?? [
      ...(r.reasoning ? [r.reasoningSignature ? { type: 'reasoning' as const, text: r.reasoning, signature: r.reasoningSignature } : { type: 'reasoning' as const, text: r.reasoning }] : []),
      ...(r.content ? [{ type: 'text' as const, text: r.content }] : []),
      ...r.toolCalls.map((c) => ({ type: 'tool-call' as const, id: c.id, name: c.name, arguments: c.arguments })),
    ];
    const raw = new Map(r.toolCalls.map((c) => [c.id, c.rawArguments]));
    for (const p of parts) {
      switch (p.type) {
        case 'reasoning':
          content.push(p.signature ? { type: 'reasoning', text: p.text, providerMetadata: { bedrock: { signature: p.signature } } } : { type: 'reasoning', text: p.text });
          break;
        case 'redacted-reasoning':
          content.push({ type: 'reasoning', text: '', providerMetadata: { bedrock: { redactedData: p.data } } });
          break;
        case 'text':
          // With the forced JSON tool the answer is the tool's input; text around it is not part of it.
          if (p.text && !jsonTool) {
            content.push(p.citations?.length ? { type: 'text', text: p.text, providerMetadata: { bedrock: { citations: p.citations as unknown as JSONArray } } } : { type: 'text', text: p.text });
          }
          break;
        case 'tool-call': {
          const input = raw.get(p.id) || JSON.stringify(p.arguments ?? {});
          if (jsonTool && p.name === JSON_TOOL) content.push({ type: 'text', text: input });
          else content.push({ type: 'tool-call', toolCallId: p.id, toolName: p.name, input });
          break;
        }
      }
    }
    return {
      content,
      finishReason: finishReason(r, jsonTool),
      usage: sdkUsage(r.usage),
      providerMetadata: responseMetadata(r),
      request: { body: request },
      response: { id: r.id, modelId: r.model, timestamp: r.createdAt },
      warnings,
    };
  }

  async doStream(options: LanguageModelV3CallOptions): Promise<LanguageModelV3StreamResult> {
    const { request, warnings, jsonTool, api, context, converse } = this.#prepare(options);
    context.url += converse ? 'converse-stream' : 'invoke-with-response-stream';
    const signal = options.abortSignal;
    const it = this.#bedrock.generateStream(request, api ? { signal, api } : { signal });
    // Wait for the first chunk, so that a refused request rejects doStream (the SDK retries those).
    let first: IteratorResult<StreamChunk, void>;
    try {
      first = await it.next();
    } catch (e) {
      throw toSdkError(e, context, signal);
    }
    const parts = new PartWriter(jsonTool);
    const stream = new ReadableStream<LanguageModelV3StreamPart>({
      start(c) {
        c.enqueue({ type: 'stream-start', warnings });
        if (first.done) c.close();
        else parts.write(first.value, c);
      },
      async pull(c) {
        try {
          // Until a part is out: a pull that enqueues nothing is not called again by the stream.
          for (;;) {
            const r = await it.next();
            if (r.done) return c.close();
            if (parts.write(r.value, c)) return;
          }
        } catch (e) {
          if (signal?.aborted) return c.error(signal.reason);
          c.enqueue({ type: 'error', error: toSdkError(e, context, signal) });
          parts.fail(c);
          c.close();
        }
      },
      async cancel() {
        await it.return();
      },
    });
    return { stream, request: { body: request } };
  }
}

type Sink = ReadableStreamDefaultController<LanguageModelV3StreamPart>;

/**
 * Our stream chunks → the SDK's stream parts: text and reasoning runs become start/delta/end
 * blocks, tool calls become tool-input parts and one tool-call. One part object per delta (the
 * spec's shape); block ids are made only when a block opens.
 */
class PartWriter {
  #open: 'text' | 'reasoning' | undefined;
  #id = '';
  #blocks = 0;
  #jsonTool: boolean;
  /** Id of the forced JSON tool's call, whose argument deltas are not tool input. */
  #jsonCall: string | undefined;
  #jsonSent = false;
  #citations: JSONObject[] | undefined;
  #finished = false;

  constructor(jsonTool: boolean) {
    this.#jsonTool = jsonTool;
  }

  /** Enqueues the parts of one chunk; false when it had none. */
  write(chunk: StreamChunk, c: Sink): boolean {
    switch (chunk.type) {
      case 'text':
        if (this.#jsonTool) return false; // the answer is the forced JSON tool's input
        if (this.#open !== 'text') this.#start('text', c);
        c.enqueue({ type: 'text-delta', id: this.#id, delta: chunk.text });
        return true;
      case 'reasoning':
        if (this.#open !== 'reasoning') this.#start('reasoning', c);
        if (!chunk.signature) {
          c.enqueue({ type: 'reasoning-delta', id: this.#id, delta: chunk.text });
          return true;
        }
        // The signature ends its block: the next reasoning is a block of its own, with its own.
        c.enqueue({ type: 'reasoning-delta', id: this.#id, delta: chunk.text, providerMetadata: { bedrock: { signature: chunk.signature } } });
        this.#close(c);
        return true;
      case 'redacted-reasoning':
        // A block of its own, its data in the metadata (sent back as is, like @ai-sdk/amazon-bedrock's).
        this.#start('reasoning', c);
        c.enqueue({ type: 'reasoning-delta', id: this.#id, delta: '', providerMetadata: { bedrock: { redactedData: chunk.data } } });
        this.#close(c);
        return true;
      case 'tool-call-start':
        if (this.#jsonTool && chunk.name === JSON_TOOL) {
          // The JSON answer streams as text: the tool's argument deltas are its deltas.
          this.#jsonCall = chunk.id;
          this.#jsonSent = false;
          this.#start('text', c);
        } else {
          this.#close(c);
          c.enqueue({ type: 'tool-input-start', id: chunk.id, toolName: chunk.name });
        }
        return true;
      case 'tool-call-delta':
        if (chunk.id === this.#jsonCall) {
          this.#jsonSent = true;
          c.enqueue({ type: 'text-delta', id: this.#id, delta: chunk.argumentsDelta });
        } else c.enqueue({ type: 'tool-input-delta', id: chunk.id, delta: chunk.argumentsDelta });
        return true;
      case 'tool-call-end': {
        const call = chunk.toolCall;
        const input = call.rawArguments || '{}';
        if (call.id === this.#jsonCall) {
          if (!this.#jsonSent) c.enqueue({ type: 'text-delta', id: this.#id, delta: input });
          this.#jsonCall = undefined;
          this.#close(c);
          return true;
        }
        c.enqueue({ type: 'tool-input-end', id: call.id });
        c.enqueue({ type: 'tool-call', toolCallId: call.id, toolName: call.name, input });
        return true;
      }
      case 'usage':
        return false; // the finish part carries the final counts
      case 'citation':
        // The cited text arrives as text; the spec has no stream part for a citation: the finish
        // part's providerMetadata.bedrock.citations lists them.
        (this.#citations ??= []).push(chunk.citation as unknown as JSONObject);
        return false;
      case 'finish': {
        this.#close(c);
        const r = chunk.response;
        this.#finished = true;
        c.enqueue({ type: 'response-metadata', id: r.id, modelId: r.model, timestamp: r.createdAt });
        const metadata = responseMetadata(r);
        if (this.#citations) metadata.bedrock.citations = this.#citations;
        c.enqueue({ type: 'finish', usage: sdkUsage(r.usage), finishReason: finishReason(r, this.#jsonTool), providerMetadata: metadata });
        return true;
      }
    }
  }

  /** After an error part: close the open block and finish with reason `error`. */
  fail(c: Sink): void {
    this.#close(c);
    if (!this.#finished) c.enqueue({ type: 'finish', usage: NO_USAGE, finishReason: { unified: 'error', raw: undefined } });
    this.#finished = true;
  }

  #start(kind: 'text' | 'reasoning', c: Sink): void {
    this.#close(c);
    this.#open = kind;
    this.#id = String(this.#blocks++);
    c.enqueue({ type: kind === 'text' ? 'text-start' : 'reasoning-start', id: this.#id });
  }

  #close(c: Sink): void {
    if (this.#open === undefined) return;
    c.enqueue({ type: this.#open === 'text' ? 'text-end' : 'reasoning-end', id: this.#id });
    this.#open = undefined;
  }
}
