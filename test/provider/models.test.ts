import { describe, expect, it } from 'vitest';
import { detectFamily, MODEL_FAMILIES } from '../../src/codecs/index.js';
import { ValidationError } from '../../src/errors.js';
import { resolveConfig } from '../../src/provider/config-file.js';
import { canonicalModelId, capabilitiesOf, findModel, MODELS } from '../../src/provider/models.js';
import { resolveRoute } from '../../src/provider/route.js';

// The seed's model list (Claude 4 Sonnet under the seed's own spelling).
const SEED = [
  ['anthropic.claude-4-sonnet-20250514-v1:0', 'anthropic', 200_000],
  ['anthropic.claude-3-7-sonnet-20250219-v1:0', 'anthropic', 200_000],
  ['anthropic.claude-3-5-sonnet-20241022-v2:0', 'anthropic', 200_000],
  ['anthropic.claude-3-5-haiku-20241022-v1:0', 'anthropic', 200_000],
  ['amazon.titan-text-premier-v1:0', 'titan', 32_000],
  ['amazon.titan-text-express-v1', 'titan', 8_000],
  ['ai21.jamba-1-5-large-v1:0', 'jamba', 256_000],
  ['cohere.command-r-plus-v1:0', 'cohere', 128_000],
  ['meta.llama3-3-70b-instruct-v1:0', 'llama', 128_000],
] as const;

