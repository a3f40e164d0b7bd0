import { asNumber, emptyPrompt, type Prompt } from '../prompt.js';
import { replyText, type Reply } from '../reply.js';
import { chatFinish, chatIds, chatMessage, chatToolCalls, chatUsage, readChat } from './chat.js';
import { invocationMetrics, type FamilyReader, type Shaper } from './shape.js';

/** Mistral: `<s>[INST] ... [/INST]` prompts → `outputs[]`; chat `messages` (Mistral Large 2) → `choices[]`. */
export const mistral: FamilyReader = (body, model) => {
  const name = model.base ? model.base.replace(/^mistral\./, '').replace(/-v\d+(:\d+)?$/, '') : 'mistral-large-2407';
  return Array.isArray(body.messages) ? chat(body, name) : text(body);
};

function text(body: Record<string, unknown>): Shaper {
  const p: Prompt = emptyPrompt();
  const prompt = typeof body.prompt === 'string' ? body.prompt : '';
  const turns = [...prompt.matchAll(/\[INST\]([\s\S]*?)\[\/INST\]/g)];
  p.text = turns.length > 0 ? turns[turns.length - 1][1].trim() : prompt.replace(/<\/?s>/g, '').trim();
  p.allText = prompt.replace(/<\/?s>|\[\/?INST\]/g, ' ');
  p.maxTokens = asNumber(body.max_tokens);
  const reason = (r: Reply) => (r.stop === 'length' ? 'length' : 'stop');
  return {
    prompt: p,
    body: (r) => ({ outputs: [{ text: ' ' + replyText(r), stop_reason: reason(r) }] }),
    *chunks(r) {
      let first = true;
      for (const t of r.text()) {
        yield { outputs: [{ text: first ? ' ' + t : t, stop_reason: null }] };
        first = false;
      }
      yield { outputs: [{ text: '', stop_reason: reason(r) }], 'amazon-bedrock-invocationMetrics': invocationMetrics(r) };
    },
  };
}

function chat(body: Record<string, unknown>, model: string): Shaper {
  const created = 1_700_000_000;
  return {
    prompt: readChat(body),
    body: (r) => ({
      id: chatIds(r, 'short').completion,
      object: 'chat.completion',
      created,
      model,
      choices: [{ index: 0, message: chatMessage(r, 'short'), finish_reason: chatFinish(r) }],
      usage: chatUsage(r),
    }),
    *chunks(r) {
      const head = { id: chatIds(r, 'short').completion, object: 'chat.completion.chunk', created, model };
      let first = true;
      for (const t of r.text()) {
        const delta = first ? { role: 'assistant', content: t } : { content: t };
        yield { ...head, choices: [{ index: 0, delta, finish_reason: null }] };
        first = false;
      }
      const calls = chatToolCalls(r, 'short');
      if (calls) yield { ...head, choices: [{ index: 0, delta: { tool_calls: calls }, finish_reason: null }] };
      yield {
        ...head,
        choices: [{ index: 0, delta: { content: '' }, finish_reason: chatFinish(r) }],
        'amazon-bedrock-invocationMetrics': invocationMetrics(r),
      };
    },
  };
}
