import { asNumber, emptyPrompt } from '../prompt.js';
import { replyText, type Reply } from '../reply.js';
import { invocationMetrics, type FamilyReader } from './shape.js';

// R1 thinks first. AWS's prompt template ends the prompt with `<think>\n` (model-parameters-deepseek
// page, Python example), so the generated text is the reasoning, then `</think>`, then the answer.
const THINKING = ['Let me think', ' about the question', ' briefly.', '\n</think>\n\n'];

/** DeepSeek R1: a templated `prompt` in, `choices[].text` out (no chat shape, no tools). */
export const deepseek: FamilyReader = (body) => {
  const p = emptyPrompt();
  const prompt = typeof body.prompt === 'string' ? body.prompt : '';
  const users = prompt.split(/<｜User｜>/);
  p.text = (users[users.length - 1] ?? '').replace(/<｜Assistant｜>[\s\S]*$/, '').trim();
  p.allText = prompt.replace(/<｜[^｜]*｜>/g, ' ');
  p.maxTokens = asNumber(body.max_tokens);
  // Without the opening tag in the prompt the model writes it itself.
  const thinking = /<think>\s*$/.test(prompt) ? THINKING : ['<think>\n', ...THINKING];
  const reason = (r: Reply) => (r.stop === 'length' ? 'length' : 'stop');
  return {
    prompt: p,
    body: (r) => ({ choices: [{ text: thinking.join('') + replyText(r), stop_reason: reason(r) }] }),
    *chunks(r) {
      for (const t of thinking) yield { choices: [{ text: t, stop_reason: null }] };
      for (const t of r.text()) yield { choices: [{ text: t, stop_reason: null }] };
      yield { choices: [{ text: '', stop_reason: reason(r) }], 'amazon-bedrock-invocationMetrics': invocationMetrics(r) };
    },
  };
};
