// Cohere on InvokeModel. Two shapes:
// - Command R / R+ chat: `message`, `chat_history` (USER / CHATBOT / TOOL), `preamble`, `tools`
//   with `parameter_definitions`, `tool_results`; stream events by `event_type`. Source: AWS
//   "Cohere Command R and Command R+ models" page
//   (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-cohere-command-r-plus.html),
//   test/fixtures/recorded/cohere-command-r.
// - legacy Command (command-text, command-light-text): `prompt` → `generations[]`; stream chunks
//   `{text, is_finished}`. Source: "Cohere Command models" page
//   (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-cohere-command.html),
//   test/fixtures/recorded/cohere-command. Decoded by shape whatever the id.
//
// Cohere tool calls carry no id: the codec names them `cohere-<n>` (0-based) and, when results
// come back, finds the call by that id in the history to write Cohere's `{call, outputs}`.
// Only the first generation is kept when a request asked for several (`num_generations`).

import type { ResponseBuilder } from './builder.js';
import type { ModelCodec } from './codec.js';
import { rejectFields, textOf, toConversation, type Turn } from './conversation.js';
import { decoders, type Apply } from './decoders.js';
import { mergeExtra, put } from './extra.js';
import { baseModelId } from './family.js';
import { invalid, unsupported } from './invalid.js';
import { asText, isRecord, list, record, str } from './json.js';
import { putParams } from './params.js';
import type { LLMRequest, StreamChunk, ToolCallPart, ToolDefinition } from './types.js';

export function isLegacyCohere(modelId: string): boolean {
  return /^cohere\.command-(light-)?text/.test(baseModelId(modelId) ?? '');
}

// JSON-schema types to the Python type names Cohere documents for parameter_definitions.
const TYPES: Record<string, string> = {
  string: 'str', integer: 'int', number: 'float', boolean: 'bool', array: 'list', object: 'dict',
};

// Cohere's names for the sampling fields (both shapes).
const PARAMS = { maxTokens: 'max_tokens', temperature: 'temperature', topP: 'p', topK: 'k', stopSequences: 'stop_sequences' };

function cohereTool(tool: ToolDefinition): Record<string, unknown> {
  const required = list(tool.inputSchema.required);
  const definitions: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(record(tool.inputSchema.properties))) {
    const s = record(schema);
    const def: Record<string, unknown> = {};
    put(def, 'description', str(s.description));
    def.type = TYPES[String(s.type)] ?? String(s.type ?? 'str');
    def.required = required.includes(name);
    definitions[name] = def;
  }
  return { name: tool.name, description: tool.description ?? '', parameter_definitions: definitions };
}

function toolResults(turn: Turn, calls: Map<string, ToolCallPart>): Record<string, unknown>[] {
  const results: Record<string, unknown>[] = [];
  for (const p of turn.parts) {
    if (p.type !== 'tool-result') continue;
    const call = calls.get(p.toolCallId);
    if (!call) throw invalid(`tool result '${p.toolCallId}' answers no tool call in the history (Cohere needs the call)`);
    results.push({ call: { name: call.name, parameters: call.arguments }, outputs: [{ text: textOf(p.content, 'cohere') }] });
  }
  return results;
}

function encodeChat(request: LLMRequest): Record<string, unknown> {
  rejectFields(request, 'cohere', ['reasoning']);
  const choice = request.toolChoice;
  if (choice !== undefined && choice !== 'auto' && choice !== 'none') throw unsupported('cohere', `toolChoice ${JSON.stringify(choice)}`);
  const conversation = toConversation(request);
  const turns = conversation.turns;
  const last = turns[turns.length - 1];
  if (!last || last.role !== 'user') throw invalid('a Cohere chat request must end with a user message');
  const calls = new Map<string, ToolCallPart>();
  const history: Record<string, unknown>[] = [];
  const textOnly = (t: Turn) => textOf(t.parts.filter((p) => p.type !== 'tool-call' && p.type !== 'tool-result'), 'cohere');
  for (const turn of turns.slice(0, -1)) {
    if (turn.role === 'assistant') {
      const entry: Record<string, unknown> = { role: 'CHATBOT', message: textOnly(turn) };
      const own = turn.parts.filter((p): p is ToolCallPart => p.type === 'tool-call');
      for (const c of own) calls.set(c.id, c);
      if (own.length) entry.tool_calls = own.map((c) => ({ name: c.name, parameters: c.arguments }));
      history.push(entry);
    } else {
      const results = toolResults(turn, calls);
      if (results.length) history.push({ role: 'TOOL', tool_results: results });
      const text = textOnly(turn);
      if (text || !results.length) history.push({ role: 'USER', message: text });
    }
  }
  const body: Record<string, unknown> = { message: textOnly(last) };
  if (history.length) body.chat_history = history;
  put(body, 'preamble', conversation.system);
  putParams(body, request, PARAMS);
  if (request.tools?.length && choice !== 'none') body.tools = request.tools.map(cohereTool);
  const results = toolResults(last, calls);
  if (results.length) body.tool_results = results;
  return mergeExtra(body, request.extra);
}

