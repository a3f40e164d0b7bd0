// The catalog's capabilities hold on the Converse path before anything is sent: a model the catalog
// knows cannot take tools or images it lacks (the InvokeModel codecs refuse them the same way);
// models that can take them still reach the service, and ids the catalog does not know pass
// through (the service decides). Llama 3.2 vision takes images on the default API (through Converse).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LLMRequest } from '../../src/codecs/index.js';
import type { Emulator } from '../../src/emulator/index.js';
import { ValidationError } from '../../src/errors.js';
import type { BedrockProvider } from '../../src/provider/index.js';
import { collect, lastBody, makeProvider, startTestEmulator } from './harness.js';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
const WEATHER = { name: 'get_weather', description: 'Weather for a city', inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };
const withTools = (model: string): LLMRequest => ({ model, tools: [WEATHER], messages: [{ role: 'user', content: 'What is the weather in Paris?' }], maxTokens: 200 });
const withImage = (model: string): LLMRequest => ({
  model,
  messages: [{ role: 'user', content: [{ type: 'text', text: 'What is in this picture?' }, { type: 'image', mediaType: 'image/png', data: PNG }] }],
  maxTokens: 200,
});

let emu: Emulator;
let p: BedrockProvider;
beforeAll(async () => {
  emu = await startTestEmulator();
  p = makeProvider(emu, { api: 'converse' });
});
afterAll(async () => {
  await p.close();
  await emu.close();
});

/** The call is refused with a ValidationError matching `message`, by generate and by generateStream, and nothing reaches the emulator. */
async function refusedUnsent(request: LLMRequest, message: RegExp): Promise<void> {
  const before = emu.requests.length;
  const e1 = await p.generate(request).catch((e: unknown) => e);
  expect(e1, request.model).toBeInstanceOf(ValidationError);
  expect((e1 as Error).message, request.model).toMatch(message);
  const s = await collect(p.generateStream(request));
  expect(s.error, request.model).toBeInstanceOf(ValidationError);
  expect((s.error as Error).message).toMatch(message);
  expect(s.chunks).toEqual([]);
  expect(emu.requests.length, `${request.model}: nothing sent`).toBe(before);
}

describe('Converse: what the catalog says a model cannot take is refused before anything is sent', () => {
  const NO_TOOLS = [
    'amazon.titan-text-express-v1', // Titan Text
    'meta.llama3-8b-instruct-v1:0', // Llama 3 8B
    'anthropic.claude-v2:1', // Claude 2
    'mistral.mistral-7b-instruct-v0:2', // Mistral 7B
    'cohere.command-text-v14', // Cohere Command (text)
    'us.deepseek.r1-v1:0',
  ];
  for (const model of NO_TOOLS) {
    it(`tools to ${model}`, () => refusedUnsent(withTools(model), /^request\.tools: .* does not take tools/));
  }

  const NO_VISION = [
    'us.amazon.nova-micro-v1:0', // Nova Micro
    'ai21.jamba-1-5-large-v1:0', // Jamba
    'cohere.command-r-plus-v1:0', // Cohere
    'meta.llama3-1-70b-instruct-v1:0', // text-only Llama
    'us.meta.llama3-2-3b-instruct-v1:0',
    'anthropic.claude-3-5-haiku-20241022-v1:0',
  ];
  for (const model of NO_VISION) {
    it(`images to ${model}`, () => refusedUnsent(withImage(model), /^request\.messages\[0\]\.content\[1\]: .* does not take image input/));
  }

  it('tool calls and results in the history count as tools; an image inside a tool result as image input', async () => {
    await refusedUnsent(
      {
        model: 'amazon.titan-text-premier-v1:0',
        messages: [
          { role: 'user', content: 'Weather?' },
          { role: 'assistant', content: [{ type: 'tool-call', id: 't1', name: 'get_weather', arguments: { city: 'Paris' } }] },
          { role: 'tool', content: [{ type: 'tool-result', toolCallId: 't1', content: 'sunny' }] },
        ],
      },
      /^request\.messages\[1\]\.content\[0\]: Titan Text Premier .* does not take tools/,
    );
    await refusedUnsent(
      {
        model: 'cohere.command-r-v1:0',
        tools: [WEATHER],
        messages: [
          { role: 'user', content: 'Weather?' },
          { role: 'assistant', content: [{ type: 'tool-call', id: 't1', name: 'get_weather', arguments: { city: 'Paris' } }] },
          { role: 'tool', content: [{ type: 'tool-result', toolCallId: 't1', content: [{ type: 'image', mediaType: 'image/png', data: PNG }] }] },
        ],
      },
      /^request\.messages\[2\]\.content\[0\]\.content\[0\]: .* does not take image input/,
    );
  });

  it('documents to the models without document chat (Nova Micro, Titan Text Premier)', async () => {
    const doc = (model: string): LLMRequest => ({
      model,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Summarise' }, { type: 'document', format: 'txt', name: 'notes', data: new TextEncoder().encode('Paris is in France.') }] }],
    });
    await refusedUnsent(doc('us.amazon.nova-micro-v1:0'), /^request\.messages\[0\]\.content\[1\]: Nova Micro .* does not take document input/);
    await refusedUnsent(doc('amazon.titan-text-premier-v1:0'), /^request\.messages\[0\]\.content\[1\]: Titan Text Premier .* does not take document input/);
    await p.generate(doc('us.amazon.nova-lite-v1:0'));
    expect(emu.requests.at(-1)!.path).toBe(`/model/${encodeURIComponent('us.amazon.nova-lite-v1:0')}/converse`);
  });

  it('video only to Nova models with vision; an embedding model is not a text model', async () => {
    const video = (model: string): LLMRequest => ({ model, messages: [{ role: 'user', content: [{ type: 'video', format: 'mp4', data: { uri: 's3://b/v.mp4' } }, { type: 'text', text: 'What happens?' }] }] });
    await refusedUnsent(video('us.amazon.nova-micro-v1:0'), /content\[0\]: .* does not take video input/);
    await refusedUnsent(video('us.anthropic.claude-sonnet-4-20250514-v1:0'), /content\[0\]: .* does not take video input/);
    await refusedUnsent({ model: 'amazon.titan-embed-text-v2:0', messages: [{ role: 'user', content: 'hi' }] }, /^request\.model: .* is an? embedding model/);
  });

  it('on the default API (InvokeModel) the same requests are refused too, unsent: by the family codec, or (Llama images) by the same check on the way to Converse', async () => {
    const invoke = makeProvider(emu);
    try {
      for (const r of [withTools('amazon.titan-text-express-v1'), withTools('mistral.mistral-7b-instruct-v0:2'), withImage('cohere.command-r-plus-v1:0'), withImage('meta.llama3-1-70b-instruct-v1:0')]) {
        const before = emu.requests.length;
        await expect(invoke.generate(r), r.model).rejects.toBeInstanceOf(ValidationError);
        expect(emu.requests.length).toBe(before);
      }
    } finally {
      await invoke.close();
    }
  });
});

