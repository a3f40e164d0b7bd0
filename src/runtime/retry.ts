// When to retry and how long to wait.
import { BedrockError } from '../errors.js';

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 20_000, maxRetryAfterMs: 20_000 };

/**
 * Whether `err` may be retried: our typed errors say so themselves (throttling, 5xx, ModelNotReady,
 * network resets, timeouts: yes; validation, auth, not-found: no). Framing errors, abort reasons and
 * anything else: no.
 */
export function isRetryable(err: unknown): boolean {
  return err instanceof BedrockError && err.retryable;
}

/** Milliseconds to wait before attempt `next` (2 = the first retry). */
export function backoffMs(policy: RetryPolicy, next: number, err: unknown, random: () => number = Math.random): number {
  const retryAfter = err instanceof BedrockError ? err.retryAfter : undefined;
  if (retryAfter !== undefined && retryAfter >= 0) return Math.min(retryAfter * 1000, policy.maxRetryAfterMs);
  // Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): spreads retrying clients apart.
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (next - 2));
  return Math.floor(random() * ceiling);
}
