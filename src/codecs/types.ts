// The unified request / response / stream-chunk shapes every codec translates to and from.

/** The model families this package has a codec for. */
export type ModelFamily =
  | 'anthropic'
  | 'titan'
  | 'nova'
  | 'llama'
  | 'cohere'
  | 'jamba'
  | 'mistral'
  | 'deepseek'
  | 'gpt-oss';

/** Who wrote a message. `system` messages are folded into the family's system prompt, after `LLMRequest.system`. */
export type Role = 'system' | 'user' | 'assistant' | 'tool';

/** An object in Amazon S3 (`s3://bucket/key`), for the families that read media from S3 (Converse, Nova). */
export interface S3Location {
  uri: string;
  /** Account id owning the bucket, when it is not the caller's. */
  bucketOwner?: string;
}

/** Plain text. In a response, `citations` says which sources the text was drawn from. */
export interface TextPart {
  type: 'text';
  text: string;
  citations?: Citation[];
}

/**
 * Where an answer's text came from (Converse `citationsContent`, Anthropic text-block `citations`).
 * `span` counts in the unit the service used: characters, pages or chunks (blocks), end exclusive.
 */
export interface Citation {
  /** The source's text quoted by the model. */
  quote?: string;
  /** The document's name or title. */
  title?: string;
  /** Position of the cited document among the request's document parts (0-based). */
  documentIndex?: number;
  span?: { unit: 'char' | 'page' | 'chunk'; start: number; end: number };
  /** A URL or other source name (web and search-result citations). */
  source?: string;
}

/** The image types every vision family accepts (`image/jpg` is taken as `image/jpeg`). */
export type ImageMediaType = 'image/png' | 'image/jpeg' | 'image/jpg' | 'image/gif' | 'image/webp';

/** An image sent to a vision model. Families without vision reject it with a `ValidationError`. */
export interface ImagePart {
  type: 'image';
  /** Checked at run time too (case-insensitive): anything else is a `ValidationError` naming the field. */
  mediaType: ImageMediaType;
  /** The raw image: base64 text, or bytes (encoded to base64 on the wire), or an S3 object (Converse, Nova). */
  data: string | Uint8Array | S3Location;
}

export type DocumentFormat = 'pdf' | 'csv' | 'doc' | 'docx' | 'xls' | 'xlsx' | 'html' | 'txt' | 'md';

/**
 * A document for the model to read (Converse `document`, Anthropic `document` blocks). `data`: base64
 * text, bytes, an S3 object, or `{ text }` for plain text. `citations: true` asks for cited answers.
 */
export interface DocumentPart {
  type: 'document';
  format: DocumentFormat;
  /** The document's name (Converse requires one; letters, digits, spaces, hyphens, brackets). */
  name: string;
  data: string | Uint8Array | S3Location | { text: string };
  citations?: boolean;
  /** Context about the document the model may use (Anthropic `context`). */
  context?: string;
}

export type VideoFormat = 'mkv' | 'mov' | 'mp4' | 'webm' | 'flv' | 'mpeg' | 'mpg' | 'wmv' | 'three_gp' | (string & {});

/** A video (Nova, through Converse or its InvokeModel body): bytes, base64 text or an S3 object. */
export interface VideoPart {
  type: 'video';
  format: VideoFormat;
  data: string | Uint8Array | S3Location;
}

/** Prompt caching: everything before this point is cached (Converse `cachePoint`, Anthropic `cache_control`). */
export interface CachePointPart {
  type: 'cache-point';
  /** Default: the service's (5 minutes). */
  ttl?: '5m' | '1h';
}

/** Text a guardrail should evaluate, with qualifiers for contextual grounding (Converse `guardContent`). */
export interface GuardPart {
  type: 'guard';
  text: string;
  qualifiers?: ('grounding_source' | 'query' | 'guard_content')[];
}

/** A tool call the assistant made, sent back in the history. */
export interface ToolCallPart {
  type: 'tool-call';
  id: string;
  name: string;
  arguments: Record<string, unknown>;
}

