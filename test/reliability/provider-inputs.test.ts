// Provider config and LLMRequest: wrong types and unsendable values are errors naming the field,
// before anything is sent (no server here: nothing may be sent).
import { describe, expect, it } from 'vitest';
import { BedrockProvider } from '../../src/provider/index.js';
import { ConfigurationError, ValidationError } from '../../src/errors.js';

const base = { region: 'us-east-1', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'AKIDEXAMPLE00000000', secretAccessKey: 'secretsecretsecretsecret' } };
const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
const hi = [{ role: 'user' as const, content: 'hi' }];

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('did not throw');
}

describe('provider config: types checked, values never quoted', () => {
  const cases: Array<[object, RegExp]> = [
    [{ enabled: 'false' }, /^enabled: expected true or false, got string$/],
    [{ crossRegionInference: 'yes' }, /^crossRegionInference: expected true or false/],
    [{ healthCheckMaxTokens: -1 }, /^healthCheckMaxTokens: expected an integer from 1 to 100000, got -1$/],
    [{ healthCheckMaxTokens: 1.5 }, /^healthCheckMaxTokens/],
    [{ name: 5 }, /^name: expected a string, got number$/],
    [{ defaultModel: {} }, /^defaultModel: expected a string, got object$/],
    [{ models: [MODEL, 7] }, /^models\[1\]: expected a model id, got number$/],
    [{ families: 'anthropic' }, /^families: expected an object/],
    [{ apiKey: 12345678 }, /^apiKey: expected a string, got number$/],
    [{ maxAttempts: 1e9 }, /^maxAttempts: expected an integer from 1 to 100/],
    [{ timeouts: { idleMs: 2 ** 31 } }, /^timeouts\.idleMs/],
    [{ timeouts: { connectMs: -1 } }, /^timeouts\.connectMs/],
  ];
  for (const [patch, message] of cases) {
    it(JSON.stringify(patch), () => {
      const err = thrown(() => new BedrockProvider({ ...base, ...patch } as never));
      expect(err).toBeInstanceOf(ConfigurationError);
      expect(err.message).toMatch(message);
    });
  }
});

describe('LLMRequest values that cannot be sent as JSON', () => {
  const p = new BedrockProvider(base);
  let deep: Record<string, unknown> = { type: 'string' };
  for (let i = 0; i < 3000; i++) deep = { type: 'object', properties: { a: deep } };
  const cycle: Record<string, unknown> = { type: 'object' };
  cycle.properties = { self: cycle };

  const cases: Array<[string, object, RegExp]> = [
    ['BigInt in extra', { extra: { budget: 10n } }, /^request\.extra\.budget: a bigint cannot be sent as JSON$/],
    ['function in extra', { extra: { f: () => 1 } }, /^request\.extra\.f: a function cannot be sent as JSON$/],
    ['3,000-deep tool schema', { tools: [{ name: 't', inputSchema: deep }] }, /^request\.tools\[0\]\.inputSchema: nested deeper than 256 levels$/],
    ['cyclic tool schema', { tools: [{ name: 't', inputSchema: cycle }] }, /^request\.tools\[0\]\.inputSchema\.properties\.self: refers back to itself/],
    ['BigInt in tool schema', { tools: [{ name: 't', inputSchema: { type: 'object', maximum: 2n ** 70n } }] }, /^request\.tools\[0\]\.inputSchema\.maximum: a bigint/],
    ['non-string model', { model: 42 }, /^request\.model: expected a string, got number$/],
  ];
  for (const [name, patch, message] of cases) {
    it(name, async () => {
      const err = await p.generate({ model: MODEL, messages: hi, ...patch } as never).catch((e: unknown) => e as Error);
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as Error).message).toMatch(message);
    });
  }

  it('a shared (non-cyclic) object used twice is fine to send', async () => {
    const shared = { type: 'string' };
    const tools = [{ name: 't', inputSchema: { type: 'object', properties: { a: shared, b: shared } } }];
    // Reaches the network (nothing listens on :9): the request itself was accepted.
    const err = await p.generate({ model: MODEL, messages: hi, tools }).catch((e: unknown) => e as Error);
    expect(err).not.toBeInstanceOf(ValidationError);
  });
});
