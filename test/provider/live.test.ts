// Against real Amazon Bedrock. Runs only when AWS credentials are in the environment
// (AWS_ACCESS_KEY_ID, AWS_PROFILE or AWS_BEARER_TOKEN_BEDROCK); otherwise every test is reported
// as skipped. Costs a few hundred tokens. Overrides: BEDROCK_LIVE_MODEL (default Claude 3.5 Haiku
// through the region's profile), BEDROCK_LIVE_PROFILE_MODEL (a model served only through a
// cross-region profile, default Claude Haiku 4.5), AWS_REGION (default us-east-1).
import { afterAll, describe, expect, it } from 'vitest';
import { BedrockProvider, geoForRegion } from '../../src/provider/index.js';
import { collect } from './harness.js';

const env = process.env;
const hasCredentials = Boolean(env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE || env.AWS_BEARER_TOKEN_BEDROCK);
const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
const model = env.BEDROCK_LIVE_MODEL ?? 'anthropic.claude-3-5-haiku-20241022-v1:0';
const profileModel = env.BEDROCK_LIVE_PROFILE_MODEL ?? 'anthropic.claude-haiku-4-5-20251001-v1:0';

const live = describe.skipIf(!hasCredentials);
let provider: BedrockProvider | undefined;
const get = () => (provider ??= new BedrockProvider({ region, healthCheckModel: model, geoPrefix: 'auto' }));

afterAll(async () => {
  await provider?.close();
});

live(hasCredentials ? 'live Bedrock' : 'live Bedrock (skipped: no AWS credentials in the environment)', () => {
  const request = { model, messages: [{ role: 'user' as const, content: 'Reply with the single word: pong' }], maxTokens: 16, temperature: 0 };

  it('generate', async () => {
    const r = await get().generate(request);
    expect(r.content.toLowerCase()).toContain('pong');
    expect(r.usage.inputTokens).toBeGreaterThan(0);
    expect(r.usage.outputTokens).toBeGreaterThan(0);
  });

  it('generateStream', async () => {
    const s = await collect(get().generateStream(request));
    expect(s.error).toBeUndefined();
    expect(s.finish!.content).toBe(s.text);
    expect(s.text.toLowerCase()).toContain('pong');
  });

  it('health', async () => {
    const h = await get().getHealth();
    expect(h.lastError).toBeUndefined();
    expect(h.status).toBe('healthy');
  });

  it('a model served only through a cross-region profile', async () => {
    const route = get().route({ model: profileModel });
    expect(route.modelId).toBe(`${geoForRegion(region)}.${profileModel}`);
    const r = await get().generate({ ...request, model: profileModel });
    expect(r.content.toLowerCase()).toContain('pong');
  });
});
