// createBedrockWire(): an AI SDK provider (ProviderV3) backed by one BedrockProvider.
import { NoSuchModelError } from '@ai-sdk/provider';
import type { EmbeddingModelV3, ImageModelV3, LanguageModelV3, ProviderV3 } from '@ai-sdk/provider';
import { BedrockProvider } from '../../provider/index.js';
import type { BedrockConfigInput, BedrockProviderOptions } from '../../provider/index.js';
import { BedrockWireEmbeddingModel } from './embedding-model.js';
import { BedrockWireLanguageModel } from './language-model.js';

export interface BedrockWireSettings extends BedrockConfigInput {
  /**
   * Use this provider (its config, connections and credentials) instead of making one from the
   * fields above. The adapter never closes it.
   */
  provider?: BedrockProvider;
  /** Options of the provider made here: `env`, `dispatcher`, `fetch`, `retry`. */
  clientOptions?: BedrockProviderOptions;
  /** Name reported as the model's `provider` (AI SDK logs, telemetry). Default `bedrock-wire`. */
  name?: string;
}

export interface BedrockWireProvider extends ProviderV3 {
  /** `bedrock('anthropic.claude-3-5-haiku-20241022-v1:0')`: the same as `languageModel(id)`. */
  (modelId: string): LanguageModelV3;
  languageModel(modelId: string): LanguageModelV3;
  /** The same as `languageModel`, the name other providers use for chat models. */
  chat(modelId: string): LanguageModelV3;
  /** `embed` / `embedMany` with any Bedrock embedding model (bedrock-wire/embeddings underneath). */
  embeddingModel(modelId: string): EmbeddingModelV3;
  /** @deprecated the AI SDK's old name of `embeddingModel`. */
  textEmbeddingModel(modelId: string): EmbeddingModelV3;
  imageModel(modelId: string): ImageModelV3;
  /** The BedrockProvider underneath (`generate`, `generateStream`, `getHealth`, ...). */
  readonly bedrock: BedrockProvider;
  /** Closes the connections of a provider made here (not one passed in as `provider`). */
  close(): Promise<void>;
}

/**
 * An AI SDK provider over bedrock-wire. Takes the same camelCase config as `new BedrockProvider()`
 * (`region`, `credentials` / `apiKey` / `profile`, `endpoint`, `api: 'converse'`, ...).
 *
 * Retries: unless `maxAttempts` is set, bedrock-wire makes one attempt per call and leaves retrying
 * to the AI SDK (`maxRetries`, default 2), which reads `isRetryable` on the `APICallError`s this
 * provider throws; set `maxAttempts` (and `maxRetries: 0`) to retry in bedrock-wire instead.
 */
export function createBedrockWire(settings: BedrockWireSettings = {}): BedrockWireProvider {
  const { provider: shared, clientOptions, name = 'bedrock-wire', ...config } = settings;
  const bedrock = shared ?? new BedrockProvider({ maxAttempts: 1, ...config }, clientOptions);
  const context = { provider: bedrock, name };
  const languageModel = (modelId: string): LanguageModelV3 => new BedrockWireLanguageModel(modelId, context);
  const embeddingModel = (modelId: string): EmbeddingModelV3 => new BedrockWireEmbeddingModel(modelId, context);
  const provider = Object.assign((modelId: string) => languageModel(modelId), {
    specificationVersion: 'v3' as const,
    languageModel,
    chat: languageModel,
    embeddingModel,
    textEmbeddingModel: embeddingModel,
    imageModel(modelId: string): never {
      throw new NoSuchModelError({ modelId, modelType: 'imageModel' });
    },
    bedrock,
    close: async () => {
      if (!shared) await bedrock.close();
    },
  });
  return provider;
}
