// The Converse / ConverseStream wire shapes, as the service's JSON carries them. Source: the
// Bedrock Runtime API reference (Converse, ConverseStream) and the smithy model behind
// `@aws-sdk/client-bedrock-runtime` (models_0.d.ts, enums.d.ts) — with one difference: that client
// takes `Uint8Array` for blobs and base64-encodes them itself; here the body is sent as JSON as
// given, so every blob (`bytes`, `redactedContent`) is the base64 text the wire carries.
//
// A union member is an object with exactly one of the listed keys (`{ text }`, `{ image }`, ...):
// narrow with `'image' in block`. Unions grow as the service adds members; shapes only ever gain
// optional fields. Types only: nothing here is emitted.

/** Arbitrary JSON (the service's `Document` type): tool inputs, JSON schemas, model-specific fields. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** Base64 text of the raw bytes (what the JSON wire format carries for a blob). */
export type Base64 = string;

export type ConversationRole = 'user' | 'assistant';

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp';
export type DocumentFormat = 'pdf' | 'csv' | 'doc' | 'docx' | 'xls' | 'xlsx' | 'html' | 'txt' | 'md';
export type VideoFormat = 'mkv' | 'mov' | 'mp4' | 'webm' | 'flv' | 'mpeg' | 'mpg' | 'wmv' | 'three_gp';
export type AudioFormat = 'mp3' | 'opus' | 'wav' | 'aac' | 'flac' | 'mp4' | 'ogg' | 'mkv' | 'mka' | 'x-aac' | 'm4a' | 'mpeg' | 'mpga' | 'pcm' | 'webm';

export type StopReason =
  | 'end_turn'
  | 'tool_use'
  | 'max_tokens'
  | 'stop_sequence'
  | 'guardrail_intervened'
  | 'content_filtered'
  | 'malformed_model_output'
  | 'malformed_tool_use'
  | 'model_context_window_exceeded';

/** An object in S3 (`s3://bucket/key`); `bucketOwner` when the bucket is another account's. */
export interface S3Location {
  uri: string;
  bucketOwner?: string;
}

export type MediaSource = { bytes: Base64 } | { s3Location: S3Location };

export interface ImageBlock {
  format: ImageFormat;
  source: MediaSource;
}

export interface VideoBlock {
  format: VideoFormat;
  source: MediaSource;
}

export interface AudioBlock {
  format: AudioFormat;
  source: MediaSource;
}

export interface CitationsConfig {
  enabled: boolean;
}

export type DocumentSource =
  | { bytes: Base64 }
  | { s3Location: S3Location }
  | { text: string }
  | { content: Array<{ text: string }> };

export interface DocumentBlock {
  /** Required for `bytes` / `s3Location` sources. */
  format?: DocumentFormat;
  /** Letters, digits, single spaces, hyphens, parentheses and square brackets only (the service's rule). */
  name: string;
  source: DocumentSource;
  context?: string;
  citations?: CitationsConfig;
}

/** A prompt-cache checkpoint: everything before it may be cached. */
export interface CachePointBlock {
  type: 'default';
  ttl?: '5m' | '1h';
}

export type GuardrailContentQualifier = 'grounding_source' | 'query' | 'guard_content';

/** Content the guardrail evaluates (the rest of the message is not evaluated when any is present). */
export type GuardContentBlock =
  | { text: { text: string; qualifiers?: GuardrailContentQualifier[] } }
  | { image: { format: 'png' | 'jpeg'; source: { bytes: Base64 } } };

export interface ToolUseBlock {
  toolUseId: string;
  name: string;
  input: JsonValue;
  type?: 'server_tool_use';
}

export type ToolResultContentBlock =
  | { text: string }
  | { json: JsonValue }
  | { image: ImageBlock }
  | { document: DocumentBlock }
  | { video: VideoBlock }
  | { searchResult: SearchResultBlock };

export interface ToolResultBlock {
  toolUseId: string;
  content: ToolResultContentBlock[];
  status?: 'success' | 'error';
  type?: string;
}

export interface SearchResultBlock {
  source: string;
  title: string;
  content: Array<{ text: string }>;
  citations?: CitationsConfig;
}

export type ReasoningContentBlock =
  | { reasoningText: { text: string; signature?: string } }
  | { redactedContent: Base64 };

export type CitationLocation =
  | { documentChar: { documentIndex?: number; start?: number; end?: number } }
  | { documentChunk: { documentIndex?: number; start?: number; end?: number } }
  | { documentPage: { documentIndex?: number; start?: number; end?: number } }
  | { searchResultLocation: { searchResultIndex?: number; start?: number; end?: number } }
  | { web: { url?: string; domain?: string } };

export interface Citation {
  title?: string;
  source?: string;
  sourceContent?: Array<{ text: string }>;
  location?: CitationLocation;
}

/** Generated text with the citations that support it (a model answering from documents). */
export interface CitationsContentBlock {
  content?: Array<{ text: string }>;
  citations?: Citation[];
}

