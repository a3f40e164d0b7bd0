import { asArray, asNumber, collectText, emptyPrompt, isRecord, type Prompt, type ToolSpec } from '../prompt.js';
import { replyText, type Reply } from '../reply.js';
import { randomId, randomUuid } from '../rng.js';

/** Reads an OpenAI-shaped chat request (Jamba, Mistral Large 2, gpt-oss). */
export function readChat(body: Record<string, unknown>): Prompt {
  const p = emptyPrompt();
  const messages = asArray(body.messages);
  const last = messages[messages.length - 1];
  if (isRecord(last)) {
    const text = collectText(last.content).join('\n');
    if (last.role === 'tool') p.toolResult = text || 'done';
    else if (last.role === 'user') p.text = text;
  }
  p.allText = messages.map((m) => (isRecord(m) ? collectText(m.content).join(' ') : '')).join(' ');
  p.tools = asArray(body.tools)
    .filter(isRecord)
    .map((t) => (isRecord(t.function) ? t.function : t))
    .filter((f) => typeof f.name === 'string')
    .map((f): ToolSpec => ({ name: f.name as string, description: f.description as string | undefined, schema: f.parameters }));
  p.maxTokens = asNumber(body.max_completion_tokens) ?? asNumber(body.max_tokens);
  // Structured output (`response_format: {type: 'json_schema', json_schema: {schema}}`).
  const format = isRecord(body.response_format) && isRecord(body.response_format.json_schema) ? body.response_format.json_schema : undefined;
  if (format) p.vocab = { sentBack: [], redact: false, blocked: false, schema: format.schema };
  return p;
}

export const chatFinish = (r: Reply) => (r.stop === 'tool' ? 'tool_calls' : r.stop === 'length' ? 'length' : 'stop');

export const chatUsage = (r: Reply) => ({
  prompt_tokens: r.inputTokens,
  completion_tokens: r.outputTokens,
  total_tokens: r.inputTokens + r.outputTokens,
});

/** Ids drawn once per reply, so the body and the chunks agree. */
const ids = new WeakMap<Reply, { completion: string; call: string }>();
export function chatIds(r: Reply, style: 'uuid' | 'short'): { completion: string; call: string } {
  let v = ids.get(r);
  if (!v) {
    const completion = style === 'uuid' ? 'chatcmpl-' + randomUuid(r.rng) : randomId(r.rng, 32).toLowerCase();
    ids.set(r, (v = { completion, call: style === 'uuid' ? 'call_' + randomId(r.rng, 24) : randomId(r.rng, 9) }));
  }
  return v;
}

export function chatToolCalls(r: Reply, style: 'uuid' | 'short'): Record<string, unknown>[] | null {
  if (!r.tool) return null;
  return [{ id: chatIds(r, style).call, type: 'function', function: { name: r.tool.name, arguments: JSON.stringify(r.tool.input) } }];
}

export function chatMessage(r: Reply, style: 'uuid' | 'short'): Record<string, unknown> {
  return { role: 'assistant', content: replyText(r), tool_calls: chatToolCalls(r, style) };
}
