// Normalises every family's stop reason to one FinishReason.

import type { FinishReason } from './types.js';

// Lower-cased raw values seen in the AWS model-parameter pages and the recorded captures.
const RAW: [FinishReason, string][] = [
  ['stop', 'end_turn stop stop_sequence complete finish finished eos_token end pause_turn'],
  ['length', 'max_tokens length model_context_window_exceeded'],
  ['tool_calls', 'tool_use tool_calls tool_call function_call'],
  ['content_filter', 'content_filtered content_filter guardrail_intervened refusal error_toxic'],
  ['error', 'error error_limit'],
];

const TABLE = new Map(RAW.flatMap(([reason, raws]) => raws.split(' ').map((raw) => [raw, reason] as const)));

/** `undefined` stays `unknown`: the stream ended without saying why. */
export function finishReasonOf(raw: string | null | undefined): FinishReason {
  return (raw != null && TABLE.get(raw.toLowerCase())) || 'unknown';
}
