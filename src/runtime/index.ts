export { BedrockRuntime } from './client.js';
export type {
  BedrockRuntimeOptions,
  CallOptions,
  ConverseInput,
  ConverseOutput,
  ConverseStreamEvent,
  ConverseStreamEventType,
  CountTokensInput,
  CountTokensOutput,
  DispatcherLike,
  InvokeModelInput,
  InvokeModelOutput,
  RuntimeStream,
  RuntimeStreamEvent,
  StreamResponse,
} from './types.js';
export type * from './converse-types.js';
