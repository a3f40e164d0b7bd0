// The guardrail trace a Converse answer carries when the request asks for it (`guardrailConfig.trace:
// "enabled"`), in the recorded shape (pydantic-ai's test_bedrock_model_guardrail_config). The
// emulator evaluates no policy: every assessment is "No action."; coverage counts the characters.

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
export function guardrailTrace(body: Record<string, unknown>, inputChars: number, outputChars: number, region: string): Record<string, unknown> {
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
  const assessment = (chars: number) => ({
    appliedGuardrailDetails: details,
    invocationMetrics: {
      guardrailCoverage: { textCharacters: { guarded: chars, total: chars } },
      guardrailProcessingLatency: 0,
      usage: POLICY_UNITS,
    },
  });
  return {
    trace: {
      guardrail: {
        actionReason: 'No action.',
        inputAssessment: { [details.guardrailId]: assessment(inputChars) },
        modelOutput: [],
        outputAssessments: { [details.guardrailId]: [assessment(outputChars)] },
      },
    },
  };
}
