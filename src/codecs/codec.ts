// The interface every family codec implements.

import type { LLMRequest, LLMResponse, ModelFamily, StreamChunk, ToolCall } from './types.js';

/** What a decoder knows about the call besides the body. */
export interface ResponseMeta {
  /** The id the call was made with (used as `LLMResponse.model` when the body names none). */
  modelId: string;
  /** `LLMRequest.id`, echoed as `LLMResponse.requestId`. */
  requestId?: string;
  /** The service's request id (`x-amzn-requestid`): `LLMResponse.id` when the body carries no id. */
  requestIdHint?: string;
  /** Token counts from the response headers, used where the body has none. */
  usage?: { input?: number; output?: number };
  /** The request asked for JSON (`responseFormat`): parse the text, or the forced tool's arguments. */
  json?: true | { tool: string };
}

/** Stateful decoder of one InvokeModelWithResponseStream body. Not reusable across streams. */
export interface StreamDecoder {
  /** One chunk: the parsed JSON of one `chunk` frame's base64-decoded `bytes`. */
  push(chunk: unknown): StreamChunk[];
  /** Closes open tool calls and returns the remaining chunks, ending with `{ type: 'finish' }`. */
  finish(): StreamChunk[];
  /** What has been received so far (kept with the error when a stream fails). */
  partial(): { content: string; reasoning: string; toolCalls: ToolCall[] };
}

export interface ModelCodec {
  readonly family: ModelFamily;
  /** The InvokeModel body. Throws `ValidationError` for what the family cannot honour. */
  encodeRequest(request: LLMRequest, options: { modelId: string; stream: boolean }): Record<string, unknown>;
  /** The parsed InvokeModel response body. */
  decodeResponse(body: unknown, meta: ResponseMeta): LLMResponse;
  createStreamDecoder(meta: ResponseMeta): StreamDecoder;
}
