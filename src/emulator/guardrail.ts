// The guardrail trace a Converse answer carries when the request asks for it (`guardrailConfig.trace:
// "enabled"`), in the recorded shape (pydantic-ai's test_bedrock_model_guardrail_config). The
// emulator's one policy is a word policy on BLOCKED in the input (vocabulary.ts): when it
// intervenes, the trace says so as the service does (openllmetry's recorded guardrail stream):
// `actionReason` "Guardrail blocked.", the input assessment names the word policy's match, and there
// is no output assessment (the model was not called). Otherwise "No action."; coverage counts the
// characters.

const POLICY_UNITS = {
  automatedReasoningPolicies: 0,
  automatedReasoningPolicyUnits: 0,
  contentPolicyImageUnits: 0,
  contentPolicyUnits: 0,
  contextualGroundingPolicyUnits: 0,
  sensitiveInformationPolicyFreeUnits: 0,
  sensitiveInformationPolicyUnits: 0,
  topicPolicyUnits: 1,
  wordPolicyUnits: 0,
};

/** `{ trace: { guardrail } }` for a Converse answer, or `{}` when no trace was asked for. */
export function guardrailTrace(
  body: Record<string, unknown>,
  inputChars: number,
  outputChars: number,
  region: string,
  intervened = false,
): Record<string, unknown> {
  const config = body.guardrailConfig;
  if (typeof config !== 'object' || config === null) return {};
  const { guardrailIdentifier, guardrailVersion, trace } = config as Record<string, unknown>;
  if (trace !== 'enabled' && trace !== 'enabled_full') return {};
  const id = String(guardrailIdentifier ?? '');
  const details = {
    guardrailArn: id.startsWith('arn:') ? id : `arn:aws:bedrock:${region}:123456789012:guardrail/${id}`,
    guardrailId: id.startsWith('arn:') ? id.slice(id.lastIndexOf('/') + 1) : id,
    guardrailOrigin: ['REQUEST'],
    guardrailOwnership: 'SELF',
    guardrailVersion: String(guardrailVersion ?? 'DRAFT'),
  };
  const assessment = (chars: number, blocked: boolean) => ({
    appliedGuardrailDetails: details,
    invocationMetrics: {
      guardrailCoverage: { textCharacters: { guarded: chars, total: chars } },
      guardrailProcessingLatency: 0,
      usage: blocked ? { ...POLICY_UNITS, wordPolicyUnits: 1 } : POLICY_UNITS,
    },
    ...(blocked && { wordPolicy: { customWords: [{ action: 'BLOCKED', detected: true, match: 'BLOCKED' }], managedWordLists: [] } }),
  });
  const guardrail: Record<string, unknown> = {
    actionReason: intervened ? 'Guardrail blocked.' : 'No action.',
    inputAssessment: { [details.guardrailId]: assessment(inputChars, intervened) },
    modelOutput: [],
  };
  // A blocked input never reaches the model: nothing to assess on the way out.
  if (!intervened) guardrail.outputAssessments = { [details.guardrailId]: [assessment(outputChars, false)] };
  return { trace: { guardrail } };
}
