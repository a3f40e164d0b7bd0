// The provider's catalog and the emulator's own list (src/emulator/catalog.ts: the emulator never
// imports the client) state the same facts from AWS's "Supported models and model features" table
// for every text model the provider knows: tools, streaming tool use, vision, document chat,
// reasoning, profile-only. A disagreement means one side refuses what the other accepts.
import { describe, expect, it } from 'vitest';
import { lookupModel } from '../../src/emulator/catalog.js';
import { MODELS } from '../../src/provider/index.js';

describe('provider catalog and emulator catalog agree', () => {
  it('on tools, streaming tools, vision, documents, reasoning and profile-only, model by model', () => {
    const text = MODELS.filter((m) => m.capabilities.includes('text_generation'));
    expect(text.length).toBeGreaterThan(40);
    const disagreements: string[] = [];
    for (const m of text) {
      const e = lookupModel(m.id)?.model;
      if (!e) {
        disagreements.push(`${m.id}: not in the emulator's catalog`);
        continue;
      }
      const pairs: Array<[string, boolean, boolean]> = [
        ['tools', m.supportsTools, e.tools],
        ['streaming tools', m.supportsStreamingTools, e.streamingTools],
        ['vision', m.supportsVision, e.image],
        ['documents', m.supportsDocuments, e.document],
        ['reasoning', m.supportsReasoning, e.reasoning],
        ['profile-only', m.requiresInferenceProfile, e.profileOnly],
      ];
      for (const [what, provider, emulator] of pairs) if (provider !== emulator) disagreements.push(`${m.id}: ${what} provider=${provider} emulator=${emulator}`);
    }
    expect(disagreements).toEqual([]);
  });

  it('AWS table facts, checked by name: Jamba 1.5 and Command R/R+ stream tools, Llama 3.1 does not; Claude 3.5 Haiku has no vision; Nova Micro and Titan Text Premier no documents', () => {
    const get = (id: string) => MODELS.find((m) => m.id === id)!;
    for (const id of ['ai21.jamba-1-5-large-v1:0', 'ai21.jamba-1-5-mini-v1:0', 'cohere.command-r-v1:0', 'cohere.command-r-plus-v1:0']) expect(get(id).supportsStreamingTools, id).toBe(true);
    expect(get('meta.llama3-1-70b-instruct-v1:0').supportsStreamingTools).toBe(false);
    expect(get('anthropic.claude-3-5-haiku-20241022-v1:0').supportsVision).toBe(false);
    expect(get('amazon.nova-micro-v1:0').supportsDocuments).toBe(false);
    expect(get('amazon.titan-text-premier-v1:0').supportsDocuments).toBe(false);
  });
});