describe('models that can take them still reach the service; unknown ids pass through', () => {
  it('tools to Claude 3 Haiku, Nova Micro, Llama 3.1, Llama 3.2 90B, Command R, Mistral Large; images to Claude 3 Haiku, Nova Lite, Llama 3.2 11B/90B', async () => {
    const cases: LLMRequest[] = [
      withTools('anthropic.claude-3-haiku-20240307-v1:0'),
      withTools('us.amazon.nova-micro-v1:0'),
      withTools('meta.llama3-1-8b-instruct-v1:0'),
      withTools('us.meta.llama3-2-90b-instruct-v1:0'),
      withTools('cohere.command-r-v1:0'),
      withTools('mistral.mistral-large-2407-v1:0'),
      withImage('anthropic.claude-3-haiku-20240307-v1:0'),
      withImage('us.amazon.nova-lite-v1:0'),
      withImage('us.meta.llama3-2-11b-instruct-v1:0'),
      withImage('us.meta.llama3-2-90b-instruct-v1:0'),
    ];
    for (const r of cases) {
      const res = await p.generate(r);
      expect(emu.requests.at(-1)!.path, r.model).toBe(`/model/${encodeURIComponent(r.model!)}/converse`);
      if (r.tools) expect(res.finishReason, r.model).toBe('tool_calls');
      else expect(res.content.length, r.model).toBeGreaterThan(0);
    }
  });

  it('ids the catalog does not know are sent as they are (the service decides)', async () => {
    for (const r of [withTools('qwen.qwen3-32b-v1:0'), withImage('google.gemma-3-27b-it'), withImage('us.meta.llama4-maverick-17b-instruct-v1:0')]) {
      await p.generate(r);
      expect(emu.requests.at(-1)!.path, r.model).toBe(`/model/${encodeURIComponent(r.model!)}/converse`);
    }
  });
});

