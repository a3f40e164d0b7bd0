// Codec replay: every recorded Bedrock stream in test/fixtures/recorded/, served verbatim by the
// emulator, through the provider's generateStream (runtime, framing, codec). The final response's
// text must equal the sidecar's `final_text`, which was decoded independently when the captures
// were collected.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectFamily } from '../../src/codecs/index.js';
import type { ModelFamily } from '../../src/codecs/index.js';
import type { Emulator } from '../../src/emulator/index.js';
import { partialResponse } from '../../src/provider/index.js';
import type { BedrockProvider } from '../../src/provider/index.js';
import { smithyDecodeAll } from '../eventstream/oracle.js';
import { ask, collect, makeProvider, startTestEmulator } from './harness.js';

const ROOT = join(import.meta.dirname, '..', 'fixtures', 'recorded');

// The family each folder's captures belong to, for sidecars that do not name a usable model id.
const FOLDERS: Record<string, ModelFamily | 'converse'> = {
  'anthropic-claude': 'anthropic',
  'amazon-titan': 'titan',
  'amazon-nova': 'nova',
  'meta-llama': 'llama',
  'cohere-command': 'cohere',
  'cohere-command-r': 'cohere',
  'ai21-jamba': 'jamba',
  mistral: 'mistral',
  'converse-stream': 'converse',
  exceptions: 'anthropic',
};
const FALLBACK: Record<ModelFamily, string> = {
  anthropic: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
  titan: 'amazon.titan-text-express-v1',
  nova: 'amazon.nova-micro-v1:0',
  llama: 'meta.llama3-8b-instruct-v1:0',
  cohere: 'cohere.command-r-v1:0',
  jamba: 'ai21.jamba-1-5-mini-v1:0',
  mistral: 'mistral.mistral-7b-instruct-v0:2',
  deepseek: 'deepseek.r1-v1:0',
  'gpt-oss': 'openai.gpt-oss-20b-1:0',
};

interface Capture {
  folder: string;
  name: string;
  model: string;
  converse: boolean;
  finalText: string;
  exceptions: boolean;
  body: Uint8Array;
}

function usableId(id: unknown, family: ModelFamily): string {
  if (typeof id !== 'string' || /\s/.test(id)) return FALLBACK[family];
  try {
    return detectFamily(id) === family ? id : FALLBACK[family];
  } catch {
    return FALLBACK[family];
  }
}

function captures(): Capture[] {
  const out: Capture[] = [];
  for (const [folder, kind] of Object.entries(FOLDERS)) {
    for (const file of readdirSync(join(ROOT, folder)).filter((f) => f.endsWith('.json')).sort()) {
      const side = JSON.parse(readFileSync(join(ROOT, folder, file), 'utf8'));
      if (typeof side.stream?.final_text !== 'string') continue;
      const converse = kind === 'converse';
      const id = side.request?.model_id;
      let model: string;
      if (converse) model = typeof id === 'string' && !/\s/.test(id) && id.includes('.') ? id : FALLBACK.anthropic;
      else model = usableId(id, kind as ModelFamily);
      out.push({
        folder,
        name: file.replace(/\.json$/, ''),
        model,
        converse,
        finalText: side.stream.final_text,
        exceptions: (side.stream.message_types?.exception ?? 0) > 0,
        body: new Uint8Array(readFileSync(join(ROOT, folder, side.file))),
      });
    }
  }
  return out;
}

/**
 * A request with num_generations > 1 streams several generations interleaved by `index`; the
 * sidecar's final_text concatenates them all, while an LLMResponse holds one content: the first.
 * Its text is read here with the official codec (smithy), independently of ours.
 */
function firstGenerationText(body: Uint8Array): string | undefined {
  let text = '';
  let multi = false;
  for (const m of smithyDecodeAll(body)) {
    const outer = JSON.parse(new TextDecoder().decode(m.payload)) as { bytes?: string };
    if (!outer.bytes) continue;
    const inner = JSON.parse(Buffer.from(outer.bytes, 'base64').toString('utf8')) as { index?: number; text?: string };
    if (typeof inner.index !== 'number') continue;
    if (inner.index > 0) multi = true;
    else text += inner.text ?? '';
  }
  return multi ? text : undefined;
}

const ALL = captures();
let emu: Emulator;
let provider: BedrockProvider;

beforeAll(async () => {
  emu = await startTestEmulator();
  provider = makeProvider(emu, { maxAttempts: 1 });
});
afterAll(async () => {
  await provider.close();
  await emu.close();
});

describe('recorded captures through generateStream', () => {
  it('covers every folder with a decodable family', () => {
    expect(new Set(ALL.map((c) => c.folder))).toEqual(new Set(Object.keys(FOLDERS)));
    expect(ALL.length).toBeGreaterThan(90);
  });

  it.each(ALL.map((c) => [`${c.folder}/${c.name}`, c] as const))('%s', async (_, c) => {
    emu.inject({ kind: 'replay', body: c.body });
    const s = await collect(provider.generateStream(ask(c.model), c.converse ? { api: 'converse' } : {}));
    if (c.exceptions) {
      // Recorded exception frame: the typed error, after the text before it was delivered.
      expect(s.error).toBeDefined();
      expect(s.text).toBe(c.finalText);
      expect(partialResponse(s.error)?.content ?? '').toBe(c.finalText);
      return;
    }
    expect(s.error).toBeUndefined();
    expect(s.finish).toBeDefined();
    const expected = c.folder === 'cohere-command' ? (firstGenerationText(c.body) ?? c.finalText) : c.finalText;
    expect(s.finish!.content).toBe(expected);
    expect(s.text).toBe(expected);
  });
});
