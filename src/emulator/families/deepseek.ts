import { asNumber, emptyPrompt } from '../prompt.js';
import { replyText, type Reply } from '../reply.js';
import { invocationMetrics, type FamilyReader } from './shape.js';

/** DeepSeek R1: a templated `prompt` in, `choices[].text` out (no chat shape, no tools). */
export const deepseek: FamilyReader = (body) => {
  const p = emptyPrompt();
  const prompt = typeof body.prompt === 'string' ? body.prompt : '';
  const users = prompt.split(/<｜User｜>/);
  p.text = (users[users.length - 1] ?? '').replace(/<｜Assistant｜>[\s\S]*$/, '').trim();
  p.allText = prompt.replace(/<｜[^｜]*｜>/g, ' ');
  p.maxTokens = asNumber(body.max_tokens);
  const reason = (r: Reply) => (r.stop === 'length' ? 'length' : 'stop');
  return {
    prompt: p,
    body: (r) => ({ choices: [{ text: replyText(r), stop_reason: reason(r) }] }),
    *chunks(r) {
      for (const t of r.text()) yield { choices: [{ text: t, stop_reason: null }] };
      yield { choices: [{ text: '', stop_reason: reason(r) }], 'amazon-bedrock-invocationMetrics': invocationMetrics(r) };
    },
  };
};
