export type {
  CachePoint, CachePointPart, Citation, ContentPart, DocumentFormat, DocumentPart, FinishReason, GuardPart, ImageMediaType,
  ImagePart, InvocationMetrics, JsonPart, LLMRequest, LLMResponse, Message, ModelFamily, ReasoningPart, RedactedReasoningPart,
  ResponsePart, Role, S3Location, StreamChunk, TextPart, ToolCall, ToolCallPart, ToolChoice, ToolDefinition,
  ToolResultPart, Usage, VideoFormat, VideoPart,
} from './types.js';
export { forInvoke, invokeCarriesDocuments, invokeOptions, JSON_TOOL } from './vocabulary.js';
export type { ModelCodec, ResponseMeta, StreamDecoder } from './codec.js';
export { detectFamily, stripGeoPrefix, baseModelId, GEO_PREFIXES, MODEL_FAMILIES } from './family.js';
export { getCodec } from './registry.js';
export {
  encodeConverseRequest, decodeConverseResponse, createConverseStreamDecoder, type ConverseStreamDecoder,
} from './converse.js';
export { finishReasonOf } from './finish.js';
export { ANTHROPIC_DEFAULT_MAX_TOKENS } from './anthropic.js';
export { DEFAULT_CONTENT_LIMITS, validateRequest, type ContentLimits } from './validate.js';
export { isImageMediaType } from './media.js';
