// Converse-shaped body fields (content blocks, inference and tool config), shared by the Converse codec and Nova's
// messages-v1 InvokeModel body (same block shapes). Source: Bedrock API reference, ContentBlock /
// ToolConfiguration (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ContentBlock.html),
// CachePointBlock, DocumentBlock, VideoBlock, GuardrailConverseContentBlock; the recordings in
// test/fixtures/recorded-http/converse.

import { toBase64 } from '../base64.js';
import { checkToolChoice, toConversation } from './conversation.js';
import { put } from './extra.js';
import { invalid } from './invalid.js';
import { isRecord } from './json.js';
import { putParams } from './params.js';
import type { CachePoint, ContentPart, ImagePart, JsonPart, LLMRequest, S3Location, ToolDefinition } from './types.js';

const FORMATS: Record<string, string> = {
  'image/png': 'png', 'image/jpeg': 'jpeg', 'image/jpg': 'jpeg', 'image/gif': 'gif', 'image/webp': 'webp',
};

export function isS3(data: unknown): data is S3Location {
  return isRecord(data) && typeof data.uri === 'string';
}

/** A document's `{ text }` data. */
export function isText(data: unknown): data is { text: string } {
  return isRecord(data) && typeof data.text === 'string';
}

/** `{ bytes }`, `{ s3Location }` or (documents) `{ text }`. */
function source(data: string | Uint8Array | S3Location | { text: string }): Record<string, unknown> {
  if (isS3(data)) {
    const s3: Record<string, unknown> = { uri: data.uri };
    put(s3, 'bucketOwner', data.bucketOwner);
    return { s3Location: s3 };
  }
  if (typeof data === 'object' && !(data instanceof Uint8Array)) return { text: data.text };
  return { bytes: toBase64(data) };
}

export function imageBlock(part: ImagePart): Record<string, unknown> {
  const format = FORMATS[part.mediaType.toLowerCase()];
  if (!format) throw invalid(`unsupported image media type '${part.mediaType}' (png, jpeg, gif or webp)`);
  return { image: { format, source: source(part.data) } };
}

export function cachePoint(point: CachePoint): Record<string, unknown> {
  const block: Record<string, unknown> = { type: 'default' };
  put(block, 'ttl', point.ttl);
  return { cachePoint: block };
}

/** A block that may appear in a message and in a tool result (media and text). */
function mediaBlock(p: ContentPart | JsonPart): Record<string, unknown> | undefined {
  switch (p.type) {
    case 'text':
      return { text: p.text };
    case 'image':
      return imageBlock(p);
    case 'document': {
      // A `text` source is for citations: without them the service wants bytes or an S3 location
      // ("DocumentSource ... must set one of the following keys: bytes, s3Location"), so plain text
      // without citations goes as its UTF-8 bytes.
      const data = p.data;
      const asBytes = isText(data) && p.citations !== true;
      const doc: Record<string, unknown> = { format: p.format, name: p.name, source: asBytes ? { bytes: toBase64(new TextEncoder().encode(data.text)) } : source(data) };
      put(doc, 'context', p.context);
      if (p.citations !== undefined) doc.citations = { enabled: p.citations };
      return { document: doc };
    }
    case 'video':
      return { video: { format: p.format, source: source(p.data) } };
    case 'json':
      return { json: p.value };
  }
  return undefined;
}

