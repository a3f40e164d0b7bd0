// Shared set-up for the runtime tests: one emulator per file, clients with short timeouts and
// near-zero backoff so that fault tests stay fast, and small helpers to count attempts.
import { startEmulator } from '../../src/emulator/index.js';
import type { Emulator } from '../../src/emulator/index.js';
import { BedrockRuntime } from '../../src/runtime/index.js';
import type { BedrockRuntimeOptions, ConverseInput } from '../../src/runtime/index.js';

export const ANTHROPIC = 'anthropic.claude-3-haiku-20240307-v1:0';
export const CONVERSE = 'anthropic.claude-3-5-haiku-20241022-v1:0';

export const anthropicBody = {
  anthropic_version: 'bedrock-2023-05-31',
  max_tokens: 64,
  messages: [{ role: 'user', content: [{ type: 'text', text: 'What is the capital of France?' }] }],
};

export const converseInput = {
  modelId: CONVERSE,
  messages: [{ role: 'user', content: [{ text: 'What is the capital of France?' }] }],
  inferenceConfig: { maxTokens: 64 },
} satisfies ConverseInput;

/**
 * `undici`: the default (the vendored Agent from source: the undici devDependency, 7.x);
 * `undici-node`: where undici's SIMD parser is not used (UNDICI_NO_WASM_SIMD=1 in the client's
 * env), the transport on Node's own undici (6.x on Node 20: the older handler API); `fetch`.
 */
export type Transport = 'undici' | 'undici-node' | 'fetch';
export const transports: Transport[] = ['undici', 'undici-node', 'fetch'];

/** `session`: the emulator demands this session token (and these keys) on every request. */
export function startTestEmulator(session = false): Promise<Emulator> {
  return startEmulator({
    seed: 7,
    ...(session ? { credentials: { accessKeyId: 'AKIDSESSION000000000', secretAccessKey: 'session-secret-key-0123456789', sessionToken: 'session-token-abcdef0123456789' } } : {}),
  });
}

export type AuthKind = 'bearer' | 'sigv4' | 'session';

export function client(emu: Emulator, transport: Transport = 'undici', auth: AuthKind = 'sigv4', extra: BedrockRuntimeOptions = {}): BedrockRuntime {
  const creds =
    auth === 'bearer'
      ? { apiKey: emu.apiKey, authMode: 'bearer' as const }
      : {
          credentials:
            auth === 'session'
              ? { ...emu.credentials, sessionToken: emu.credentials.sessionToken }
              : { accessKeyId: emu.credentials.accessKeyId, secretAccessKey: emu.credentials.secretAccessKey },
          authMode: 'sigv4' as const,
        };
  return new BedrockRuntime({
    region: emu.region,
    endpoint: emu.url,
    env: transport === 'undici-node' ? { UNDICI_NO_WASM_SIMD: '1' } : {},
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    timeouts: { idleMs: 2_000, firstByteMs: 5_000, connectMs: 2_000 },
    ...(transport === 'fetch' ? { fetch: globalThis.fetch } : {}),
    ...creds,
    ...extra,
  });
}

/** Requests the emulator received for `operation` since `from`. */
export function attempts(emu: Emulator, operation: string, from = 0): number {
  return emu.requests.slice(from).filter((r) => r.operation === operation).length;
}

/** Polls until `fn()` holds or `ms` passes; returns the last value of `fn()`. */
export async function eventually(fn: () => boolean, ms = 2_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (fn()) return true;
    await new Promise<void>((r) => setTimeout(r, 10));
  }
  return fn();
}

export const text = (b: Uint8Array): string => new TextDecoder().decode(b);

/** Collects a stream; returns the events before the failure and the failure itself. */
export async function drain<E>(stream: AsyncIterable<E>): Promise<{ events: E[]; error: unknown }> {
  const events: E[] = [];
  try {
    for await (const e of stream) events.push(e);
    return { events, error: undefined };
  } catch (error) {
    return { events, error };
  }
}
