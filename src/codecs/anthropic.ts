// Anthropic Claude on InvokeModel: the Messages API body and events. Sources: AWS "Anthropic
// Claude Messages API" model-parameters page
// (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages.html),
// Anthropic's streaming docs, and test/fixtures/recorded/anthropic-claude. Legacy text-completion
// bodies and chunks are handled by anthropic-text.ts, chosen by id on the way in and by shape on
// the way out.

import { applyAnthropicText, encodeAnthropicText, isLegacyAnthropic } from './anthropic-text.js';
import { isRecord } from './arguments.js';
import { toBase64 } from './base64.js';
import { ResponseBuilder } from './builder.js';
import type { ModelCodec, ResponseMeta, StreamDecoder } from './codec.js';
import { toConversation } from './conversation.js';
import { mergeExtra, put } from './extra.js';
import { invalid } from './invalid.js';
import type { ContentPart, ImagePart, LLMRequest, LLMResponse, StreamChunk } from './types.js';

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
  if (choice === 'auto') return { type: 'auto' };
  if (choice === 'none') return { type: 'none' };
  if (choice === 'required') return { type: 'any' };
  return { type: 'tool', name: choice.name };
}

function encodeRequest(request: LLMRequest, options: { modelId: string; stream: boolean }): Record<string, unknown> {
  const budget = request.reasoning?.budgetTokens;
  const maxTokens = request.maxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS + (budget ?? 0);
  if (isLegacyAnthropic(options.modelId)) return mergeExtra(encodeAnthropicText(request, maxTokens), request.extra);
  const conversation = toConversation(request);
  const body: Record<string, unknown> = { anthropic_version: 'bedrock-2023-05-31', max_tokens: maxTokens };
  put(body, 'system', conversation.system);
  body.messages = conversation.turns.map((t) => ({ role: t.role, content: blocks(t.parts) }));
  put(body, 'temperature', request.temperature);
  put(body, 'top_p', request.topP);
  put(body, 'top_k', request.topK);
  put(body, 'stop_sequences', request.stopSequences);
  if (request.tools?.length) {
    body.tools = request.tools.map((t) => {
      const tool: Record<string, unknown> = { name: t.name };
      put(tool, 'description', t.description);
      tool.input_schema = t.inputSchema;
      return tool;
    });
  } else if (request.toolChoice !== undefined && request.toolChoice !== 'none') {
    throw invalid('toolChoice needs tools');
  }
  if (request.tools?.length) put(body, 'tool_choice', toolChoice(request.toolChoice));
  if (budget !== undefined) body.thinking = { type: 'enabled', budget_tokens: budget };
  return mergeExtra(body, request.extra);
}

function applyUsage(b: ResponseBuilder, usage: unknown): void {
  if (!isRecord(usage)) return;
  b.setUsage({
    input: usage.input_tokens,
    output: usage.output_tokens,
    cacheRead: usage.cache_read_input_tokens,
    cacheWrite: usage.cache_creation_input_tokens,
  });
}

function decodeResponse(body: unknown, meta: ResponseMeta): LLMResponse {
  if (!isRecord(body)) throw invalid('Anthropic response body is not an object');
  const b = new ResponseBuilder(meta);
  if (typeof body.completion === 'string') {
    applyAnthropicText(b, body);
  } else {
    if (typeof body.id === 'string') b.id = body.id;
    if (typeof body.model === 'string') b.model = body.model;
    for (const block of Array.isArray(body.content) ? body.content : []) {
      if (!isRecord(block)) continue;
      if (block.type === 'text') b.addText(String(block.text ?? ''));
      else if (block.type === 'tool_use') b.addToolCall(String(block.id ?? ''), String(block.name ?? ''), block.input);
      else if (block.type === 'thinking') {
        b.addReasoning(String(block.thinking ?? ''), undefined, typeof block.signature === 'string' ? block.signature : undefined);
      }
    }
    b.setFinish(typeof body.stop_reason === 'string' ? body.stop_reason : undefined);
    applyUsage(b, body.usage);
  }
  b.addInvocationMetrics(body);
  return b.build();
}

function applyEvent(b: ResponseBuilder, chunk: Record<string, unknown>, out: StreamChunk[]): void {
  const index = typeof chunk.index === 'number' ? chunk.index : 0;
  switch (chunk.type) {
    case 'message_start': {
      const m = isRecord(chunk.message) ? chunk.message : {};
      if (typeof m.id === 'string') b.id = m.id;
      if (typeof m.model === 'string') b.model = m.model;
      applyUsage(b, m.usage);
      break;
    }
    case 'content_block_start': {
      const block = isRecord(chunk.content_block) ? chunk.content_block : {};
      if (block.type === 'tool_use') b.startTool(index, String(block.id ?? ''), String(block.name ?? ''), out);
      else if (block.type === 'text') b.addText(String(block.text ?? ''), out);
      else if (block.type === 'thinking') b.addReasoning(String(block.thinking ?? ''), out);
      break;
    }
    case 'content_block_delta': {
      const d = isRecord(chunk.delta) ? chunk.delta : {};
      if (d.type === 'text_delta') b.addText(String(d.text ?? ''), out);
      else if (d.type === 'input_json_delta') b.addToolArguments(index, String(d.partial_json ?? ''), out);
      else if (d.type === 'thinking_delta') b.addReasoning(String(d.thinking ?? ''), out);
      else if (d.type === 'signature_delta') b.addReasoning('', out, String(d.signature ?? ''));
      break;
    }
    case 'content_block_stop':
      b.endTool(index, out);
      break;
    case 'message_delta': {
      const d = isRecord(chunk.delta) ? chunk.delta : {};
      b.setFinish(typeof d.stop_reason === 'string' ? d.stop_reason : undefined);
      applyUsage(b, chunk.usage);
      break;
    }
    case 'error': {
      const e = isRecord(chunk.error) ? chunk.error : {};
      b.setFinish(typeof e.type === 'string' ? e.type : 'error', 'error');
      break;
    }
    // message_stop and ping carry nothing but the invocation metrics, applied below.
  }
}

function createStreamDecoder(meta: ResponseMeta): StreamDecoder {
  const b = new ResponseBuilder(meta);
  return {
    push(chunk) {
      const out: StreamChunk[] = [];
      if (!isRecord(chunk)) return out;
      // Decided per chunk by shape: a `completion` field is the legacy API whatever the model id.
      if (typeof chunk.completion === 'string') applyAnthropicText(b, chunk, out);
      else applyEvent(b, chunk, out);
      b.addInvocationMetrics(chunk);
      return out;
    },
    finish: () => b.finish(),
  };
}

export const anthropicCodec: ModelCodec = { family: 'anthropic', encodeRequest, decodeResponse, createStreamDecoder };
