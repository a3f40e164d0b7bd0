// Anthropic Claude on InvokeModel: the Messages API body and events. Sources: AWS "Anthropic
// Claude Messages API" model-parameters page
// (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages.html),
// Anthropic's streaming docs, and test/fixtures/recorded/anthropic-claude. Legacy text-completion
// bodies and chunks are handled by anthropic-text.ts, chosen by id on the way in and by shape on
// the way out.

import { applyAnthropicText, encodeAnthropicText, isLegacyAnthropic } from './anthropic-text.js';
import { toBase64 } from '../base64.js';
import type { ResponseBuilder } from './builder.js';
import type { ModelCodec } from './codec.js';
import { checkToolChoice, toConversation } from './conversation.js';
import { decoders } from './decoders.js';
import { mergeExtra, put } from './extra.js';
import { invalid } from './invalid.js';
import { asText, list, record, str } from './json.js';
import { putParams } from './params.js';
import type { ContentPart, ImagePart, LLMRequest, StreamChunk } from './types.js';

/** Anthropic requires `max_tokens`; this is used when the request sets none (plus any reasoning budget). */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

function image(p: ImagePart): Record<string, unknown> {
  return { type: 'image', source: { type: 'base64', media_type: p.mediaType, data: toBase64(p.data) } };
}

function blocks(parts: ContentPart[]): Record<string, unknown>[] {
  return parts.map((p) => {
    switch (p.type) {
      case 'text':
        return { type: 'text', text: p.text };
      case 'image':
        return image(p);
      case 'tool-call':
        return { type: 'tool_use', id: p.id, name: p.name, input: p.arguments };
      case 'tool-result': {
        const block: Record<string, unknown> = { type: 'tool_result', tool_use_id: p.toolCallId };
        block.content =
          typeof p.content === 'string'
            ? p.content
            : p.content.map((c) => {
                if (c.type === 'text') return { type: 'text', text: c.text };
                if (c.type === 'image') return image(c);
                throw invalid(`Anthropic tool results take text and image parts, got '${c.type}'`);
              });
        if (p.isError !== undefined) block.is_error = p.isError;
        return block;
      }
      case 'reasoning':
        // Anthropic verifies thinking blocks sent back by their signature; without it the call fails.
        if (p.signature === undefined) throw invalid('Anthropic needs the signature of reasoning parts sent back in messages');
        return { type: 'thinking', thinking: p.text, signature: p.signature };
    }
  });
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
  if (isLegacyAnthropic(options.modelId)) return mergeExtra(encodeAnthropicText(request, maxTokens), request.extra);
  const conversation = toConversation(request);
  const body: Record<string, unknown> = { anthropic_version: 'bedrock-2023-05-31', max_tokens: maxTokens };
  put(body, 'system', conversation.system);
  body.messages = conversation.turns.map((t) => ({ role: t.role, content: blocks(t.parts) }));
  putParams(body, request, { temperature: 'temperature', topP: 'top_p', topK: 'top_k', stopSequences: 'stop_sequences' });
  checkToolChoice(request);
  if (request.tools?.length) {
    body.tools = request.tools.map((t) => {
      const tool: Record<string, unknown> = { name: t.name };
      put(tool, 'description', t.description);
      tool.input_schema = t.inputSchema;
      return tool;
    });
    put(body, 'tool_choice', toolChoice(request.toolChoice));
  }
  if (budget !== undefined) body.thinking = { type: 'enabled', budget_tokens: budget };
  return mergeExtra(body, request.extra);
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
    if (type === 'text') b.addText(f.text);
    else if (type === 'tool_use') b.addToolCall(asText(f.id), asText(f.name), f.input);
    else if (type === 'thinking') b.addReasoning(asText(f.thinking), undefined, str(f.signature));
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
      break;
    }
    case 'content_block_delta': {
      const d = record(chunk.delta);
      if (d.type === 'text_delta') b.addText(d.text, out);
      else if (d.type === 'input_json_delta') b.addToolArguments(index, d.partial_json, out);
      else if (d.type === 'thinking_delta') b.addReasoning(asText(d.thinking), out);
      else if (d.type === 'signature_delta') b.addReasoning('', out, asText(d.signature));
      break;
    }
    case 'content_block_stop':
      b.endTool(index, out);
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
