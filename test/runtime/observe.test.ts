// Visibility: the hooks, the diagnostics_channel channels and the debug line see every attempt;
// every response and every final error carries `attempts`; nothing secret is in any payload.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import diagnostics from 'node:diagnostics_channel';
import type { Emulator } from '../../src/emulator/index.js';
import { AccessDeniedError, ThrottlingError, ValidationError } from '../../src/errors.js';
import { BedrockProvider } from '../../src/provider/index.js';
import { BEDROCK_CHANNELS } from '../../src/runtime/index.js';
import type { BedrockHooks } from '../../src/runtime/index.js';
import { ANTHROPIC, anthropicBody, client, converseInput, drain, startTestEmulator } from './harness.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startTestEmulator(true); // demands a session token: the payloads must not carry it
});
afterEach(() => emu.clearFaults());
afterAll(() => emu.close());

type Seen = { kind: string; event: Record<string, unknown> };

function recorder(): { hooks: Required<BedrockHooks>; seen: Seen[] } {
  const seen: Seen[] = [];
  const push = (kind: string) => (event: object) => seen.push({ kind, event: event as Record<string, unknown> });
  return { seen, hooks: { onRequest: push('start'), onResponse: push('end'), onRetry: push('retry'), onError: push('error') } };
}

const kinds = (seen: Seen[]) => seen.map((s) => `${s.kind}${s.event.attempt}`);

/** Every string an event holds, errors included (message, cause, own fields). */
function flatten(value: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 5 || value === null || value === undefined) return out;
  if (typeof value !== 'object') return (out.push(String(value)), out);
  if (value instanceof Error) {
    out.push(value.name, value.message, String(value.stack));
    flatten(value.cause, out, depth + 1);
  }
  for (const [k, v] of Object.entries(value)) {
    out.push(k);
    flatten(v, out, depth + 1);
  }
  return out;
}

function assertNoSecret(seen: Seen[], secrets: string[]): void {
  const text = flatten(seen.map((s) => s.event)).join('\n');
  expect(text.length).toBeGreaterThan(100);
  for (const s of [...secrets, 'authorization', 'x-amz-security-token', 'X-Amz-Security-Token', 'Bearer ']) expect(text, s).not.toContain(s);
}

describe('hooks', () => {
  it('throttled twice then success: start/retry per failed attempt, then end; the response says 3 attempts', async () => {
    const { hooks, seen } = recorder();
    const rt = client(emu, 'undici', 'session', hooks);
    emu.inject({ kind: 'status', status: 429, errorType: 'ThrottlingException', message: 'slow down' }, { times: 2 });
    try {
      const out = await rt.converse(converseInput);
      expect(out.attempts).toBe(3);
      expect(kinds(seen)).toEqual(['start1', 'retry1', 'start2', 'retry2', 'start3', 'end3']);
      const callIds = new Set(seen.map((s) => s.event.callId));
      expect(callIds.size).toBe(1);
      const retry = seen[1].event;
      expect(retry).toMatchObject({ operation: 'converse', modelId: converseInput.modelId, method: 'POST', status: 429 });
      expect(retry.error).toBeInstanceOf(ThrottlingError);
      expect(typeof retry.delayMs).toBe('number');
      expect(retry.requestId).toBeTruthy();
      const end = seen[5].event;
      expect(end).toMatchObject({ status: 200, requestId: out.requestId });
      expect(end.url).toBe(`${emu.url}/model/${encodeURIComponent(converseInput.modelId)}/converse`);
      expect(end.durationMs).toBeGreaterThanOrEqual(0);
      expect(typeof end.startTime).toBe('number');
      assertNoSecret(seen, [emu.credentials.secretAccessKey, emu.credentials.sessionToken!]);
    } finally {
      await rt.close();
    }
  });

  it('a final error: one error event, and the error carries attempts', async () => {
    const { hooks, seen } = recorder();
    const rt = client(emu, 'undici', 'session', hooks);
    try {
      emu.inject({ kind: 'status', status: 400, errorType: 'ValidationException', message: 'bad' });
      const err = await rt.invokeModel({ modelId: ANTHROPIC, body: anthropicBody }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).attempts).toBe(1);
      expect(kinds(seen)).toEqual(['start1', 'error1']);
      expect(seen[1].event).toMatchObject({ status: 400, error: err });
      seen.length = 0;
      emu.inject({ kind: 'status', status: 503, errorType: 'ServiceUnavailableException' }, { times: 3 });
      const again = await rt.invokeModel({ modelId: ANTHROPIC, body: anthropicBody }).catch((e: unknown) => e);
      expect((again as ValidationError).attempts).toBe(3);
      expect(kinds(seen)).toEqual(['start1', 'retry1', 'start2', 'retry2', 'start3', 'error3']);
      const count = await rt.countTokens({ modelId: ANTHROPIC, input: { invokeModel: { body: anthropicBody } } });
      expect(count.attempts).toBe(1);
    } finally {
      await rt.close();
    }
  });

  it('streams: end when the stream ends; a mid-stream failure is the error event; break is a cancelled end', async () => {
    const { hooks, seen } = recorder();
    const rt = client(emu, 'undici', 'session', hooks);
    try {
      emu.inject({ kind: 'status', status: 503, errorType: 'ServiceUnavailableException' });
      const s = rt.converseStream(converseInput);
      const { events, error } = await drain(s);
      expect(error).toBeUndefined();
      expect(events.length).toBeGreaterThan(2);
      expect((await s.response).attempts).toBe(2);
      expect(kinds(seen)).toEqual(['start1', 'retry1', 'start2', 'end2']);
      expect(seen[3].event.cancelled).toBeUndefined();

      seen.length = 0;
      emu.inject({ kind: 'exception', afterEvents: 3, exceptionType: 'throttlingException', message: 'slow down' });
      const failed = await drain(rt.invokeModelWithResponseStream({ modelId: ANTHROPIC, body: anthropicBody }));
      expect(failed.events.length).toBeGreaterThan(0);
      expect(failed.error).toBeInstanceOf(ThrottlingError);
      expect((failed.error as ThrottlingError).attempts).toBe(1);
      expect(kinds(seen)).toEqual(['start1', 'error1']);

      seen.length = 0;
      for await (const _ of rt.converseStream(converseInput)) break;
      expect(kinds(seen)).toEqual(['start1', 'end1']);
      expect(seen[1].event).toMatchObject({ cancelled: true, status: 200 });
    } finally {
      await rt.close();
    }
  });

  it('the provider passes the hooks through and its responses carry attempts (generate and stream)', async () => {
    const { hooks, seen } = recorder();
    const p = new BedrockProvider({ region: emu.region, endpoint: emu.url, credentials: emu.credentials }, { env: {}, retry: { baseDelayMs: 1, maxDelayMs: 2 }, ...hooks });
    try {
      emu.inject({ kind: 'status', status: 429, errorType: 'ThrottlingException' });
      const r = await p.generate({ model: 'amazon.nova-micro-v1:0', messages: [{ role: 'user', content: 'hi' }], maxTokens: 8 });
      expect(r.attempts).toBe(2);
      expect(kinds(seen)).toEqual(['start1', 'retry1', 'start2', 'end2']);
      emu.inject({ kind: 'status', status: 500, errorType: 'InternalServerException' }, { times: 2 });
      let finish;
      for await (const c of p.generateStream({ model: 'anthropic.claude-3-5-haiku-20241022-v1:0', messages: [{ role: 'user', content: 'hi' }], maxTokens: 8 })) {
        if (c.type === 'finish') finish = c.response;
      }
      expect(finish!.attempts).toBe(3);
      const conv = await p.generate({ model: 'amazon.nova-micro-v1:0', messages: [{ role: 'user', content: 'hi' }], maxTokens: 8 }, { api: 'converse' });
      expect(conv.attempts).toBe(1);
    } finally {
      await p.close();
    }
  });

  it('with an API key: no key in any payload', async () => {
    const { hooks, seen } = recorder();
    const rt = client(emu, 'fetch', 'bearer', hooks);
    try {
      emu.inject({ kind: 'status', status: 429, errorType: 'ThrottlingException' });
      emu.inject({ kind: 'status', status: 403, errorType: 'AccessDeniedException' });
      const err = await rt.converse(converseInput).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AccessDeniedError);
      await rt.converse(converseInput);
      expect(kinds(seen)).toEqual(['start1', 'retry1', 'start2', 'error2', 'start1', 'end1']);
      assertNoSecret(seen, [emu.apiKey]);
    } finally {
      await rt.close();
    }
  });
});

