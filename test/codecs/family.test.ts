import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { baseModelId, detectFamily, GEO_PREFIXES, stripGeoPrefix } from '../../src/codecs/index.js';
import type { ModelFamily } from '../../src/codecs/index.js';

const FOUNDATION: [string, ModelFamily][] = [
  ['anthropic.claude-3-5-haiku-20241022-v1:0', 'anthropic'],
  ['anthropic.claude-v2:1', 'anthropic'],
  ['anthropic.claude-instant-v1', 'anthropic'],
  ['amazon.titan-text-premier-v1:0', 'titan'],
  ['amazon.titan-text-express-v1', 'titan'],
  ['amazon.titan-tg1-large', 'titan'],
  ['amazon.nova-pro-v1:0', 'nova'],
  ['meta.llama3-3-70b-instruct-v1:0', 'llama'],
  ['meta.llama2-13b-chat-v1', 'llama'],
  ['cohere.command-r-plus-v1:0', 'cohere'],
  ['cohere.command-light-text-v14', 'cohere'],
  ['ai21.jamba-1-5-large-v1:0', 'jamba'],
  ['mistral.mistral-large-2407-v1:0', 'mistral'],
  ['mistral.mixtral-8x7b-instruct-v0:1', 'mistral'],
  ['deepseek.r1-v1:0', 'deepseek'],
  ['openai.gpt-oss-120b-1:0', 'gpt-oss'],
];

describe('detectFamily', () => {
  it.each(FOUNDATION)('foundation id %s → %s', (id, family) => {
    expect(detectFamily(id)).toBe(family);
  });

  it.each(GEO_PREFIXES.map((p) => [p]))('geo prefix %s.', (prefix) => {
    expect(detectFamily(`${prefix}.anthropic.claude-sonnet-4-20250514-v1:0`)).toBe('anthropic');
    expect(detectFamily(`${prefix}.deepseek.r1-v1:0`)).toBe('deepseek');
    expect(stripGeoPrefix(`${prefix}.amazon.nova-lite-v1:0`)).toBe('amazon.nova-lite-v1:0');
  });

  it('covers the documented prefixes', () => {
    expect([...GEO_PREFIXES].sort()).toEqual(['apac', 'au', 'eu', 'global', 'jp', 'us', 'us-gov']);
  });

  it('leaves ids without a geo prefix alone', () => {
    expect(stripGeoPrefix('anthropic.claude-v2')).toBe('anthropic.claude-v2');
    expect(stripGeoPrefix('usa.anthropic.claude-v2')).toBe('usa.anthropic.claude-v2');
  });

  it('reads foundation-model and inference-profile ARNs', () => {
    expect(detectFamily('arn:aws:bedrock:us-east-1::foundation-model/meta.llama3-8b-instruct-v1:0')).toBe('llama');
    expect(detectFamily('arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-micro-v1:0')).toBe('nova');
    expect(detectFamily('arn:aws-us-gov:bedrock:us-gov-west-1:123456789012:inference-profile/us-gov.anthropic.claude-3-haiku-20240307-v1:0')).toBe('anthropic');
    expect(baseModelId('arn:aws-cn:bedrock:cn-north-1::foundation-model/amazon.titan-text-express-v1')).toBe('amazon.titan-text-express-v1');
  });

  it('asks for the family of an application inference profile', () => {
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6';
    expect(() => detectFamily(arn)).toThrow(ValidationError);
    expect(() => detectFamily(arn)).toThrow(/application-inference-profile ARN .* pass it explicitly, e\.g\. request\.family = 'anthropic'/);
    expect(detectFamily(arn, 'mistral')).toBe('mistral');
  });

  it('names the fix for unknown models', () => {
    expect(() => detectFamily('stability.sd3-large-v1:0')).toThrow(ValidationError);
    expect(() => detectFamily('stability.sd3-large-v1:0')).toThrow(/unknown model family .* request\.family/);
    expect(() => detectFamily('x', 'palm' as ModelFamily)).toThrow(/unknown model family 'palm'/);
  });

  it('explicit family wins over the id', () => {
    expect(detectFamily('anthropic.claude-v2', 'titan')).toBe('titan');
  });
});
