// Anthropic Claude on InvokeModel: the Messages API body and events. Sources: AWS "Anthropic
// Claude Messages API" model-parameters page
// (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages.html),
// Anthropic's streaming docs, and test/fixtures/recorded/anthropic-claude. Legacy text-completion
// bodies and chunks are handled by anthropic-text.ts, chosen by id on the way in and by shape on
// the way out.

import { applyAnthropicText, encodeAnthropicText, isLegacyAnthropic } from './anthropic-text.js';
import { fromBase64, toBase64 } from '../base64.js';
import type { ResponseBuilder } from './builder.js';
import type { ModelCodec } from './codec.js';
import { checkToolChoice, partName, rejectFields, toConversation } from './conversation.js';
import { isS3 } from './converse-blocks.js';
import { decoders } from './decoders.js';
import { mergeExtra, put } from './extra.js';
import { invalid, unsupported } from './invalid.js';
import { asText, list, record, str } from './json.js';
import { putParams } from './params.js';
import type {
  CachePoint, Citation, ContentPart, DocumentFormat, DocumentPart, ImagePart, JsonPart, LLMRequest, StreamChunk,
} from './types.js';

/** Anthropic requires `max_tokens`; this is used when the request sets none (plus any reasoning budget). */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

function image(p: ImagePart): Record<string, unknown> {
  if (isS3(p.data)) throw unsupported('anthropic', 'images from S3 on InvokeModel', 'send the bytes, or use Converse');
  return { type: 'image', source: { type: 'base64', media_type: p.mediaType, data: toBase64(p.data) } };
}

/**
 * What Anthropic's document block takes on InvokeModel: a PDF as a `base64` source, plain text (txt,
 * md) as a `text` source (Anthropic's Messages API: base64 sources are for `application/pdf`, plain
 * text has `{ type: 'text', media_type: 'text/plain', data }`). Other formats and S3 objects have no
 * source here: the provider sends such a request through Converse (see `invokeCarriesDocuments`).
 */
export const ANTHROPIC_DOCUMENT_FORMATS: ReadonlySet<DocumentFormat> = new Set(['pdf', 'txt', 'md']);

const utf8 = new TextDecoder();

function document(p: DocumentPart): Record<string, unknown> {
  const data = p.data;
  if (!ANTHROPIC_DOCUMENT_FORMATS.has(p.format) || isS3(data)) {
    throw unsupported('anthropic', `${isS3(data) ? 'documents from S3' : `'${p.format}' documents`} on InvokeModel`, 'pdf, txt or md bytes, or use Converse');
  }
  let source: Record<string, unknown>;
  if (typeof data === 'object' && !(data instanceof Uint8Array)) source = { type: 'text', media_type: 'text/plain', data: data.text };
  else if (p.format === 'pdf') source = { type: 'base64', media_type: 'application/pdf', data: toBase64(data) };
  else source = { type: 'text', media_type: 'text/plain', data: utf8.decode(typeof data === 'string' ? fromBase64(data) : data) };
  const block: Record<string, unknown> = { type: 'document', source, title: p.name };
  put(block, 'context', p.context);
  if (p.citations !== undefined) block.citations = { enabled: p.citations };
  return block;
}

function cacheControl(point: CachePoint): Record<string, unknown> {
  const control: Record<string, unknown> = { type: 'ephemeral' };
  put(control, 'ttl', point.ttl);
  return control;
}

/** A block of a message or a tool result; `undefined` for a cache point (it marks the block before it). */
function block(p: ContentPart | JsonPart): Record<string, unknown> | undefined {
  switch (p.type) {
    case 'text':
      return { type: 'text', text: p.text };
    case 'json':
      return { type: 'text', text: JSON.stringify(p.value) };
    case 'image':
      return image(p);
    case 'document':
      return document(p);
    case 'tool-call':
      return { type: 'tool_use', id: p.id, name: p.name, input: p.arguments };
    case 'tool-result': {
      const result: Record<string, unknown> = { type: 'tool_result', tool_use_id: p.toolCallId };
      result.content = typeof p.content === 'string' ? p.content : blocks(p.content);
      if (p.isError !== undefined) result.is_error = p.isError;
      return result;
    }
    case 'reasoning':
      // Anthropic verifies thinking blocks sent back by their signature; without it the call fails.
      if (p.signature === undefined) throw invalid('Anthropic needs the signature of reasoning parts sent back in messages');
      return { type: 'thinking', thinking: p.text, signature: p.signature };
    case 'redacted-reasoning':
      return { type: 'redacted_thinking', data: p.data };
    case 'cache-point':
      return undefined;
    default:
      throw unsupported('anthropic', partName(p.type), 'use Converse');
  }
}

