// Cross-region inference: calls routed through the configured profile ARN or geo-prefixed ids,
// checked on the path the emulator received.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { ask, collect, lastPath, makeProvider, startTestEmulator } from './harness.js';

const PROFILE = 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0';
const APP = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5';

let emu: Emulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu.close();
});

const path = (id: string, op: string) => `/model/${encodeURIComponent(id)}/${op}`;

describe('cross-region inference', () => {
  it('the seed config: calls for the profile\'s model go through the ARN, streaming and not', async () => {
    const p = makeProvider(emu, { crossRegionInference: true, inferenceProfileArn: PROFILE });
    try {
      const r = await p.generate(ask('anthropic.claude-3-5-sonnet-20241022-v2:0'));
      expect(lastPath(emu)).toBe(path(PROFILE, 'invoke'));
      expect(r.content.length).toBeGreaterThan(0);
      const s = await collect(p.generateStream(ask('')));
      expect(lastPath(emu)).toBe(path(PROFILE, 'invoke-with-response-stream'));
      expect(s.finish!.content).toBe(s.text);
      // Another model goes to its own geo-prefixed profile id.
      await p.generate(ask('amazon.nova-pro-v1:0'));
      expect(lastPath(emu)).toBe(path('us.amazon.nova-pro-v1:0', 'invoke'));
    } finally {
      await p.close();
    }
  });

  it('an application profile ARN carries no model: the family comes from the requested model', async () => {
    const p = makeProvider(emu, { inferenceProfileArn: APP, geoPrefix: 'none' });
    try {
      const r = await p.generate(ask('amazon.nova-lite-v1:0'));
      expect(lastPath(emu)).toBe(path(APP, 'invoke'));
      expect(r.content.length).toBeGreaterThan(0);
      const s = await collect(p.generateStream(ask('amazon.nova-lite-v1:0'), { api: 'converse' }));
      expect(lastPath(emu)).toBe(path(APP, 'converse-stream'));
      expect(s.finish!.content).toBe(s.text);
    } finally {
      await p.close();
    }
  });

  it('the region picks the geo prefix for plain ids; explicit prefixes are kept', async () => {
    const p = makeProvider(emu, { geoPrefix: 'auto' });
    try {
      await p.generate(ask('amazon.nova-micro-v1:0'));
      expect(lastPath(emu)).toBe(path('us.amazon.nova-micro-v1:0', 'invoke'));
      await p.generate(ask('global.anthropic.claude-sonnet-4-5-20250929-v1:0'));
      expect(lastPath(emu)).toBe(path('global.anthropic.claude-sonnet-4-5-20250929-v1:0', 'invoke'));
      await p.generate(ask('amazon.titan-text-express-v1')); // no profiles for Titan
      expect(lastPath(emu)).toBe(path('amazon.titan-text-express-v1', 'invoke'));
    } finally {
      await p.close();
    }
  });
});
