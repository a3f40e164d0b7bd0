import { chatFinish, chatIds, chatMessage, chatToolCalls, chatUsage, readChat } from './chat.js';
import { invocationMetrics, type FamilyReader } from './shape.js';

/** OpenAI gpt-oss: Chat Completions in and out; stream chunks are `chat.completion.chunk` objects. */
export const gptOss: FamilyReader = (body, model) => {
  const name = model.base || 'openai.gpt-oss-20b-1:0';
  const created = 1_700_000_000;
  return {
    prompt: readChat(body),
    body: (r) => ({
      id: chatIds(r, 'uuid').completion,
      object: 'chat.completion',
      created,
      model: name,
      choices: [{ index: 0, message: chatMessage(r, 'uuid'), finish_reason: chatFinish(r) }],
      usage: chatUsage(r),
    }),
    *chunks(r) {
      const head = { id: chatIds(r, 'uuid').completion, object: 'chat.completion.chunk', created, model: name };
      yield { ...head, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] };
      for (const t of r.text()) yield { ...head, choices: [{ index: 0, delta: { content: t }, finish_reason: null }] };
      const calls = chatToolCalls(r, 'uuid');
      if (calls) {
        const deltas = calls.map((c, index) => ({ index, ...c }));
        yield { ...head, choices: [{ index: 0, delta: { tool_calls: deltas }, finish_reason: null }] };
      }
      yield {
        ...head,
        choices: [{ index: 0, delta: {}, finish_reason: chatFinish(r) }],
        usage: chatUsage(r),
        'amazon-bedrock-invocationMetrics': invocationMetrics(r),
      };
    },
  };
};
