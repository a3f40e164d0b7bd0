import { describe, expect, it } from 'vitest';
import { errorFromService, NetworkError, TimeoutError } from '../../src/errors.js';
import { EventStreamError } from '../../src/eventstream/index.js';
import { backoffMs, isRetryable } from '../../src/runtime/retry.js';

const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 3000 };

describe('retry policy', () => {
  it('retries throttling, 5xx, ModelNotReady, network and timeouts; not validation, auth, framing, aborts', () => {
    expect(isRetryable(errorFromService({ errorType: 'ThrottlingException', status: 429 }))).toBe(true);
    expect(isRetryable(errorFromService({ errorType: 'ModelNotReadyException', status: 429 }))).toBe(true);
    expect(isRetryable(errorFromService({ errorType: 'InternalServerException', status: 500 }))).toBe(true);
    expect(isRetryable(errorFromService({ errorType: 'Whatever', status: 502 }))).toBe(true);
    expect(isRetryable(new NetworkError('reset'))).toBe(true);
    expect(isRetryable(new TimeoutError('firstByte', 5))).toBe(true);
    expect(isRetryable(errorFromService({ errorType: 'ValidationException', status: 400 }))).toBe(false);
    expect(isRetryable(errorFromService({ errorType: 'AccessDeniedException', status: 403 }))).toBe(false);
    expect(isRetryable(new EventStreamError('MESSAGE_CRC_MISMATCH', 'x'))).toBe(false);
    expect(isRetryable(new DOMException('aborted', 'AbortError'))).toBe(false);
  });

  it('full jitter under an exponential ceiling capped at maxDelayMs', () => {
    expect(backoffMs(policy, 2, new NetworkError('x'), () => 0.999)).toBe(99);
    expect(backoffMs(policy, 3, new NetworkError('x'), () => 0.999)).toBe(199);
    expect(backoffMs(policy, 9, new NetworkError('x'), () => 0.999)).toBe(999);
    expect(backoffMs(policy, 4, new NetworkError('x'), () => 0)).toBe(0);
  });

  it('waits Retry-After instead, capped', () => {
    expect(backoffMs(policy, 2, errorFromService({ status: 429, retryAfter: 2 }), () => 0)).toBe(2000);
    expect(backoffMs(policy, 2, errorFromService({ status: 429, retryAfter: 60 }), () => 0)).toBe(3000);
  });
});
