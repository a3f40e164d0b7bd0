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

/** Plain text. */
export interface TextPart {
  type: 'text';
  text: string;
}

/** The image types every vision family accepts (`image/jpg` is taken as `image/jpeg`). */
export type ImageMediaType = 'image/png' | 'image/jpeg' | 'image/jpg' | 'image/gif' | 'image/webp';

/** An image sent to a vision model. Families without vision reject it with a `ValidationError`. */
export interface ImagePart {
  type: 'image';
  /** Checked at run time too (case-insensitive): anything else is a `ValidationError` naming the field. */
  mediaType: ImageMediaType;
  /** The raw image: base64 text, or bytes (encoded to base64 on the wire). */
  data: string | Uint8Array;
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
  /** Text, or text and image parts (images only where the family accepts them in tool results). */
  content: string | ContentPart[];
  isError?: boolean;
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

export type ContentPart = TextPart | ImagePart | ToolCallPart | ToolResultPart | ReasoningPart;

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
  /** Extended thinking / reasoning budget (Anthropic `thinking`, Converse for Anthropic models). */
  reasoning?: { budgetTokens: number };
  /**
   * Model-specific body fields, merged into the encoded body last (plain objects one level deep,
   * so `{ additionalModelRequestFields: {...} }` adds to what the codec wrote).
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
  toolCalls: ToolCall[];
  /** Reasoning text (thinking blocks, `reasoningContent`, `<think>` / `<reasoning>` sections). */
  reasoning?: string;
  /** Signature of the reasoning (Anthropic), needed to send it back in a later turn. */
  reasoningSignature?: string;
  finishReason: FinishReason;
  rawFinishReason?: string;
  usage: Usage;
  metrics?: InvocationMetrics;
  createdAt: Date;
}

/**
 * What a stream decoder emits. `index` of tool-call chunks is the call's position among this
 * response's tool calls (0, 1, ...), not the model's content-block index. Exactly one `finish`
 * chunk ends a stream; `usage`, when the stream carried any, comes right before it.
 */
export type StreamChunk =
  | { type: 'text'; text: string }
  | { type: 'reasoning'; text: string; signature?: string }
  | { type: 'tool-call-start'; index: number; id: string; name: string }
  | { type: 'tool-call-delta'; index: number; id: string; argumentsDelta: string }
  | { type: 'tool-call-end'; index: number; toolCall: ToolCall }
  | { type: 'usage'; usage: Usage }
  | { type: 'finish'; response: LLMResponse };
