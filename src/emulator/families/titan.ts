import { asNumber, emptyPrompt, isRecord } from '../prompt.js';
import { replyText, type Reply } from '../reply.js';
import { group, withLast } from './last.js';
import { invocationMetrics, type FamilyReader } from './shape.js';

/** Amazon Titan Text: `inputText` in (`User: ...\nBot:`), `results[]` out; large stream chunks. */
export const titan: FamilyReader = (body) => {
  const p = emptyPrompt();
  const input = typeof body.inputText === 'string' ? body.inputText : '';
  const users = input.split(/(?:^|\n)User:/);
  p.text = (users[users.length - 1] ?? '').replace(/\n?Bot:\s*$/, '').trim();
  p.allText = input;
  const config = isRecord(body.textGenerationConfig) ? body.textGenerationConfig : {};
  p.maxTokens = asNumber(config.maxTokenCount);
  // Titan reports FINISH in practice (the docs say FINISHED) and LENGTH when cut.
  const reason = (r: Reply) => (r.stop === 'length' ? 'LENGTH' : 'FINISH');
  return {
    prompt: p,
    body: (r) => ({
      inputTextTokenCount: r.inputTokens,
      results: [{ tokenCount: r.outputTokens, outputText: '\n' + replyText(r), completionReason: reason(r) }],
    }),
    *chunks(r) {
      // Titan sends a few large chunks: four pieces each.
      let i = 0;
      for (const [text, last] of withLast(nonEmpty(group(r.text(), 4)))) {
        yield {
          outputText: (i === 0 ? '\n' : '') + text,
          index: 0,
          totalOutputTextTokenCount: last ? r.outputTokens : null,
          completionReason: last ? reason(r) : null,
          inputTextTokenCount: i === 0 ? r.inputTokens : null,
          ...(last ? { 'amazon-bedrock-invocationMetrics': invocationMetrics(r) } : {}),
        };
        i++;
      }
    },
  };
};

/** At least one (possibly empty) piece, so the final chunk always exists. */
function* nonEmpty(pieces: Iterable<string>): Generator<string> {
  let any = false;
  for (const p of pieces) {
    any = true;
    yield p;
  }
  if (!any) yield '';
}