describe('Llama 3.2 vision on the default API', () => {
  it('an image to Llama 3.2 11B/90B goes through Converse as an image block; text alone stays on InvokeModel', async () => {
    const invoke = makeProvider(emu);
    try {
      for (const model of ['us.meta.llama3-2-11b-instruct-v1:0', 'meta.llama3-2-90b-instruct-v1:0']) {
        const res = await invoke.generate(withImage(model));
        const req = emu.requests.at(-1)!;
        // A profile-only model called by its bare id gets the region's prefix.
        expect(req.path).toBe(`/model/${encodeURIComponent(model.startsWith('us.') ? model : `us.${model}`)}/converse`);
        expect((lastBody(emu).messages as Array<{ content: unknown[] }>)[0].content[1]).toEqual({ image: { format: 'png', source: { bytes: Buffer.from(PNG).toString('base64') } } });
        expect(res.content.length).toBeGreaterThan(0);
        const streamed = await collect(invoke.generateStream(withImage(model)));
        expect(streamed.error).toBeUndefined();
        expect(emu.requests.at(-1)!.path).toMatch(/\/converse-stream$/);
        await invoke.generate({ model, messages: [{ role: 'user', content: 'hi' }], maxTokens: 20 });
        expect(emu.requests.at(-1)!.path).toMatch(/\/invoke$/);
      }
    } finally {
      await invoke.close();
    }
  });
});

describe('tools while streaming: AWS\'s "Streaming tool use" column, the same in the catalog and the emulator', () => {
  it('Llama 3.1 / 3.2 / 3.3 and Mistral Large 2 take tools but do not stream them: generateStream with tools is refused unsent (naming request.tools, pointing at generate()), on both APIs', async () => {
    const invoke = makeProvider(emu);
    try {
      for (const provider of [p, invoke]) {
        for (const model of ['meta.llama3-1-70b-instruct-v1:0', 'us.meta.llama3-2-90b-instruct-v1:0', 'us.meta.llama3-3-70b-instruct-v1:0', 'mistral.mistral-large-2407-v1:0']) {
          const before = emu.requests.length;
          const s = await collect(provider.generateStream(withTools(model)));
          expect(s.error, model).toBeInstanceOf(ValidationError);
          expect((s.error as Error).message, model).toMatch(/^request\.tools: .* does not call tools while streaming .*use generate\(\)/);
          expect(s.chunks).toEqual([]);
          expect(emu.requests.length, `${model}: nothing sent`).toBe(before);
          // toolChoice alone asks for tools too.
          const c = await collect(provider.generateStream({ ...withTools(model), toolChoice: 'auto' }));
          expect((c.error as Error).message).toMatch(/^request\.tools: /);
          // generate() with the same request is sent, and streaming without tools is too.
          expect((await provider.generate(withTools(model))).finishReason, model).toBe('tool_calls');
          const plain = await collect(provider.generateStream({ model, messages: [{ role: 'user', content: 'hi' }], maxTokens: 20 }));
          expect(plain.error, model).toBeUndefined();
        }
      }
    } finally {
      await invoke.close();
    }
  });

  it('Jamba 1.5 Large/Mini, Command R / R+, Nova Micro and Claude 3 Haiku stream tool calls (both APIs), and the emulator serves them', async () => {
    const invoke = makeProvider(emu);
    try {
      for (const provider of [p, invoke]) {
        for (const model of ['ai21.jamba-1-5-large-v1:0', 'ai21.jamba-1-5-mini-v1:0', 'cohere.command-r-v1:0', 'cohere.command-r-plus-v1:0', 'us.amazon.nova-micro-v1:0', 'anthropic.claude-3-haiku-20240307-v1:0']) {
          const s = await collect(provider.generateStream(withTools(model)));
          expect(s.error, model).toBeUndefined();
          expect(s.chunks.some((c) => c.type === 'tool-call-end'), model).toBe(true);
        }
      }
    } finally {
      await invoke.close();
    }
  });

  it('the emulator refuses a ConverseStream with tools for the models the catalog lists without streaming tool use', async () => {
    const direct = makeProvider(emu, { api: 'converse' });
    try {
      // Past the provider's check: the body straight to the runtime.
      const body = { messages: [{ role: 'user', content: [{ text: 'Weather in Paris?' }] }], toolConfig: { tools: [{ toolSpec: { name: 'get_weather', inputSchema: { json: WEATHER.inputSchema } } }] } };
      for (const modelId of ['meta.llama3-1-70b-instruct-v1:0', 'mistral.mistral-large-2407-v1:0']) {
        const events: unknown[] = [];
        const err = await (async () => {
          for await (const e of direct.runtime.converseStream({ modelId, ...body } as never)) events.push(e);
        })().catch((e: unknown) => e);
        expect(err, modelId).toBeInstanceOf(ValidationError);
        expect((err as Error).message).toContain("This model doesn't support tool use in streaming mode.");
      }
    } finally {
      await direct.close();
    }
  });
});