/** The result of running a tool, answering the tool call with id `toolCallId`. */
export interface ToolResultPart {
  type: 'tool-result';
  toolCallId: string;
  /**
   * Text, or parts: text, images, documents, videos where the family accepts them in tool results,
   * and `{ type: 'json', value }` (Converse and Nova send it as `json`; text families as JSON text).
   */
  content: string | (ContentPart | JsonPart)[];
  isError?: boolean;
}

/** A tool result's structured value. */
export interface JsonPart {
  type: 'json';
  value: unknown;
}

/**
 * The model's reasoning from an earlier turn. Anthropic needs it sent back verbatim with its
 * `signature` when tools are used with extended thinking; families with no reasoning input omit it
 * from the prompt (it is model output, not an instruction).
 */
export interface ReasoningPart {
  type: 'reasoning';
  text: string;
  signature?: string;
}

/** Reasoning the service returned encrypted (Anthropic `redacted_thinking`, Converse `redactedContent`): send it back as is. */
export interface RedactedReasoningPart {
  type: 'redacted-reasoning';
  /** Opaque data, as received (base64 text). */
  data: string;
}

export type ContentPart =
  | TextPart | ImagePart | DocumentPart | VideoPart | ToolCallPart | ToolResultPart | ReasoningPart
  | RedactedReasoningPart | CachePointPart | GuardPart;

/** The parts of an answer, in the order the model produced them: send them back as the assistant turn. */
export type ResponsePart = TextPart | ReasoningPart | RedactedReasoningPart | ToolCallPart;

/** A cache point after the system prompt or the tool list. */
export interface CachePoint {
  ttl?: '5m' | '1h';
}

/** One turn of the conversation. Consecutive turns of the same role are merged by the codecs. */
export interface Message {
  role: Role;
  content: string | ContentPart[];
  /** For `role: 'tool'` with string content: the tool call it answers (OpenAI style). */
  toolCallId?: string;
}

/** A tool the model may call. */
export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON schema of the arguments object. */
  inputSchema: Record<string, unknown>;
  /** Have the service hold the call to the schema (structured outputs' strict tool use). */
  strict?: boolean;
}

/** `'required'`: the model must call some tool; `{ name }`: it must call that tool. */
export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

/** One request, any family. Fields a family cannot honour raise a `ValidationError` before sending. */
export interface LLMRequest {
  /** Caller's id, echoed as `LLMResponse.requestId`. */
  id?: string;
  /** Model id, inference-profile id or ARN. */
  model: string;
  messages: Message[];
  /** System prompt; `system` messages are appended to it. */
  system?: string;
  /** Maximum output tokens. Anthropic requires one: default 4096 (plus the reasoning budget). */
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  /**
   * Extended thinking / reasoning: a token budget (Anthropic `thinking`) or an effort (`reasoning_effort`
   * of open-weight models, Nova `reasoningConfig.maxReasoningEffort`). A family with neither refuses it.
   */
  reasoning?: { budgetTokens?: number; effort?: 'low' | 'medium' | 'high' };
  /** Prompt caching: a cache point after the system prompt and/or after the tools (see also `CachePointPart`). */
  cache?: { system?: CachePoint; tools?: CachePoint };
  /**
   * Structured output: the answer is JSON of this schema (Converse `outputConfig.textFormat`, Anthropic
   * `output_config.format`, open-weight `response_format`; else a forced tool). `LLMResponse.object` holds it parsed.
   */
  responseFormat?: { type: 'json'; schema: Record<string, unknown>; name?: string; description?: string };
  /** A Bedrock guardrail (Converse `guardrailConfig`, InvokeModel guardrail headers). */
  guardrail?: { id: string; version: string; trace?: 'enabled' | 'disabled' | 'enabled_full'; streamProcessing?: 'sync' | 'async' };
  /** Anthropic beta flags (`anthropic_beta`), e.g. `interleaved-thinking-2025-05-14`. */
  anthropicBeta?: string[];
  /** Bedrock service tier (Converse `serviceTier.type`, InvokeModel `x-amzn-bedrock-service-tier`). */
  serviceTier?: 'priority' | 'default' | 'flex' | 'reserved';
  /** Latency-optimized inference (Converse `performanceConfig.latency`). */
  latency?: 'standard' | 'optimized';
  /**
   * Model-specific body fields, merged into the encoded body last; plain objects merge deeply, so
   * `{ additionalModelRequestFields: { thinking: {...} } }` adds to what the codec wrote.
   */
  extra?: Record<string, unknown>;
  /** The family, when the model id cannot tell it (application inference profile ARNs). */
  family?: ModelFamily;
}

