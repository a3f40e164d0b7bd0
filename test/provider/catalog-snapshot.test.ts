// The catalog's outputs, pinned byte for byte (key order included) so that a change of how the
// catalog is written down cannot change what it says. A deliberate catalog change updates the
// snapshot (`npx vitest run test/provider -u`) and shows up in review as a data diff.
import { describe, expect, it } from 'vitest';
import { BedrockProvider, canonicalModelId, findModel, MODELS } from '../../src/provider/index.js';

const env = { AWS_REGION: 'us-east-1' };
const PROBES = [
  ...MODELS.map((m) => m.id),
  'us.anthropic.claude-opus-4-5-20251101-v1:0',
  'anthropic.claude-4-sonnet-20250514-v1:0',
  'eu.anthropic.claude-4-sonnet-20250514-v1:0',
  'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0',
  'arn:aws:bedrock:us-east-1:123456789012:inference-profile/apac.deepseek.r1-v1:0',
  'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc',
  'anthropic.claude-99',
  'unknown.model',
];

describe('catalog snapshot', () => {
  it('MODELS: every field of every entry, in order; the array and its entries are frozen', async () => {
    expect(Object.isFrozen(MODELS)).toBe(true);
    for (const m of MODELS) expect(Object.isFrozen(m), m.id).toBe(true);
    await expect(JSON.stringify(MODELS, null, 1)).toMatchFileSnapshot('./__snapshots__/catalog-models.json');
  });

  it('findModel and canonicalModelId for ids, aliases, profile ids and ARNs', async () => {
    const found = PROBES.map((id) => [id, findModel(id)?.id ?? null, canonicalModelId(id)]);
    await expect(JSON.stringify(found, null, 1)).toMatchFileSnapshot('./__snapshots__/catalog-find.json');
  });

  it('getModels(): the whole catalog, and an allow-list with an alias and ids not in the catalog', async () => {
    const all = new BedrockProvider({}, { env }).getModels();
    const listed = new BedrockProvider(
      {
        models: ['eu.amazon.nova-pro-v1:0', 'anthropic.claude-4-sonnet-20250514-v1:0', 'anthropic.claude-99', 'arn:aws:bedrock:us-east-1:1:application-inference-profile/x'],
        families: { 'arn:aws:bedrock:us-east-1:1:application-inference-profile/x': 'nova' },
      },
      { env },
    ).getModels();
    // Copies: changing one never changes the catalog.
    all[0].capabilities.push('vision');
    expect(MODELS[0].capabilities).not.toBe(all[0].capabilities);
    all[0].capabilities.pop();
    await expect(JSON.stringify({ all, listed }, null, 1)).toMatchFileSnapshot('./__snapshots__/catalog-get-models.json');
  });
});
