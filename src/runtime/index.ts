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
export { BEDROCK_CHANNELS } from './observe.js';
export type { BedrockHooks, RequestEventBase, RequestStartEvent, RequestEndEvent, RequestRetryEvent, RequestErrorEvent } from './observe.js';
export type { BidirectionalStream, BidirectionalStreamInput, BidirectionalStreamOptions } from './bidi.js';
export type { ApplyGuardrailInput, ApplyGuardrailOutput, GuardrailContent } from './guardrail.js';
export type {
  AsyncInvoke,
  AsyncInvokeOutputDataConfig,
  AsyncInvokeStatus,
  ListAsyncInvokesInput,
  ListAsyncInvokesOutput,
  StartAsyncInvokeInput,
} from './async-invoke.js';
export type * from './converse-types.js';
