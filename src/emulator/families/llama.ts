import { asNumber, emptyPrompt } from '../prompt.js';
import { replyText, type Reply } from '../reply.js';
import { invocationMetrics, type FamilyReader } from './shape.js';

/** Meta Llama: a templated `prompt` in, `generation` out; one chunk per piece, then an empty final one. */
export const llama: FamilyReader = (body) => {
  const p = emptyPrompt();
  const prompt = typeof body.prompt === 'string' ? body.prompt : '';
  p.text = lastUserTurn(prompt);
  p.allText = prompt.replace(/<\|[a-z_]+\|>/g, ' ');
  p.maxTokens = asNumber(body.max_gen_len);
  const reason = (r: Reply) => (r.stop === 'length' ? 'length' : 'stop');
  return {
    prompt: p,
    body: (r) => ({
      generation: replyText(r),
      prompt_token_count: r.inputTokens,
      generation_token_count: r.outputTokens,
      stop_reason: reason(r),
    }),
    *chunks(r) {
      let n = 0;
      for (const t of r.text()) {
        n++;
        yield { generation: t, prompt_token_count: n === 1 ? r.inputTokens : null, generation_token_count: n, stop_reason: null };
      }
      yield {
        generation: '',
        prompt_token_count: n === 0 ? r.inputTokens : null,
        generation_token_count: r.outputTokens,
        stop_reason: reason(r),
        'amazon-bedrock-invocationMetrics': invocationMetrics(r),
      };
    },
  };
};

/** The last user turn of a Llama 3 (or Llama 2 `[INST]`) prompt; the whole prompt otherwise. */
function lastUserTurn(prompt: string): string {
  const l3 = [...prompt.matchAll(/<\|start_header_id\|>user<\|end_header_id\|>\s*([\s\S]*?)<\|eot_id\|>/g)];
  if (l3.length > 0) return l3[l3.length - 1][1].trim();
  const l2 = [...prompt.matchAll(/\[INST\]([\s\S]*?)\[\/INST\]/g)];
  if (l2.length > 0) return l2[l2.length - 1][1].replace(/<<SYS>>[\s\S]*?<<\/SYS>>/, '').trim();
  return prompt.trim();
}
