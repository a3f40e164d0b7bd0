import {
  AccessDeniedError,
  BedrockError,
  ConfigurationError,
  ModelNotFoundError,
  NetworkError,
  ThrottlingError,
  TimeoutError,
} from '../errors.js';

/** One line that says what went wrong and what to do about it. Never a stack, never a secret. */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const msg = err.message.replace(/\s*\n\s*/g, ' ');
  if (err instanceof ConfigurationError) return msg;
  if (err instanceof AccessDeniedError) {
    return `access denied: ${msg} — check the credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID, AWS_BEARER_TOKEN_BEDROCK) and that the model is enabled for this account and region`;
  }
  if (err instanceof ModelNotFoundError) return `model not found: ${msg} — see \`bedrock-wire models\`; some models need an inference profile id such as us.<model-id>`;
  if (err instanceof ThrottlingError) return `rate limited: ${msg} — retry later or raise the account quota`;
  if (err instanceof TimeoutError) return `${msg} — check the network or --endpoint`;
  if (err instanceof NetworkError) return `network error: ${msg} — check the network or --endpoint`;
  if (err instanceof BedrockError) return msg;
  return msg || err.name;
}
