import { chatFinish, chatIds, chatMessage, chatToolCalls, chatUsage, readChat } from './chat.js';
import { invocationMetrics, type FamilyReader } from './shape.js';

/** AI21 Jamba: OpenAI-shaped; each stream chunk carries running usage; metrics come in a chunk of their own. */
export const jamba: FamilyReader = (body, model) => {
  const name = model.base ? model.base.replace(/^ai21\./, '').replace(/-v\d+(:\d+)?$/, '') : 'jamba-1.5-mini';
  return {
    prompt: readChat(body),
    body: (r) => ({
      id: chatIds(r, 'uuid').completion,
      choices: [{ index: 0, message: chatMessage(r, 'uuid'), finish_reason: chatFinish(r) }],
      usage: chatUsage(r),
      meta: { requestDurationMillis: r.invocationLatency },
      model: name,
    }),
    *chunks(r) {
      const id = chatIds(r, 'uuid').completion;
      const usage = (n: number) => ({ prompt_tokens: r.inputTokens, total_tokens: r.inputTokens + n, completion_tokens: n });
      yield { id, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }], usage: usage(0) };
      let n = 0;
      for (const t of r.text()) {
        n += t.trim().split(/\s+/).length;
        yield { id, choices: [{ index: 0, delta: { content: t }, finish_reason: null }], usage: usage(n) };
      }
      const calls = chatToolCalls(r, 'uuid');
      if (calls) yield { id, choices: [{ index: 0, delta: { tool_calls: calls }, finish_reason: null }], usage: usage(n) };
      yield {
        id,
        // A natural end carries the stop token's id (518 in the recorded capture); a cut carries none.
        choices: [{ index: 0, delta: { content: '' }, finish_reason: chatFinish(r), ...(chatFinish(r) === 'stop' ? { stop_reason: 518 } : {}) }],
        usage: usage(r.outputTokens),
        meta: { requestDurationMillis: r.invocationLatency },
      };
      yield { 'amazon-bedrock-invocationMetrics': invocationMetrics(r) };
    },
  };
};
