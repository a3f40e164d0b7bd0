// The OpenAI Chat Completions shape, shared by AI21 Jamba, Mistral's chat models and OpenAI gpt-oss:
// `messages` with string content, `tools` as functions; responses `choices[].message`, stream
// chunks `choices[].delta`. Each family picks what it supports through ChatOptions.

import { isRecord } from './arguments.js';
import { ResponseBuilder } from './builder.js';
import type { ResponseMeta, StreamDecoder } from './codec.js';
import { textOf, toConversation, type Turn } from './conversation.js';
import { put } from './extra.js';
import { invalid, unsupported } from './invalid.js';
import { TagSplitter } from './tags.js';
import type { LLMRequest, LLMResponse, ModelFamily, StreamChunk } from './types.js';

export interface ChatOptions {
  family: ModelFamily;
  tools: boolean;
  /** How `toolChoice: 'required'` is spelled (`required` for OpenAI, `any` for Mistral). */
  required?: string;
}

/** `messages` (and `tools` / `tool_choice` when supported) of a Chat Completions body. */
export function chatBody(request: LLMRequest, options: ChatOptions): Record<string, unknown> {
  const { family } = options;
  if (!options.tools && (request.tools?.length || (request.toolChoice !== undefined && request.toolChoice !== 'none'))) {
    throw unsupported(family, 'tools');
  }
  const conversation = toConversation(request);
  const messages: Record<string, unknown>[] = [];
  if (conversation.system !== undefined) messages.push({ role: 'system', content: conversation.system });
  for (const turn of conversation.turns) messages.push(...chatMessages(turn, options));
  const body: Record<string, unknown> = { messages };
  if (options.tools && request.tools?.length) {
    body.tools = request.tools.map((t) => {
      const fn: Record<string, unknown> = { name: t.name };
      put(fn, 'description', t.description);
      fn.parameters = t.inputSchema;
      return { type: 'function', function: fn };
    });
    const choice = request.toolChoice;
    if (choice === 'required') body.tool_choice = options.required ?? 'required';
    else if (typeof choice === 'object') {
      if (options.required === 'any') throw unsupported(family, 'a named toolChoice', "use 'required'");
      body.tool_choice = { type: 'function', function: { name: choice.name } };
    } else put(body, 'tool_choice', choice);
  } else if (request.toolChoice !== undefined && request.toolChoice !== 'none') {
    throw invalid('toolChoice needs tools');
  }
  return body;
}

function chatMessages(turn: Turn, options: ChatOptions): Record<string, unknown>[] {
  if (!options.tools) return [{ role: turn.role, content: textOf(turn.parts, options.family) }];
  const out: Record<string, unknown>[] = [];
  let text = '';
  const calls: Record<string, unknown>[] = [];
  for (const p of turn.parts) {
    if (p.type === 'text') text += p.text;
    else if (p.type === 'tool-call') {
      calls.push({ id: p.id, type: 'function', function: { name: p.name, arguments: JSON.stringify(p.arguments) } });
    } else if (p.type === 'tool-result') {
      const content = typeof p.content === 'string' ? p.content : textOf(p.content, options.family);
      out.push({ role: 'tool', tool_call_id: p.toolCallId, content });
    } else if (p.type === 'image') throw unsupported(options.family, 'image input');
    // Reasoning from earlier turns is not sent back (Chat Completions has no field for it).
  }
  if (turn.role === 'assistant') {
    const message: Record<string, unknown> = { role: 'assistant', content: text };
    if (calls.length) message.tool_calls = calls;
    return [message, ...out];
  }
  // Tool results answer the assistant's calls, so they come before the user's new text.
  return text ? [...out, { role: 'user', content: text }] : out;
}

/** Finish reason: OpenAI's `finish_reason`, Mistral's `stop_reason` (Jamba numeric `stop_reason` ignored). */
function finishOf(choice: Record<string, unknown>): string | undefined {
  if (typeof choice.finish_reason === 'string') return choice.finish_reason;
  return typeof choice.stop_reason === 'string' ? choice.stop_reason : undefined;
}

function applyUsage(b: ResponseBuilder, usage: unknown): void {
  if (isRecord(usage)) b.setUsage({ input: usage.prompt_tokens, output: usage.completion_tokens, total: usage.total_tokens });
}