describe('diagnostics_channel', () => {
  it('publishes the same events on the four channels while subscribed, nothing after', async () => {
    const seen: Seen[] = [];
    const subs = Object.entries(BEDROCK_CHANNELS).map(([kind, name]) => {
      const fn = (event: unknown) => seen.push({ kind, event: event as Record<string, unknown> });
      diagnostics.subscribe(name, fn);
      return () => diagnostics.unsubscribe(name, fn);
    });
    expect(Object.values(BEDROCK_CHANNELS)).toEqual(['bedrock-wire:request:start', 'bedrock-wire:request:end', 'bedrock-wire:request:error', 'bedrock-wire:request:retry']);
    const rt = client(emu, 'undici', 'session');
    try {
      emu.inject({ kind: 'status', status: 429, errorType: 'ThrottlingException' });
      await rt.converse(converseInput);
      emu.inject({ kind: 'status', status: 403, errorType: 'AccessDeniedException' });
      await rt.invokeModel({ modelId: ANTHROPIC, body: anthropicBody }).catch(() => {});
      expect(kinds(seen)).toEqual(['start1', 'retry1', 'start2', 'end2', 'start1', 'error1']);
      assertNoSecret(seen, [emu.credentials.secretAccessKey, emu.credentials.sessionToken!]);
      for (const off of subs) off();
      seen.length = 0;
      await rt.converse(converseInput);
      expect(seen).toEqual([]);
    } finally {
      for (const off of subs) off();
      await rt.close();
    }
  });
});

describe('BEDROCK_WIRE_DEBUG', () => {
  it('logs one line per attempt: method, path, status, request id, attempt, ms', async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((line: unknown) => void lines.push(String(line)));
    const rt = client(emu, 'undici', 'session', { env: { BEDROCK_WIRE_DEBUG: '1' } });
    const quiet = client(emu, 'undici', 'session', { env: { BEDROCK_WIRE_DEBUG: '0' } });
    try {
      emu.inject({ kind: 'status', status: 429, errorType: 'ThrottlingException' });
      const out = await rt.converse(converseInput);
      await quiet.converse(converseInput);
      const path = `/model/${encodeURIComponent(converseInput.modelId)}/converse`;
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(new RegExp(`^\\[bedrock-wire\\] POST ${path.replace(/[.%]/g, '\\$&')} 429 ThrottlingException request-id=[\\w-]+ attempt=1 \\d+ms retry in \\d+ ms$`));
      expect(lines[1]).toMatch(new RegExp(`^\\[bedrock-wire\\] POST \\S+ 200 request-id=${out.requestId} attempt=2 \\d+ms$`));
      for (const l of lines) expect(l).not.toContain(emu.credentials.secretAccessKey);
    } finally {
      spy.mockRestore();
      await rt.close();
      await quiet.close();
    }
  });
});
