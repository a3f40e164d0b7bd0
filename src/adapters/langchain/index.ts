// bedrock-wire/langchain: a LangChain chat model. @langchain/core is a peer dependency, imported
// only by this entry. Re-exports only.
export { BedrockWireChat, usageMetadata, type BedrockWireChatCallOptions, type BedrockWireChatInput } from './chat-model.js';
export { convertMessages } from './messages.js';
