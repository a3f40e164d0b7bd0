// Every injected fault ends in the right typed error after the right number of attempts, with the
// events before an in-stream failure delivered, and nothing hangs.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { AccessDeniedError, NetworkError, ThrottlingError, TimeoutError, ValidationError, ModelStreamError, InternalServerError } from '../../src/errors.js';
import { EventStreamError } from '../../src/eventstream/index.js';
import { ANTHROPIC, anthropicBody, attempts, client, converseInput, drain, startTestEmulator, transports } from './harness.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterEach(() => emu.clearFaults());
afterAll(() => emu.close());

const INVOKE = 'invoke';
const STREAM = 'invoke-with-response-stream';
const CONVERSE_STREAM = 'converse-stream';

const throttle = { kind: 'status', status: 429, errorType: 'ThrottlingException', message: 'Too many requests' } as const;

describe.each(transports)('%s transport', (transport) => {
  it('throttled twice then served: success on the third attempt', async () => {
    const rt = client(emu, transport);
    const from = emu.requests.length;
    emu.inject(throttle, { times: 2 });
    try {
      const out = await rt.invokeModel({ modelId: ANTHROPIC, body: anthropicBody });
      expect(out.attempts).toBe(3);
      expect(attempts(emu, INVOKE, from)).toBe(3);
    } finally {
      await rt.close();
    }
  });

  it('throttled five times: ThrottlingError after maxAttempts (3)', async () => {
    const rt = client(emu, transport);
    const from = emu.requests.length;
    emu.inject(throttle, { times: 5 });
    try {
      const err = await rt.invokeModel({ modelId: ANTHROPIC, body: anthropicBody }).catch((e) => e);
      expect(err).toBeInstanceOf(ThrottlingError);
      expect(err.httpStatus).toBe(429);
      expect(err.serviceMessage).toBe('Too many requests');
      expect(err.requestId).toMatch(/\S/);
      expect(attempts(emu, INVOKE, from)).toBe(3);
    } finally {
      await rt.close();
    }
  });

  it('a 400 validation error is not retried', async () => {
    const rt = client(emu, transport);
    const from = emu.requests.length;
    emu.inject({ kind: 'status', status: 400, errorType: 'ValidationException', message: 'bad' }, { times: 3 });
    try {
      const err = await rt.invokeModel({ modelId: ANTHROPIC, body: anthropicBody }).catch((e) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect(err.retryable).toBe(false);
      expect(attempts(emu, INVOKE, from)).toBe(1);
    } finally {
      await rt.close();
    }
  });

  it('a 500 is retried, then surfaces as InternalServerError', async () => {
    const rt = client(emu, transport, 'sigv4', { maxAttempts: 2 });
    const from = emu.requests.length;
    emu.inject({ kind: 'status', status: 500, errorType: 'InternalServerException' }, { times: 2 });
    try {
      const err = await rt.converse(converseInput).catch((e) => e);
      expect(err).toBeInstanceOf(InternalServerError);
      expect(emu.requests.length - from).toBe(2);
    } finally {
      await rt.close();
    }
  });

  it('Retry-After is honoured', async () => {
    const rt = client(emu, transport);
    emu.inject({ ...throttle, retryAfterSeconds: 1 }, { times: 1 });
    try {
      const t0 = Date.now();
      const out = await rt.invokeModel({ modelId: ANTHROPIC, body: anthropicBody });
      expect(out.attempts).toBe(2);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    } finally {
      await rt.close();
    }
  });

  it('an exception frame mid-stream: the events before it, then the typed error, no retry', async () => {
    const rt = client(emu, transport);
    const from = emu.requests.length;
    emu.inject({ kind: 'exception', afterEvents: 3, exceptionType: 'throttlingException', message: 'slow down' }, { times: 1 });
    try {
      const { events, error } = await drain(rt.invokeModelWithResponseStream({ modelId: ANTHROPIC, body: anthropicBody }));
      expect(events).toHaveLength(3);
      expect(error).toBeInstanceOf(ThrottlingError);
      expect((error as ThrottlingError).serviceMessage).toBe('slow down');
      expect((error as ThrottlingError).requestId).toMatch(/\S/);
      expect(attempts(emu, STREAM, from)).toBe(1);
    } finally {
      await rt.close();
    }
  });

  it('an error frame mid-stream becomes its typed error', async () => {
    const rt = client(emu, transport);
    emu.inject({ kind: 'errorFrame', afterEvents: 2, errorCode: 'ModelStreamErrorException', errorMessage: 'model failed' }, { times: 1 });
    try {
      const { events, error } = await drain(rt.converseStream(converseInput));
      expect(events).toHaveLength(2);
      expect(error).toBeInstanceOf(ModelStreamError);
      expect((error as ModelStreamError).serviceMessage).toBe('model failed');
    } finally {
      await rt.close();
    }
  });

  it('a reset after the first event: NetworkError, no retry', async () => {
    const rt = client(emu, transport);
    const from = emu.requests.length;
    emu.inject({ kind: 'reset', afterBytes: 1500 }, { times: 1 });
    try {
      const { events, error } = await drain(rt.invokeModelWithResponseStream({ modelId: ANTHROPIC, body: anthropicBody }));
      expect(events.length).toBeGreaterThan(0);
      expect(error).toBeInstanceOf(NetworkError);
      expect(attempts(emu, STREAM, from)).toBe(1);
    } finally {
      await rt.close();
    }
  });

  it('a reset before any event is retried', async () => {
    const rt = client(emu, transport);
    const from = emu.requests.length;
    emu.inject({ kind: 'reset', afterBytes: 0 }, { times: 1 });
    try {
      const stream = rt.invokeModelWithResponseStream({ modelId: ANTHROPIC, body: anthropicBody });
      const { events, error } = await drain(stream);
      expect(error).toBeUndefined();
      expect(events.length).toBeGreaterThan(3);
      expect((await stream.response).attempts).toBe(2);
      expect(attempts(emu, STREAM, from)).toBe(2);
    } finally {
      await rt.close();
    }
  });

  it('a stalled stream ends in TimeoutError(idle), without hanging', async () => {
    const rt = client(emu, transport, 'sigv4', { timeouts: { idleMs: 150 } });
    const from = emu.requests.length;
    emu.inject({ kind: 'stall', afterEvents: 2 }, { times: 1 });
    try {
      const t0 = Date.now();
      const { events, error } = await drain(rt.invokeModelWithResponseStream({ modelId: ANTHROPIC, body: anthropicBody }));
      expect(events).toHaveLength(2);
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as TimeoutError).phase).toBe('idle');
      expect(Date.now() - t0).toBeLessThan(2_000);
      expect(attempts(emu, STREAM, from)).toBe(1);
    } finally {
      await rt.close();
    }
  });

  it('no response headers in time: TimeoutError(firstByte)', async () => {
    const rt = client(emu, transport, 'sigv4', { maxAttempts: 1, timeouts: { firstByteMs: 100 } });
    emu.inject({ kind: 'delay', perChunkMs: 0, firstByteMs: 1_000 }, { times: 1 });
    try {
      const err = await rt.invokeModel({ modelId: ANTHROPIC, body: anthropicBody }).catch((e) => e);
      expect(err).toBeInstanceOf(TimeoutError);
      expect(err.phase).toBe('firstByte');
    } finally {
      await rt.close();
    }
  });

  it('a corrupt CRC: EventStreamError MESSAGE_CRC_MISMATCH after the good events', async () => {
    const rt = client(emu, transport);
    const from = emu.requests.length;
    emu.inject({ kind: 'corruptCrc', afterEvents: 2 }, { times: 1 });
    try {
      const { events, error } = await drain(rt.invokeModelWithResponseStream({ modelId: ANTHROPIC, body: anthropicBody }));
      expect(events).toHaveLength(2);
      expect(error).toBeInstanceOf(EventStreamError);
      expect((error as EventStreamError).code).toBe('MESSAGE_CRC_MISMATCH');
      expect(attempts(emu, STREAM, from)).toBe(1);
    } finally {
      await rt.close();
    }
  });

  it('an oversized frame: EventStreamError MESSAGE_TOO_LARGE', async () => {
    const rt = client(emu, transport);
    emu.inject({ kind: 'oversized', afterEvents: 1, bytes: 17 * 1024 * 1024 }, { times: 1 });
    try {
      const { events, error } = await drain(rt.converseStream(converseInput));
      expect(events).toHaveLength(1);
      expect(error).toBeInstanceOf(EventStreamError);
      expect((error as EventStreamError).code).toBe('MESSAGE_TOO_LARGE');
    } finally {
      await rt.close();
    }
  });

  it('a delay per chunk under the idle timeout is fine', async () => {
    const rt = client(emu, transport, 'sigv4', { timeouts: { idleMs: 300 } });
    emu.inject({ kind: 'delay', perChunkMs: 30 }, { times: 1 });
    try {
      const { events, error } = await drain(rt.converseStream(converseInput));
      expect(error).toBeUndefined();
      expect(events.at(-1)!.type).toBe('metadata');
    } finally {
      await rt.close();
    }
  });

  it('wrong credentials: AccessDeniedError, one attempt', async () => {
    const rt = client(emu, transport, 'sigv4', {
      credentials: { accessKeyId: emu.credentials.accessKeyId, secretAccessKey: 'wrong-secret-0123456789' },
    });
    const from = emu.requests.length;
    try {
      const err = await rt.invokeModel({ modelId: ANTHROPIC, body: anthropicBody }).catch((e) => e);
      expect(err).toBeInstanceOf(AccessDeniedError);
      expect(err.httpStatus).toBe(403);
      expect(emu.requests.length - from).toBe(1);
    } finally {
      await rt.close();
    }
  });
});

it(`${CONVERSE_STREAM}: a throttling exception as the very first frame is retried (nothing reached the caller)`, async () => {
  const rt = client(emu);
  const from = emu.requests.length;
  emu.inject({ kind: 'exception', afterEvents: 0, exceptionType: 'throttlingException' }, { times: 1 });
  try {
    const stream = rt.converseStream(converseInput);
    const { error } = await drain(stream);
    expect(error).toBeUndefined();
    expect((await stream.response).attempts).toBe(2);
    expect(attempts(emu, CONVERSE_STREAM, from)).toBe(2);
  } finally {
    await rt.close();
  }
});
