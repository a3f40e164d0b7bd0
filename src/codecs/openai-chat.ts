// The OpenAI Chat Completions shape, shared by AI21 Jamba, Mistral's chat models and OpenAI gpt-oss:
// `messages` with string content, `tools` as functions; responses `choices[].message`, stream
// chunks `choices[].delta`. Each family picks what it supports through ChatOptions.

import type { ResponseBuilder } from './builder.js';
import { checkToolChoice, partName, rejectFields, textOf, toConversation, type Turn } from './conversation.js';
import type { Apply } from './decoders.js';
import { put } from './extra.js';
import { unsupported } from './invalid.js';
import { asText, isRecord, list, record, str } from './json.js';
import type { LLMRequest, ModelFamily, StreamChunk } from './types.js';

export interface ChatOptions {
  family: ModelFamily;
  tools: boolean;
  /** How `toolChoice: 'required'` is spelled (`required` for OpenAI, `any` for Mistral). */
  required?: string;
}

/** `messages` (and `tools` / `tool_choice` when supported) of a Chat Completions body. */
export function chatBody(request: LLMRequest, options: ChatOptions): Record<string, unknown> {
  const { family } = options;
  if (!options.tools) rejectFields(request, family, ['tools']);
  const conversation = toConversation(request);
  const messages: Record<string, unknown>[] = [];
  if (conversation.system !== undefined) messages.push({ role: 'system', content: conversation.system });
  for (const turn of conversation.turns) messages.push(...chatMessages(turn, options));
  const body: Record<string, unknown> = { messages };
  checkToolChoice(request);
  if (options.tools && request.tools?.length) {
    body.tools = request.tools.map((t) => {
      const fn: Record<string, unknown> = { name: t.name };
      put(fn, 'description', t.description);
      fn.parameters = t.inputSchema;
      put(fn, 'strict', t.strict);
      return { type: 'function', function: fn };
    });
    const choice = request.toolChoice;
    if (choice === 'required') body.tool_choice = options.required ?? 'required';
    else if (typeof choice === 'object') {
      if (options.required === 'any') throw unsupported(family, 'a named toolChoice', "use 'required'");
      body.tool_choice = { type: 'function', function: { name: choice.name } };
    } else put(body, 'tool_choice', choice);
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
      out.push({ role: 'tool', tool_call_id: p.toolCallId, content: textOf(p.content, options.family) });
      // Reasoning from earlier turns is not sent back (Chat Completions has no field for it).
    } else if (p.type !== 'reasoning' && p.type !== 'redacted-reasoning') throw unsupported(options.family, partName(p.type));
  }
  if (turn.role === 'assistant') {
    const message: Record<string, unknown> = { role: 'assistant', content: text };
    if (calls.length) message.tool_calls = calls;
    return [message, ...out];
  }
  // Tool results answer the assistant's calls, so they come before the user's new text.
  return text ? [...out, { role: 'user', content: text }] : out;
}

/**
 * The fields a whole body and a chunk share; returns the first choice. Finish reason: OpenAI's
 * `finish_reason`, Mistral's `stop_reason` (Jamba's numeric `stop_reason` is ignored).
 */
function applyChoice(b: ResponseBuilder, r: Record<string, unknown>): Record<string, unknown> {
  if (typeof r.id === 'string') b.id ??= r.id;
  if (typeof r.model === 'string') b.model ??= r.model;
  const u = record(r.usage);
  b.setUsage({ input: u.prompt_tokens, output: u.completion_tokens, total: u.total_tokens });
  const choice = record(list(r.choices)[0]);
  b.setFinish(str(choice.finish_reason) ?? choice.stop_reason);
  return choice;
}

/** Reasoning as its own field (`reasoning_content`, `reasoning`), then the content. */
function applyMessage(b: ResponseBuilder, message: Record<string, unknown>, out?: StreamChunk[]): void {
  b.addReasoning(str(message.reasoning_content ?? message.reasoning) ?? '', out);
  b.addContent(message.content, out);
}

/** A whole Chat Completions response; the first choice is the answer. */
export const readChatBody: Apply = (b, body) => {
  const message = record(applyChoice(b, body).message);
  applyMessage(b, message);
  for (const call of list(message.tool_calls)) {
    if (!isRecord(call)) continue;
    const fn = record(call.function);
    b.addToolCall(asText(call.id), asText(fn.name), fn.arguments);
  }
};

/** One chunk (`choices[0].delta`); tool-call deltas are keyed by their `index`. */
export const readChatChunk: Apply = (b, chunk, out) => {
  const choice = applyChoice(b, chunk);
  const delta = record(choice.delta ?? choice.message);
  applyMessage(b, delta, out);
  for (const call of list(delta.tool_calls)) {
    if (!isRecord(call)) continue;
    const key = typeof call.index === 'number' ? call.index : 0;
    const fn = record(call.function);
    // The first delta of a call carries its id and name; later ones only argument text.
    if (!b.hasTool(key)) b.startTool(key, asText(call.id), asText(fn.name), out);
    b.addToolArguments(key, fn.arguments, out);
  }
};