/** One block of a message's content. */
export type ConverseContentBlock =
  | { text: string }
  | { image: ImageBlock }
  | { document: DocumentBlock }
  | { video: VideoBlock }
  | { audio: AudioBlock }
  | { toolUse: ToolUseBlock }
  | { toolResult: ToolResultBlock }
  | { guardContent: GuardContentBlock }
  | { cachePoint: CachePointBlock }
  | { reasoningContent: ReasoningContentBlock }
  | { citationsContent: CitationsContentBlock }
  | { searchResult: SearchResultBlock };

export interface ConverseMessage {
  role: ConversationRole;
  content: ConverseContentBlock[];
}

export type ConverseSystemBlock = { text: string } | { guardContent: GuardContentBlock } | { cachePoint: CachePointBlock };

export interface InferenceConfiguration {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stopSequences?: string[];
}

export interface ToolSpecification {
  name: string;
  description?: string;
  /** A JSON Schema object. */
  inputSchema: { json: JsonValue };
  strict?: boolean;
}

export type ConverseTool = { toolSpec: ToolSpecification } | { systemTool: { name: string } } | { cachePoint: CachePointBlock };

export type ConverseToolChoice = { auto: Record<string, never> } | { any: Record<string, never> } | { tool: { name: string } };

export interface ToolConfiguration {
  tools: ConverseTool[];
  toolChoice?: ConverseToolChoice;
}

export interface GuardrailConfiguration {
  guardrailIdentifier?: string;
  guardrailVersion?: string;
  trace?: 'enabled' | 'disabled' | 'enabled_full';
  /** ConverseStream only. */
  streamProcessingMode?: 'sync' | 'async';
}

export interface PerformanceConfiguration {
  latency?: 'standard' | 'optimized';
}

export interface ServiceTier {
  type: 'default' | 'flex' | 'priority' | 'reserved';
}

/** Structured output: the reply is JSON matching `schema` (a JSON Schema, as a string). */
export interface OutputConfig {
  textFormat?: { type: 'json_schema'; structure: { jsonSchema: { schema: string; name?: string; description?: string } } };
  effort?: string;
}

/** Converse / ConverseStream request body fields (`modelId` goes in the path). */
export interface ConverseRequestFields {
  messages?: ConverseMessage[];
  system?: ConverseSystemBlock[];
  inferenceConfig?: InferenceConfiguration;
  toolConfig?: ToolConfiguration;
  guardrailConfig?: GuardrailConfiguration;
  /** Model-specific fields (Anthropic `top_k`, `thinking`, ...), passed through as given. */
  additionalModelRequestFields?: JsonObject;
  additionalModelResponseFieldPaths?: string[];
  /** Prompt-management variables: `{ name: { text } }`. */
  promptVariables?: Record<string, { text: string }>;
  requestMetadata?: Record<string, string>;
  performanceConfig?: PerformanceConfiguration;
  serviceTier?: ServiceTier;
  outputConfig?: OutputConfig;
}

export interface CacheDetail {
  ttl: '5m' | '1h';
  inputTokens: number;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
  cacheDetails?: CacheDetail[];
}

/** A guardrail's assessments, as the service reports them (kept open: the shape is large and grows). */
export interface GuardrailTraceAssessment {
  modelOutput?: string[];
  inputAssessment?: Record<string, JsonObject>;
  outputAssessments?: Record<string, JsonObject[]>;
  actionReason?: string;
}

export interface ConverseTrace {
  guardrail?: GuardrailTraceAssessment;
  promptRouter?: { invokedModelId?: string };
}

// ---- ConverseStream events (the JSON of each frame, without the `p` padding)

export interface MessageStartEvent {
  role: ConversationRole;
}

export type ContentBlockStart =
  | { toolUse: { toolUseId: string; name: string; type?: 'server_tool_use' } }
  | { toolResult: { toolUseId: string; type?: string; status?: 'success' | 'error' } }
  | { image: { format: ImageFormat } };

export interface ContentBlockStartEvent {
  start: ContentBlockStart;
  contentBlockIndex: number;
}

export type ReasoningContentBlockDelta = { text: string } | { signature: string } | { redactedContent: Base64 };

export type ContentBlockDelta =
  | { text: string }
  /** A piece of the tool input JSON, as text: join the pieces, then parse. */
  | { toolUse: { input: string } }
  | { toolResult: Array<{ text: string } | { json: JsonValue }> }
  | { reasoningContent: ReasoningContentBlockDelta }
  | { citation: { title?: string; source?: string; sourceContent?: Array<{ text?: string }>; location?: CitationLocation } }
  | { image: { source?: MediaSource; error?: { message?: string } } };

export interface ContentBlockDeltaEvent {
  delta: ContentBlockDelta;
  contentBlockIndex: number;
}

export interface ContentBlockStopEvent {
  contentBlockIndex: number;
}

export interface MessageStopEvent {
  stopReason: StopReason;
  additionalModelResponseFields?: JsonValue;
}

export interface ConverseStreamMetadataEvent {
  usage: TokenUsage;
  metrics: { latencyMs: number };
  trace?: ConverseTrace;
  performanceConfig?: PerformanceConfiguration;
  serviceTier?: ServiceTier;
}
