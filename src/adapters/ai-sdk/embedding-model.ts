// An EmbeddingModelV3 (the AI SDK's `embed` / `embedMany`) on top of bedrock-wire/embeddings: every
// Bedrock embedding model (Titan text and image, Cohere v3/v4, Nova multimodal), through the
// provider's client (signing, retries, typed errors).
import type { EmbeddingModelV3, EmbeddingModelV3CallOptions, EmbeddingModelV3Result } from '@ai-sdk/provider';
import type { EmbedRequest } from '../../embeddings/index.js';
import { ValidationError } from '../../errors.js';
import type { BedrockProvider } from '../../provider/index.js';
import { toSdkError } from './errors.js';
import { bedrockOptions } from './prompt.js';

/** Values per doEmbed call; `embed` splits them over the model's own per-request limit. */
const MAX_PER_CALL = 2048;

/** `providerOptions.bedrock` fields passed to `embed` (the names of bedrock-wire/embeddings). */
const OPTION_FIELDS = ['dimensions', 'normalize', 'inputType', 'truncate', 'embeddingTypes', 'extra', 'format'] as const;

export class BedrockWireEmbeddingModel implements EmbeddingModelV3 {
  readonly specificationVersion = 'v3';
  readonly provider: string;
  readonly modelId: string;
  readonly maxEmbeddingsPerCall = MAX_PER_CALL;
  readonly supportsParallelCalls = true;
  readonly #bedrock: BedrockProvider;

  constructor(modelId: string, context: { provider: BedrockProvider; name: string }) {
    this.modelId = modelId;
    this.provider = context.name;
    this.#bedrock = context.provider;
  }

  async doEmbed(options: EmbeddingModelV3CallOptions): Promise<EmbeddingModelV3Result> {
    const request: EmbedRequest = { model: this.modelId, input: options.values };
    const o = bedrockOptions(options.providerOptions) ?? {};
    for (const k of OPTION_FIELDS) if (o[k] !== undefined) (request as unknown as Record<string, unknown>)[k] = o[k];
    if (request.embeddingTypes !== undefined && !Array.isArray(request.embeddingTypes)) throw new ValidationError('providerOptions.bedrock.embeddingTypes: expected a list');
    const context = { url: `${this.#bedrock.runtime.endpoint.origin}/model/${encodeURIComponent(this.modelId)}/invoke`, requestBodyValues: { model: this.modelId, values: options.values.length } };
    try {
      // Loaded on the first embedding call: a code-splitting bundler keeps it out of chat-only apps.
      const { embed } = await import('../../embeddings/embed.js');
      const r = await embed(this.#bedrock, request, { signal: options.abortSignal, maxInputs: MAX_PER_CALL });
      return {
        embeddings: r.embeddings,
        usage: { tokens: r.usage.inputTokens },
        providerMetadata: { bedrock: { requestIds: r.requestIds } },
        warnings: [],
      };
    } catch (e) {
      throw toSdkError(e, context, options.abortSignal);
    }
  }
}
