// The seed's error table through generate and generateStream, faults injected by the emulator.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import * as errors from '../../src/errors.js';
import { partialResponse, providerErrorKind } from '../../src/provider/index.js';
import type { BedrockProvider, ProviderErrorKind } from '../../src/provider/index.js';
import { ask, collect, makeProvider, startTestEmulator } from './harness.js';

const MODEL = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const SECRET = 'emulator-secret-should-never-appear';

let emu: Emulator;
let once: BedrockProvider; // one attempt: each fault is seen exactly once
let retrying: BedrockProvider;

beforeAll(async () => {
  emu = await startTestEmulator();
  once = makeProvider(emu, { maxAttempts: 1 });
  retrying = makeProvider(emu, { maxAttempts: 3 });
});
afterEach(() => emu.clearFaults());
afterAll(async () => {
  await once.close();
  await retrying.close();
  await emu.close();
});

// [service error type, HTTP status, typed error, the seed's kind]
const TABLE: Array<[string, number, new (...a: never[]) => Error, ProviderErrorKind]> = [
  ['ThrottlingException', 429, errors.ThrottlingError, 'rate_limited'],
  ['ValidationException', 400, errors.ValidationError, 'invalid_request'],
  ['ResourceNotFoundException', 404, errors.ModelNotFoundError, 'model_not_found'],
  ['AccessDeniedException', 403, errors.AccessDeniedError, 'access_denied'],
  ['ServiceQuotaExceededException', 400, errors.ServiceQuotaExceededError, 'quota_exceeded'],
  ['ModelTimeoutException', 408, errors.ModelTimeoutError, 'model_timeout'],
  ['ModelNotReadyException', 429, errors.ModelNotReadyError, 'model_not_ready'],
  ['ModelErrorException', 424, errors.ModelError, 'model_error'],
  ['InternalServerException', 500, errors.InternalServerError, 'unavailable'],
  ['ServiceUnavailableException', 503, errors.ServiceUnavailableError, 'unavailable'],
];

describe.each(TABLE)('%s (HTTP %i)', (errorType, status, Type, kind) => {
  it('generate throws the typed error of the seed\'s table', async () => {
    emu.inject({ kind: 'status', status, errorType, message: `injected ${errorType}` });
    const e = await once.generate(ask(MODEL)).then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(Type);
    expect(providerErrorKind(e)).toBe(kind);
    expect((e as errors.BedrockError).httpStatus).toBe(status);
    expect((e as errors.BedrockError).serviceMessage).toBe(`injected ${errorType}`);
    expect((e as Error).message).not.toContain(emu.credentials.secretAccessKey);
  });

  it('generateStream throws it before any chunk', async () => {
    emu.inject({ kind: 'status', status, errorType, message: `injected ${errorType}` });
    const s = await collect(once.generateStream(ask(MODEL)));
    expect(s.chunks).toHaveLength(0);
    expect(s.error).toBeInstanceOf(Type);
    expect(providerErrorKind(s.error)).toBe(kind);
    expect(partialResponse(s.error)).toBeUndefined();
  });
});