describe('model catalog', () => {
  it('holds the seed\'s models with their context sizes and families', () => {
    for (const [id, family, ctx] of SEED) {
      const m = findModel(id);
      expect(m, id).toBeDefined();
      expect(m!.family).toBe(family);
      expect(m!.contextWindow).toBe(ctx);
    }
  });

  it('holds current Claude, Nova, Mistral, DeepSeek and gpt-oss models', () => {
    for (const id of [
      'anthropic.claude-opus-4-1-20250805-v1:0', 'anthropic.claude-sonnet-4-5-20250929-v1:0', 'anthropic.claude-haiku-4-5-20251001-v1:0',
      'amazon.nova-micro-v1:0', 'amazon.nova-lite-v1:0', 'amazon.nova-pro-v1:0', 'amazon.nova-premier-v1:0',
      'mistral.mistral-large-2407-v1:0', 'mistral.mistral-7b-instruct-v0:2', 'mistral.mixtral-8x7b-instruct-v0:1',
      'deepseek.r1-v1:0', 'openai.gpt-oss-20b-1:0', 'openai.gpt-oss-120b-1:0',
    ]) expect(findModel(id), id).toBeDefined();
  });

  const TEXT = MODELS.filter((m) => m.capabilities.includes('text_generation'));

  it('every entry\'s id detects to its own family through the codecs, and every family is covered', () => {
    for (const m of TEXT) {
      expect(detectFamily(m.id), m.id).toBe(m.family);
      expect(detectFamily(`us.${m.id}`), m.id).toBe(m.family);
    }
    expect(new Set(TEXT.map((m) => m.family))).toEqual(new Set(MODEL_FAMILIES));
  });

  it('entries are consistent: ids unique, limits positive, flags match capabilities', () => {
    expect(new Set(MODELS.map((m) => m.id)).size).toBe(MODELS.length);
    for (const m of TEXT) {
      expect(m.maxOutputTokens).toBeGreaterThan(0);
      expect(m.contextWindow).toBeGreaterThanOrEqual(m.maxOutputTokens);
      expect(m.capabilities.includes('tools')).toBe(m.supportsTools);
      expect(m.capabilities.includes('vision')).toBe(m.supportsVision);
      expect(m.capabilities.includes('reasoning')).toBe(m.supportsReasoning);
      expect(m.capabilities.includes('streaming_tools')).toBe(m.supportsStreamingTools);
      if (m.supportsStreamingTools) expect(m.supportsTools).toBe(true);
      if (m.requiresInferenceProfile) expect(m.inferenceProfiles).toBe(true);
    }
    // Families' known limits: Titan has no tools and no system field; DeepSeek R1 reasons.
    expect(findModel('amazon.titan-text-express-v1')!.supportsTools).toBe(false);
    expect(findModel('amazon.titan-text-express-v1')!.supportsSystemPrompt).toBe(false);
    expect(findModel('deepseek.r1-v1:0')!.supportsReasoning).toBe(true);
    expect(findModel('anthropic.claude-3-5-sonnet-20241022-v2:0')!.supportsVision).toBe(true);
    // Documents: AWS's "Document chat" column — every text model here but Nova Micro and Titan Text Premier.
    expect(MODELS.filter((m) => m.capabilities.includes('chat') && !m.supportsDocuments).map((m) => m.id).sort()).toEqual(['amazon.nova-micro-v1:0', 'amazon.titan-text-premier-v1:0']);
    expect(MODELS.filter((m) => !m.capabilities.includes('chat') && m.supportsDocuments)).toEqual([]);
  });

  it('embedding, image and rerank entries: one kind each, no text capability, and the kind\'s entry knows the id', async () => {
    const { embeddingSpec } = await import('../../src/embeddings/index.js');
    const { imageFormat } = await import('../../src/images/index.js');
    const kinds = MODELS.filter((m) => !m.capabilities.includes('text_generation'));
    expect(kinds.length).toBeGreaterThanOrEqual(15);
    for (const m of kinds) {
      const kind = m.capabilities.filter((c) => c === 'embedding' || c === 'image' || c === 'rerank');
      expect(kind, m.id).toHaveLength(1);
      expect(m.capabilities.some((c) => ['chat', 'streaming', 'tools'].includes(c)), m.id).toBe(false);
      expect(m.maxOutputTokens).toBe(0);
      expect(m.contextWindow).toBeGreaterThan(0);
      if (kind[0] === 'embedding') expect(() => embeddingSpec(m.id), m.id).not.toThrow();
      if (kind[0] === 'image') expect(imageFormat(m.id), m.id).toBeDefined();
      if (kind[0] === 'rerank') expect(m.id).toMatch(/rerank/);
    }
    expect(capabilitiesOf(MODELS)).toEqual(expect.arrayContaining(['embedding', 'image', 'rerank']));
  });

  it('finds models by profile id, alias and ARN; canonicalises the seed alias keeping the prefix', () => {
    expect(findModel('eu.amazon.nova-pro-v1:0')?.id).toBe('amazon.nova-pro-v1:0');
    expect(findModel('arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0')?.id).toBe('amazon.nova-lite-v1:0');
    expect(findModel('arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.deepseek.r1-v1:0')?.id).toBe('deepseek.r1-v1:0');
    expect(findModel('arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc')).toBeUndefined();
    expect(findModel('anthropic.claude-99')).toBeUndefined();
    expect(canonicalModelId('us.anthropic.claude-4-sonnet-20250514-v1:0')).toBe('us.anthropic.claude-sonnet-4-20250514-v1:0');
    expect(canonicalModelId('anthropic.claude-4-sonnet-20250514-v1:0')).toBe('anthropic.claude-sonnet-4-20250514-v1:0');
  });

  it('capabilitiesOf is the union, in a stable order', () => {
    const titan = findModel('amazon.titan-text-express-v1')!;
    const nova = findModel('amazon.nova-pro-v1:0')!;
    expect(capabilitiesOf([titan])).toEqual(['text_generation', 'chat', 'streaming']);
    expect(capabilitiesOf([titan, nova])).toEqual(['text_generation', 'chat', 'streaming', 'tools', 'streaming_tools', 'vision', 'system_prompt']);
  });
});

