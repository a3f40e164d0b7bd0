// ApplyGuardrail: a configurable word list intervenes (BLOCKED), like a guardrail's word policy.
// The answer is HTTP 200 either way, carries explicit JSON nulls for the policies that did not
// apply and both `outputs` and the older `output`, as the service's answers do.
import { countWords } from '../prompt.js';

export const DEFAULT_BLOCKED_WORDS = ['forbidden'];
export const BLOCKED_MESSAGE = 'Sorry, the model cannot answer this question.';

export type GuardrailAnswer = { json: unknown } | { error: string };

export function answerGuardrail(body: Record<string, any>, version: string, words: readonly string[]): GuardrailAnswer {
  if (!/^(DRAFT|[1-9][0-9]{0,7})$/.test(version)) return { error: `1 validation error detected: Value '${version}' at 'guardrailVersion' failed to satisfy constraint: Member must satisfy regular expression pattern: (([1-9][0-9]{0,7})|(DRAFT))` };
  if (body.source !== 'INPUT' && body.source !== 'OUTPUT') return { error: "1 validation error detected: Value at 'source' failed to satisfy constraint: Member must satisfy enum value set: [INPUT, OUTPUT]" };
  if (!Array.isArray(body.content) || body.content.length === 0) return { error: "1 validation error detected: Value at 'content' failed to satisfy constraint: Member must not be null" };
  const texts: string[] = [];
  let images = 0;
  for (const block of body.content) {
    if (typeof block?.text?.text === 'string') texts.push(block.text.text);
    else if (typeof block?.image?.source?.bytes === 'string') images++;
    else return { error: 'Invalid content block: expected text or image.' };
  }
  const chars = texts.reduce((n, t) => n + t.length, 0);
  const matches: string[] = [];
  for (const t of texts) {
    for (const w of words) if (new RegExp(`\\b${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').test(t) && !matches.includes(w)) matches.push(w);
  }
  const intervened = matches.length > 0;
  const usage = {
    topicPolicyUnits: 0,
    contentPolicyUnits: 0,
    wordPolicyUnits: Math.ceil(chars / 1000),
    sensitiveInformationPolicyUnits: 0,
    sensitiveInformationPolicyFreeUnits: 0,
    contextualGroundingPolicyUnits: 0,
    contentPolicyImageUnits: images,
    automatedReasoningPolicyUnits: 0,
    automatedReasoningPolicies: 0,
  };
  const coverage = { textCharacters: { guarded: chars, total: chars }, images: images ? { guarded: images, total: images } : null };
  const outputs = intervened ? [{ text: BLOCKED_MESSAGE }] : [];
  const full = body.outputScope === 'FULL';
  const assessment = {
    topicPolicy: null,
    contentPolicy: null,
    wordPolicy: intervened || full ? { customWords: matches.map((match) => ({ match, action: 'BLOCKED', detected: true })), managedWordLists: [] } : null,
    sensitiveInformationPolicy: null,
    contextualGroundingPolicy: null,
    automatedReasoningPolicy: null,
    invocationMetrics: { guardrailProcessingLatency: 100 + countWords(texts.join(' ')), usage, guardrailCoverage: coverage },
  };
  return {
    json: {
      usage,
      action: intervened ? 'GUARDRAIL_INTERVENED' : 'NONE',
      actionReason: intervened ? 'Guardrail blocked.' : 'No action.',
      outputs,
      output: outputs,
      assessments: [assessment],
      guardrailCoverage: coverage,
    },
  };
}