/** Blocks in order; a cache point becomes `cache_control` on the block before it. */
function blocks(parts: (ContentPart | JsonPart)[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const p of parts) {
    const b = block(p);
    if (b) out.push(b);
    else if (p.type === 'cache-point') {
      const last = out[out.length - 1];
      if (!last) throw invalid('a cache-point part needs a content part before it in the same message');
      last.cache_control = cacheControl(p);
    }
  }
  return out;
}

function toolChoice(choice: LLMRequest['toolChoice']): Record<string, unknown> | undefined {
  if (choice === undefined) return undefined;
  if (typeof choice === 'object') return { type: 'tool', name: choice.name };
  // 'auto' and 'none' are Anthropic's words too; 'required' is spelled 'any'.
  return { type: choice === 'required' ? 'any' : choice };
}

function encodeRequest(request: LLMRequest, options: { modelId: string; stream: boolean }): Record<string, unknown> {
  const budget = request.reasoning?.budgetTokens;
  const maxTokens = request.maxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS + (budget ?? 0);
  if (isLegacyAnthropic(options.modelId)) {
    rejectFields(request, 'anthropic', ['cache', 'responseFormat', 'anthropicBeta'], 'the legacy text-completion models take a prompt only');
    return mergeExtra(encodeAnthropicText(request, maxTokens), request.extra);
  }
  const conversation = toConversation(request);
  const body: Record<string, unknown> = { anthropic_version: 'bedrock-2023-05-31', max_tokens: maxTokens };
  const cache = request.cache;
  if (cache?.system) {
    if (conversation.system === undefined) throw invalid('request.cache.system: there is no system prompt to cache');
    body.system = [{ type: 'text', text: conversation.system, cache_control: cacheControl(cache.system) }];
  } else put(body, 'system', conversation.system);
  body.messages = conversation.turns.map((t) => ({ role: t.role, content: blocks(t.parts) }));
  putParams(body, request, { temperature: 'temperature', topP: 'top_p', topK: 'top_k', stopSequences: 'stop_sequences' });
  checkToolChoice(request);
  if (request.tools?.length) {
    body.tools = request.tools.map((t) => {
      const tool: Record<string, unknown> = { name: t.name };
      put(tool, 'description', t.description);
      tool.input_schema = t.inputSchema;
      put(tool, 'strict', t.strict);
      return tool;
    });
    if (cache?.tools) (body.tools as Record<string, unknown>[]).at(-1)!.cache_control = cacheControl(cache.tools);
    put(body, 'tool_choice', toolChoice(request.toolChoice));
  } else if (cache?.tools) throw invalid('request.cache.tools: there are no tools to cache');
  const output: Record<string, unknown> = {};
  const reasoning = request.reasoning;
  if (reasoning) {
    // A budget is classic extended thinking; without one, adaptive thinking with an effort (Claude 4.6 and later).
    body.thinking = budget !== undefined ? { type: 'enabled', budget_tokens: budget } : { type: 'adaptive' };
    put(output, 'effort', reasoning.effort);
  }
  if (request.responseFormat) output.format = { type: 'json_schema', schema: request.responseFormat.schema };
  if (Object.keys(output).length) body.output_config = output;
  put(body, 'anthropic_beta', request.anthropicBeta);
  return mergeExtra(body, request.extra);
}

