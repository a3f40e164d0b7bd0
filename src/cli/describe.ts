import {
  AccessDeniedError,
  BedrockError,
  ConfigurationError,
  ModelNotFoundError,
  NetworkError,
  ThrottlingError,
  TimeoutError,
  ValidationError,
} from '../errors.js';
import { providerErrorKind } from '../provider/error-kind.js';
import { UsageError } from './command.js';

/** One line that says what went wrong and what to do about it. Never a stack, never a secret. */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const msg = err.message.replace(/\s*\n\s*/g, ' ');
  if (err instanceof UsageError || err instanceof ConfigurationError) return msg;
  if (err instanceof AccessDeniedError) {
    return `access denied: ${msg} — check the credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID, AWS_BEARER_TOKEN_BEDROCK) and that the model is enabled for this account and region`;
  }
  if (err instanceof ModelNotFoundError) return `model not found: ${msg} — see \`bedrock-wire models\`; some models need an inference profile id such as us.<model-id>`;
  if (err instanceof ValidationError && /model family/.test(msg)) {
    // The library's wording names `request.family`; on the command line it is a flag.
    const subject = /^(unknown model family[^;]*|the model family of[^;]*)/.exec(msg)?.[1] ?? msg;
    return `${subject}: pass --family <anthropic|titan|nova|llama|cohere|jamba|mistral|deepseek|gpt-oss> (see \`bedrock-wire models\` for the known ids)`;
  }
  if (err instanceof ThrottlingError) return `rate limited: ${msg} — retry later or raise the account quota`;
  if (err instanceof TimeoutError) return `${msg} — check the network or --endpoint`;
  // The message already begins "network error: ".
  if (err instanceof NetworkError) return `${/^network error\b/i.test(msg) ? msg : `network error: ${msg}`} — check the network or --endpoint`;
  if (err instanceof BedrockError) return msg;
  return msg || err.name;
}

/** The `--json` form of an error: one line a script can parse, the same fields as the typed error. */
export function errorJson(err: unknown): { type: 'error'; error: Record<string, unknown> } {
  const e = err as Partial<BedrockError> & { name?: string };
  const error: Record<string, unknown> = { name: e?.name ?? 'Error', kind: providerErrorKind(err), message: describeError(err) };
  if (err instanceof BedrockError) {
    error.code = err.code;
    error.retryable = err.retryable;
    if (err.httpStatus !== undefined) error.httpStatus = err.httpStatus;
    if (err.requestId) error.requestId = err.requestId;
    if (err.attempts !== undefined) error.attempts = err.attempts;
  }
  return { type: 'error', error };
}