/** `withReasoning: false` (Nova InvokeModel) leaves earlier reasoning out of the prompt. */
function converseBlocks(parts: ContentPart[], withReasoning: boolean): Record<string, unknown>[] {
  const blocks: Record<string, unknown>[] = [];
  for (const p of parts) {
    const media = mediaBlock(p);
    if (media) {
      blocks.push(media);
      continue;
    }
    switch (p.type) {
      case 'tool-call':
        blocks.push({ toolUse: { toolUseId: p.id, name: p.name, input: p.arguments } });
        break;
      case 'tool-result': {
        const content =
          typeof p.content === 'string'
            ? [{ text: p.content }]
            : p.content.map((c) => mediaBlock(c) ?? invalid(`tool results take text, image, document, video and json parts, got '${c.type}'`));
        if (content.some((c) => c instanceof Error)) throw content.find((c) => c instanceof Error);
        const result: Record<string, unknown> = { toolUseId: p.toolCallId, content };
        if (p.isError !== undefined) result.status = p.isError ? 'error' : 'success';
        blocks.push({ toolResult: result });
        break;
      }
      case 'reasoning':
        if (withReasoning) {
          const reasoningText: Record<string, unknown> = { text: p.text };
          put(reasoningText, 'signature', p.signature);
          blocks.push({ reasoningContent: { reasoningText } });
        }
        break;
      case 'redacted-reasoning':
        if (withReasoning) blocks.push({ reasoningContent: { redactedContent: p.data } });
        break;
      case 'cache-point':
        blocks.push(cachePoint(p));
        break;
      case 'guard': {
        const text: Record<string, unknown> = { text: p.text };
        put(text, 'qualifiers', p.qualifiers);
        blocks.push({ guardContent: { text } });
        break;
      }
    }
  }
  return blocks;
}

/**
 * The Converse-shaped fields of a body: `system`, `messages`, `inferenceConfig`, `toolConfig`.
 * `nova`: Nova's messages-v1 InvokeModel body, which names its sampling fields as Nova documents
 * them (`max_new_tokens`, `top_p`, `top_k`) and has no block for earlier reasoning (left out).
 */
export function converseFields(request: LLMRequest, nova: boolean): Record<string, unknown> {
  const conversation = toConversation(request);
  const body: Record<string, unknown> = {};
  if (conversation.system !== undefined) {
    const system: Record<string, unknown>[] = [{ text: conversation.system }];
    if (request.cache?.system) system.push(cachePoint(request.cache.system));
    body.system = system;
  } else if (request.cache?.system) throw invalid('request.cache.system: there is no system prompt to cache');
  body.messages = conversation.turns.map((t) => ({ role: t.role, content: converseBlocks(t.parts, !nova) }));
  const inference = putParams({}, request, nova ? NOVA_NAMES : NAMES);
  if (Object.keys(inference).length) body.inferenceConfig = inference;
  put(body, 'toolConfig', converseToolConfig(request, nova ? 'nova' : 'Converse'));
  return body;
}

const NAMES = { maxTokens: 'maxTokens', temperature: 'temperature', topP: 'topP', stopSequences: 'stopSequences' };
// Nova's documented names, the only max-token spelling seen enforced in the recordings.
const NOVA_NAMES = { maxTokens: 'max_new_tokens', temperature: 'temperature', topP: 'top_p', topK: 'top_k', stopSequences: 'stopSequences' };

function toolSpec(tool: ToolDefinition): Record<string, unknown> {
  const spec: Record<string, unknown> = { name: tool.name };
  put(spec, 'description', tool.description);
  spec.inputSchema = { json: tool.inputSchema };
  put(spec, 'strict', tool.strict);
  return { toolSpec: spec };
}

/**
 * `toolConfig`, or `undefined` without tools. Converse has no "none" choice: a request with
 * `toolChoice: 'none'` is refused rather than sent with tools the model may call.
 */
export function converseToolConfig(request: LLMRequest, family: string): Record<string, unknown> | undefined {
  const { tools, toolChoice } = request;
  if (toolChoice === 'none') throw invalid(`${family} has no toolChoice 'none'; send the request without tools instead`);
  checkToolChoice(request);
  if (!tools?.length) {
    if (request.cache?.tools) throw invalid('request.cache.tools: there are no tools to cache');
    return undefined;
  }
  const specs = tools.map(toolSpec);
  if (request.cache?.tools) specs.push(cachePoint(request.cache.tools));
  const config: Record<string, unknown> = { tools: specs };
  // `{ auto: {} }`, `{ any: {} }` ('required') or `{ tool: { name } }`; 'none' was refused above.
  if (typeof toolChoice === 'object') config.toolChoice = { tool: { name: toolChoice.name } };
  else if (toolChoice) config.toolChoice = { [toolChoice === 'required' ? 'any' : toolChoice]: {} };
  return config;
}