/** Routes text through the reasoning-tag splitter when the family writes reasoning inline. */
function addContent(b: ResponseBuilder, splitter: TagSplitter | undefined, text: string, out?: StreamChunk[]): void {
  if (!splitter) return b.addText(text, out);
  for (const s of splitter.push(text)) s.kind === 'text' ? b.addText(s.text, out) : b.addReasoning(s.text, out);
}

function flush(b: ResponseBuilder, splitter: TagSplitter | undefined, out?: StreamChunk[]): void {
  for (const s of splitter?.flush() ?? []) s.kind === 'text' ? b.addText(s.text, out) : b.addReasoning(s.text, out);
}

/** Reasoning tag pair written inline before the answer (gpt-oss on InvokeModel: `<reasoning>`). */
export type InlineReasoning = { open: string; close: string } | undefined;

/** A whole Chat Completions response; the first choice is the answer. */
export function decodeChat(body: unknown, meta: ResponseMeta, inline?: InlineReasoning): LLMResponse {
  if (!isRecord(body)) throw invalid('chat completion body is not an object');
  const b = new ResponseBuilder(meta);
  if (typeof body.id === 'string') b.id = body.id;
  if (typeof body.model === 'string') b.model = body.model;
  const choice: unknown = Array.isArray(body.choices) ? body.choices[0] : undefined;
  if (isRecord(choice)) {
    const message = isRecord(choice.message) ? choice.message : {};
    const reasoning = message.reasoning_content ?? message.reasoning;
    if (typeof reasoning === 'string') b.addReasoning(reasoning);
    const splitter = inline ? new TagSplitter(inline.open, inline.close, false) : undefined;
    if (typeof message.content === 'string') addContent(b, splitter, message.content);
    flush(b, splitter);
    for (const call of Array.isArray(message.tool_calls) ? message.tool_calls : []) {
      if (!isRecord(call)) continue;
      const fn = isRecord(call.function) ? call.function : {};
      b.addToolCall(String(call.id ?? ''), String(fn.name ?? ''), fn.arguments);
    }
    b.setFinish(finishOf(choice));
  }
  applyUsage(b, body.usage);
  b.addInvocationMetrics(body);
  return b.build();
}

/** Stream of Chat Completions chunks (`choices[0].delta`), tool-call deltas keyed by their `index`. */
export function createChatStreamDecoder(meta: ResponseMeta, inline?: InlineReasoning): StreamDecoder {
  const b = new ResponseBuilder(meta);
  const splitter = inline ? new TagSplitter(inline.open, inline.close, false) : undefined;
  return {
    push(chunk) {
      const out: StreamChunk[] = [];
      if (!isRecord(chunk)) return out;
      if (typeof chunk.id === 'string') b.id ??= chunk.id;
      if (typeof chunk.model === 'string') b.model ??= chunk.model;
      const choice: unknown = Array.isArray(chunk.choices) ? chunk.choices[0] : undefined;
      if (isRecord(choice)) {
        const delta = isRecord(choice.delta) ? choice.delta : isRecord(choice.message) ? choice.message : {};
        const reasoning = delta.reasoning_content ?? delta.reasoning;
        if (typeof reasoning === 'string') b.addReasoning(reasoning, out);
        if (typeof delta.content === 'string') addContent(b, splitter, delta.content, out);
        for (const call of Array.isArray(delta.tool_calls) ? delta.tool_calls : []) {
          if (!isRecord(call)) continue;
          const key = typeof call.index === 'number' ? call.index : 0;
          const fn = isRecord(call.function) ? call.function : {};
          // The first delta of a call carries its id and name; later ones only argument text.
          if (!b.hasTool(key)) b.startTool(key, String(call.id ?? ''), String(fn.name ?? ''), out);
          if (typeof fn.arguments === 'string') b.addToolArguments(key, fn.arguments, out);
        }
        const finish = finishOf(choice);
        if (finish) b.setFinish(finish);
      }
      applyUsage(b, chunk.usage);
      b.addInvocationMetrics(chunk);
      return out;
    },
    finish() {
      const out: StreamChunk[] = [];
      flush(b, splitter, out);
      return [...out, ...b.finish()];
    },
  };
}