/** A tool call the model made. */
export interface ToolCall {
  id: string;
  name: string;
  /**
   * The parsed arguments. When the model's JSON does not parse to an object (truncated by
   * `maxTokens`, or malformed), this is `{}` and `rawArguments` keeps what was received.
   */
  arguments: Record<string, unknown>;
  /** The arguments exactly as received (streamed JSON text, or the service's object serialised). */
  rawArguments: string;
}

/** Why generation stopped, normalised; the service's own value is `LLMResponse.rawFinishReason`. */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'error' | 'unknown';

/** Token counts. `totalTokens` is input + output when the service does not send it. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
}

/** Latencies the service reports (`amazon-bedrock-invocationMetrics`, Converse `metrics`). */
export interface InvocationMetrics {
  latencyMs?: number;
  firstByteLatencyMs?: number;
}

/** The whole answer. */
export interface LLMResponse {
  /** The model's message id when it sends one, else the service request id, else a random UUID. */
  id: string;
  /** `LLMRequest.id` of the request this answers. */
  requestId?: string;
  /** The service's request id (`x-amzn-requestid`), for support cases and log correlation. */
  serviceRequestId?: string;
  /** The model that answered (as reported in the body, else the id called). */
  model: string;
  /** All text content, concatenated. */
  content: string;
  /**
   * The answer's content in the model's order: text (with citations), reasoning blocks each with its
   * own signature, redacted reasoning, tool calls. Send it back as `{ role: 'assistant', content: parts }`.
   */
  parts?: ResponsePart[];
  /** `responseFormat` answers: the JSON parsed (undefined when it did not parse; `content` keeps the text). */
  object?: unknown;
  /** The guardrail trace (Converse `trace`, InvokeModel `amazon-bedrock-trace`), when the request asked for it. */
  trace?: Record<string, unknown>;
  toolCalls: ToolCall[];
  /** Reasoning text (thinking blocks, `reasoningContent`, `<think>` / `<reasoning>` sections). */
  reasoning?: string;
  /** Signature of the last signed reasoning block; `parts` keeps every block with its own. */
  reasoningSignature?: string;
  finishReason: FinishReason;
  rawFinishReason?: string;
  usage: Usage;
  metrics?: InvocationMetrics;
  createdAt: Date;
  /** HTTP attempts the call took (1 = no retry); set by `BedrockProvider`. */
  attempts?: number;
}

/**
 * What a stream decoder emits. `index` of tool-call chunks is the call's position among this
 * response's tool calls (0, 1, ...), not the model's content-block index. Exactly one `finish`
 * chunk ends a stream; `usage`, when the stream carried any, comes right before it.
 */
export type StreamChunk =
  | { type: 'text'; text: string }
  | { type: 'reasoning'; text: string; signature?: string }
  | { type: 'redacted-reasoning'; data: string }
  | { type: 'citation'; citation: Citation }
  | { type: 'tool-call-start'; index: number; id: string; name: string }
  | { type: 'tool-call-delta'; index: number; id: string; argumentsDelta: string }
  | { type: 'tool-call-end'; index: number; toolCall: ToolCall }
  | { type: 'usage'; usage: Usage }
  | { type: 'finish'; response: LLMResponse };