/** Legacy Command: one prompt; the system text is a documented fallback, prepended to it. */
function encodeLegacy(request: LLMRequest, stream: boolean): Record<string, unknown> {
  rejectFields(request, 'cohere', ['tools', 'reasoning'], 'the command-text models complete a prompt');
  const conversation = toConversation(request);
  const parts = conversation.system !== undefined ? [conversation.system] : [];
  for (const turn of conversation.turns) parts.push(textOf(turn.parts, 'cohere'));
  const body: Record<string, unknown> = { prompt: parts.join('\n\n') };
  putParams(body, request, PARAMS);
  // Without it Bedrock answers a stream with ONE frame holding the whole generation (recorded).
  if (stream) body.stream = true;
  return mergeExtra(body, request.extra);
}

function addToolCalls(b: ResponseBuilder, calls: unknown, out?: StreamChunk[]): void {
  for (const call of list(calls)) {
    if (!isRecord(call)) continue;
    const key = `cohere-${b.toolCount}`;
    b.startTool(key, key, asText(call.name), out);
    b.addToolArguments(key, JSON.stringify(call.parameters ?? {}), out);
    b.endTool(key, out);
  }
}

/** The whole Command R response (also the `response` of `stream-end`). */
function applyChatResponse(b: ResponseBuilder, r: Record<string, unknown>, withText: boolean): void {
  b.id ??= str(r.response_id);
  if (withText) b.addText(r.text);
  if (b.toolCount === 0) addToolCalls(b, r.tool_calls);
  b.setFinish(r.finish_reason);
  const meta = record(r.meta);
  const units = record(meta.billed_units ?? meta.tokens);
  b.setUsage({ input: units.input_tokens, output: units.output_tokens });
}

/** `{generations: [...]}` (legacy, whole body or a single stream chunk): the first generation. */
const applyGenerations: Apply = (b, r, out) => {
  const first = record(list(r.generations)[0]);
  b.id ??= str(r.id);
  b.addText(first.text, out);
  b.setFinish(first.finish_reason);
};

const applyChunk: Apply = (b, c, out) => {
  if ('generations' in c) return applyGenerations(b, c, out);
  switch (c.event_type) {
    case 'stream-start':
      b.id ??= str(c.generation_id);
      return;
    case 'text-generation':
      return b.addText(c.text, out);
    case 'tool-calls-generation':
      return addToolCalls(b, c.tool_calls, out);
    case 'stream-end':
      b.setFinish(c.finish_reason);
      if (isRecord(c.response)) applyChatResponse(b, c.response, false);
      return;
    case undefined:
      // Legacy `{text, is_finished, index?}`; generations other than the first are skipped.
      if (c.index === undefined || c.index === 0) b.addText(c.text, out);
      b.setFinish(c.finish_reason);
      return;
    // Other Command R events (search results, citations) carry nothing the response holds.
  }
};

export const cohereCodec: ModelCodec = {
  family: 'cohere',
  encodeRequest: (request, options) => (isLegacyCohere(options.modelId) ? encodeLegacy(request, options.stream) : encodeChat(request)),
  ...decoders({
    name: 'Cohere',
    body: (b, r) => ('generations' in r ? applyGenerations(b, r) : applyChatResponse(b, r, true)),
    chunk: applyChunk,
  }),
};