/** Anthropic's `char_location`, `page_location` and `content_block_location` citations (web ones carry a `url`). */
function anthropicCitation(c: Record<string, unknown>): Citation {
  const citation: Citation = {};
  put(citation, 'quote', str(c.cited_text));
  put(citation, 'title', str(c.document_title) ?? str(c.title));
  put(citation, 'documentIndex', typeof c.document_index === 'number' ? c.document_index : undefined);
  put(citation, 'source', str(c.url));
  const spans = { char_location: ['char', 'start_char_index', 'end_char_index'], page_location: ['page', 'start_page_number', 'end_page_number'],
    content_block_location: ['chunk', 'start_block_index', 'end_block_index'] } as const;
  const span = spans[c.type as keyof typeof spans];
  if (span && typeof c[span[1]] === 'number' && typeof c[span[2]] === 'number') {
    citation.span = { unit: span[0], start: c[span[1]] as number, end: c[span[2]] as number };
  }
  return citation;
}

function applyUsage(b: ResponseBuilder, usage: unknown): void {
  const u = record(usage);
  b.setUsage({ input: u.input_tokens, output: u.output_tokens, cacheRead: u.cache_read_input_tokens, cacheWrite: u.cache_creation_input_tokens });
}

/** The fields a whole message and the `message_start` event share. */
function applyMessageFields(b: ResponseBuilder, m: Record<string, unknown>): void {
  b.id = str(m.id) ?? b.id;
  b.model = str(m.model) ?? b.model;
  applyUsage(b, m.usage);
}

/** A whole Messages API body. */
function applyMessage(b: ResponseBuilder, body: Record<string, unknown>): void {
  applyMessageFields(b, body);
  for (const block of list(body.content)) {
    const { type, ...f } = record(block);
    if (type === 'text') {
      b.addText(f.text);
      for (const c of list(f.citations)) b.addCitation(anthropicCitation(record(c)));
    } else if (type === 'tool_use') b.addToolCall(asText(f.id), asText(f.name), f.input);
    else if (type === 'thinking') b.addReasoning(asText(f.thinking), undefined, str(f.signature));
    else if (type === 'redacted_thinking') b.addRedactedReasoning(f.data);
    b.endBlock();
  }
  b.setFinish(body.stop_reason);
}

function applyEvent(b: ResponseBuilder, chunk: Record<string, unknown>, out?: StreamChunk[]): void {
  const index = typeof chunk.index === 'number' ? chunk.index : 0;
  switch (chunk.type) {
    case 'message_start':
      applyMessageFields(b, record(chunk.message));
      break;
    case 'content_block_start': {
      const block = record(chunk.content_block);
      if (block.type === 'tool_use') b.startTool(index, asText(block.id), asText(block.name), out);
      else if (block.type === 'text') b.addText(block.text, out);
      else if (block.type === 'thinking') b.addReasoning(asText(block.thinking), out);
      else if (block.type === 'redacted_thinking') b.addRedactedReasoning(block.data, out);
      break;
    }
    case 'content_block_delta': {
      const d = record(chunk.delta);
      if (d.type === 'text_delta') b.addText(d.text, out);
      else if (d.type === 'input_json_delta') b.addToolArguments(index, d.partial_json, out);
      else if (d.type === 'thinking_delta') b.addReasoning(asText(d.thinking), out);
      else if (d.type === 'signature_delta') b.addReasoning('', out, asText(d.signature));
      else if (d.type === 'citations_delta') b.addCitation(anthropicCitation(record(d.citation)), out);
      break;
    }
    case 'content_block_stop':
      b.endTool(index, out);
      b.endBlock();
      break;
    case 'message_delta':
      b.setFinish(record(chunk.delta).stop_reason);
      applyUsage(b, chunk.usage);
      break;
    case 'error':
      b.setFinish(str(record(chunk.error).type) ?? 'error', 'error');
      break;
    // message_stop and ping carry nothing but the invocation metrics.
  }
}

export const anthropicCodec: ModelCodec = {
  family: 'anthropic',
  encodeRequest,
  // Decided per body and chunk by shape: a `completion` field is the legacy API whatever the model id.
  ...decoders({
    name: 'Anthropic',
    body: (b, r) => (typeof r.completion === 'string' ? applyAnthropicText : applyMessage)(b, r),
    chunk: (b, r, out) => (typeof r.completion === 'string' ? applyAnthropicText : applyEvent)(b, r, out),
  }),
};
