export type {
  ContentPart, FinishReason, ImageMediaType, ImagePart, InvocationMetrics, LLMRequest, LLMResponse, Message, ModelFamily,
  ReasoningPart, Role, StreamChunk, TextPart, ToolCall, ToolCallPart, ToolChoice, ToolDefinition,
  ToolResultPart, Usage,
} from './types.js';
export type { ModelCodec, ResponseMeta, StreamDecoder } from './codec.js';
export { detectFamily, stripGeoPrefix, baseModelId, GEO_PREFIXES, MODEL_FAMILIES } from './family.js';
export { getCodec } from './registry.js';
export {
  encodeConverseRequest, decodeConverseResponse, createConverseStreamDecoder, type ConverseStreamDecoder,
} from './converse.js';
export { finishReasonOf } from './finish.js';
export { ANTHROPIC_DEFAULT_MAX_TOKENS } from './anthropic.js';
export { validateRequest } from './validate.js';
export { isImageMediaType } from './media.js';