describe('retries and in-stream failures', () => {
  it('a throttled call is retried and succeeds', async () => {
    const before = emu.requests.length;
    emu.inject({ kind: 'status', status: 429, errorType: 'ThrottlingException' }, { times: 2 });
    const r = await retrying.generate(ask(MODEL));
    expect(r.content.length).toBeGreaterThan(0);
    expect(emu.requests.length - before).toBe(3);
  });

  it('a non-retryable error is not retried', async () => {
    const before = emu.requests.length;
    emu.inject({ kind: 'status', status: 400, errorType: 'ValidationException' }, { times: 5 });
    await expect(retrying.generate(ask(MODEL))).rejects.toBeInstanceOf(errors.ValidationError);
    expect(emu.requests.length - before).toBe(1);
  });

  const MID: Array<[string, new (...a: never[]) => Error, ProviderErrorKind]> = [
    ['throttlingException', errors.ThrottlingError, 'rate_limited'],
    ['modelStreamErrorException', errors.ModelStreamError, 'model_error'],
    ['internalServerException', errors.InternalServerError, 'unavailable'],
    ['modelTimeoutException', errors.ModelTimeoutError, 'model_timeout'],
    ['serviceUnavailableException', errors.ServiceUnavailableError, 'unavailable'],
    ['validationException', errors.ValidationError, 'invalid_request'],
  ];
  for (const [exceptionType, Type, kind] of MID) {
    it(`an exception frame mid-stream (${exceptionType}) ends in the typed error with the partial content kept`, async () => {
      emu.inject({ kind: 'exception', afterEvents: 6, exceptionType, message: 'boom mid-stream' }, { times: 5 });
      const before = emu.requests.length;
      const s = await collect(retrying.generateStream(ask(MODEL)));
      expect(s.error).toBeInstanceOf(Type);
      expect(providerErrorKind(s.error)).toBe(kind);
      // Events had reached the caller: never retried, never a final chunk.
      expect(emu.requests.length - before).toBe(1);
      expect(s.chunks.some((c) => c.type === 'finish')).toBe(false);
      expect(s.text.length).toBeGreaterThan(0);
      const partial = partialResponse(s.error)!;
      expect(partial.content).toBe(s.text);
      expect(partial.chunks).toBe(s.chunks.length);
      expect(partial.modelId).toBe(MODEL);
    });
  }

  it('the same mid-stream exception through ConverseStream', async () => {
    emu.inject({ kind: 'exception', afterEvents: 4, exceptionType: 'throttlingException' }, { operation: 'converse-stream' });
    const s = await collect(once.generateStream(ask(MODEL), { api: 'converse' }));
    expect(s.error).toBeInstanceOf(errors.ThrottlingError);
    expect(s.text.length).toBeGreaterThan(0);
    expect(partialResponse(s.error)!.content).toBe(s.text);
  });

  it('an error frame mid-stream is a typed error too', async () => {
    emu.inject({ kind: 'errorFrame', afterEvents: 5, errorCode: 'InternalFailure', errorMessage: 'frame said no' });
    const s = await collect(once.generateStream(ask(MODEL)));
    expect(s.error).toBeInstanceOf(errors.BedrockError);
    expect((s.error as Error).message).toContain('frame said no');
    expect(partialResponse(s.error)!.content).toBe(s.text);
  });

  it('a corrupt frame is a protocol error after the intact chunks were delivered', async () => {
    emu.inject({ kind: 'corruptCrc', afterEvents: 5 });
    const s = await collect(once.generateStream(ask(MODEL)));
    expect(providerErrorKind(s.error)).toBe('protocol');
    expect(s.text.length).toBeGreaterThan(0);
  });

  it('a stalled stream ends in an idle timeout, not a hang', async () => {
    const p = makeProvider(emu, { maxAttempts: 1, timeouts: { idleMs: 200 } });
    try {
      emu.inject({ kind: 'stall', afterEvents: 4 });
      const s = await collect(p.generateStream(ask(MODEL)));
      expect(s.error).toBeInstanceOf(errors.TimeoutError);
      expect(providerErrorKind(s.error)).toBe('timeout');
    } finally {
      await p.close();
    }
  });
});

describe('providerErrorKind', () => {
  it('classifies every typed error, aborts and strangers', () => {
    expect(providerErrorKind(new errors.TimeoutError('idle', 5))).toBe('timeout');
    expect(providerErrorKind(new errors.NetworkError('reset'))).toBe('network');
    expect(providerErrorKind(new errors.ConfigurationError('x'))).toBe('configuration');
    expect(providerErrorKind(new errors.ModelStreamError('x'))).toBe('model_error');
    expect(providerErrorKind(errors.errorFromService({ errorType: 'ThrottlingException', status: 429 }))).toBe('rate_limited');
    expect(providerErrorKind(errors.errorFromService({ errorType: 'SomethingNew', status: 502 }))).toBe('unknown');
    expect(providerErrorKind(new DOMException('stop', 'AbortError'))).toBe('aborted');
    expect(providerErrorKind(new Error(SECRET))).toBe('unknown');
    expect(providerErrorKind(undefined)).toBe('unknown');
  });
});
