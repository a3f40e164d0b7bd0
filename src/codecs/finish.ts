// Normalises every family's stop reason to one FinishReason.

import type { FinishReason } from './types.js';

// Lower-cased raw values seen in the AWS model-parameter pages and the recorded captures.
const TABLE: Record<string, FinishReason> = {
  end_turn: 'stop', stop: 'stop', stop_sequence: 'stop', complete: 'stop', finish: 'stop',
  finished: 'stop', eos_token: 'stop', end: 'stop', pause_turn: 'stop',
  max_tokens: 'length', length: 'length', model_context_window_exceeded: 'length',
  tool_use: 'tool_calls', tool_calls: 'tool_calls', tool_call: 'tool_calls', function_call: 'tool_calls',
  content_filtered: 'content_filter', content_filter: 'content_filter', guardrail_intervened: 'content_filter',
  refusal: 'content_filter', error_toxic: 'content_filter',
  error: 'error', error_limit: 'error',
};

/** `undefined` stays `unknown`: the stream ended without saying why. */
export function finishReasonOf(raw: string | null | undefined): FinishReason {
  if (raw == null) return 'unknown';
  return TABLE[raw.toLowerCase()] ?? 'unknown';
}