describe('routing', () => {
  const env = {};
  const ARN = 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0';
  const APP = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3';

  it('plain ids go as given; the seed alias is corrected', () => {
    const c = resolveConfig({ region: 'us-east-1' }, { env });
    expect(resolveRoute({ model: 'amazon.titan-text-express-v1' }, c)).toMatchObject({ modelId: 'amazon.titan-text-express-v1', family: 'titan', viaProfileArn: false });
    expect(resolveRoute({ model: 'anthropic.claude-4-sonnet-20250514-v1:0' }, c).modelId).toBe('us.anthropic.claude-sonnet-4-20250514-v1:0');
  });

  it('profile-only models get the region\'s prefix; geo_prefix adds it to models offered through profiles only', () => {
    const plain = resolveConfig({ region: 'eu-west-1' }, { env });
    expect(resolveRoute({ model: 'deepseek.r1-v1:0' }, plain).modelId).toBe('eu.deepseek.r1-v1:0');
    expect(resolveRoute({ model: 'amazon.nova-lite-v1:0' }, plain).modelId).toBe('amazon.nova-lite-v1:0');
    const geo = resolveConfig({ region: 'eu-west-1', geo_prefix: 'auto' }, { env });
    expect(resolveRoute({ model: 'amazon.nova-lite-v1:0' }, geo).modelId).toBe('eu.amazon.nova-lite-v1:0');
    expect(resolveRoute({ model: 'amazon.titan-text-express-v1' }, geo).modelId).toBe('amazon.titan-text-express-v1');
    expect(resolveRoute({ model: 'apac.amazon.nova-lite-v1:0' }, geo).modelId).toBe('apac.amazon.nova-lite-v1:0');
    expect(resolveRoute({ model: 'anthropic.claude-future-v9:0' }, geo).modelId).toBe('eu.anthropic.claude-future-v9:0');
  });

  it('a system profile ARN serves its own model and model-less requests; other models go direct', () => {
    const c = resolveConfig({ region: 'us-east-1', cross_region_inference: true, inference_profile_arn: ARN }, { env });
    expect(resolveRoute({ model: 'anthropic.claude-3-5-sonnet-20241022-v2:0' }, c)).toMatchObject({ modelId: ARN, family: 'anthropic', viaProfileArn: true });
    expect(resolveRoute({ model: '' }, c)).toMatchObject({ modelId: ARN, family: 'anthropic' });
    expect(resolveRoute({ model: 'amazon.nova-pro-v1:0' }, c)).toMatchObject({ modelId: 'us.amazon.nova-pro-v1:0', family: 'nova', viaProfileArn: false });
    const off = resolveConfig({ region: 'us-east-1', cross_region_inference: false, inference_profile_arn: ARN }, { env });
    expect(resolveRoute({ model: 'anthropic.claude-3-5-sonnet-20241022-v2:0' }, off).modelId).toBe('anthropic.claude-3-5-sonnet-20241022-v2:0');
  });

  it('an application profile ARN serves every call; the family comes from the requested model or the config', () => {
    const c = resolveConfig({ region: 'us-east-1', cross_region_inference: true, inference_profile_arn: APP, geo_prefix: 'none' }, { env });
    expect(resolveRoute({ model: 'amazon.nova-pro-v1:0' }, c)).toMatchObject({ modelId: APP, family: 'nova' });
    // No family to read and none named: the call goes through Converse, which needs none.
    expect(resolveRoute({ model: '' }, c)).toMatchObject({ modelId: APP, family: undefined });
    const named = resolveConfig({ region: 'us-east-1', inference_profile_arn: APP, families: { [APP]: 'anthropic' } }, { env });
    expect(resolveRoute({ model: '' }, named)).toMatchObject({ modelId: APP, family: 'anthropic' });
    expect(resolveRoute({ model: APP }, named).family).toBe('anthropic');
  });

  it('ids no family codec places route to Converse; a bad family and models outside the allow-list are ValidationErrors', () => {
    const c = resolveConfig({ region: 'us-east-1' }, { env });
    expect(resolveRoute({ model: 'qwen.qwen3-32b-v1:0' }, c)).toMatchObject({ modelId: 'qwen.qwen3-32b-v1:0', family: undefined });
    expect(resolveRoute({ model: APP }, c)).toMatchObject({ modelId: APP, family: undefined });
    expect(() => resolveRoute({ model: APP, family: 'acme' as never }, c)).toThrow(/unknown model family 'acme'/);
    expect(resolveRoute({ model: APP, family: 'llama' }, c).family).toBe('llama');
    const allow = resolveConfig({ region: 'us-east-1', models: ['amazon.nova-pro-v1:0', 'anthropic.claude-4-sonnet-20250514-v1:0'] }, { env });
    expect(() => resolveRoute({ model: 'amazon.nova-lite-v1:0' }, allow)).toThrow(/not in this provider's models/);
    expect(resolveRoute({ model: 'us.amazon.nova-pro-v1:0' }, allow).modelId).toBe('us.amazon.nova-pro-v1:0');
    expect(resolveRoute({ model: 'anthropic.claude-sonnet-4-20250514-v1:0' }, allow).family).toBe('anthropic');
    expect(resolveRoute({ model: '' }, allow).requested).toBe('amazon.nova-pro-v1:0');
    expect(() => resolveRoute({ model: '' }, c)).toThrow(/request\.model: missing/);
  });

  it('an allow-listed id no codec can place is a config error', () => {
    expect(() => resolveConfig({ region: 'us-east-1', models: ['stability.sd3-large-v1:0'] }, { env })).toThrow(/^models\[0\]: cannot tell the model family/);
    expect(resolveConfig({ region: 'us-east-1', models: [APP], families: { [APP]: 'nova' } }, { env }).models).toEqual([APP]);
  });
});
