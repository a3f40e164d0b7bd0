// bedrock-wire/ai-sdk: an AI SDK provider (LanguageModelV3, @ai-sdk/provider 3.x). The AI SDK is a
// peer dependency, imported only by this entry. Re-exports only.
export { createBedrockWire, type BedrockWireProvider, type BedrockWireSettings } from './provider.js';
export { BedrockWireLanguageModel } from './language-model.js';
export { BedrockWireEmbeddingModel } from './embedding-model.js';
