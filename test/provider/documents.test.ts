// Documents and images in the library, before anything is sent (issue 10 follow-up, w11):
// - Converse's document name rule and Bedrock's per-message limits (5 documents of 4.5 MB, 20 images
//   of 3.75 MB) are a ValidationError naming the field, on every API path; the limits are options.
// - Anthropic's own body takes PDFs (base64) and plain text (a text source); other formats and S3
//   documents to Claude go through Converse, as any document to a family whose body has none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCodec } from '../../src/codecs/index.js';
import type { ContentPart, LLMRequest, Message } from '../../src/codecs/index.js';
import type { Emulator } from '../../src/emulator/index.js';
import { ValidationError } from '../../src/errors.js';
import { resolveConfig } from '../../src/provider/config-file.js';
import type { BedrockProvider } from '../../src/provider/index.js';
import { collect, lastBody, makeProvider, startTestEmulator } from './harness.js';

const utf8 = new TextEncoder();
const doc = (name: string, data: Uint8Array | string | { text: string } | { uri: string } = utf8.encode('Paris is in France.'), format: 'txt' | 'pdf' | 'csv' | 'md' | 'docx' = 'txt'): ContentPart =>
  ({ type: 'document', format, name, data }) as ContentPart;
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
const image = (data: Uint8Array | string = PNG): ContentPart => ({ type: 'image', mediaType: 'image/png', data });
const ask: ContentPart = { type: 'text', text: 'What does it say?' };
/** Three messages; the parts go in the last one, after the question. */
const thirdMessage = (model: string, parts: ContentPart[]): LLMRequest => ({
  model,
  maxTokens: 50,
  messages: [
    { role: 'user', content: 'Hello' },
    { role: 'assistant', content: 'Hi, send me something.' },
    { role: 'user', content: [ask, ...parts] },
  ] as Message[],
});

let emu: Emulator;
let invoke: BedrockProvider;
let converse: BedrockProvider;
beforeAll(async () => {
  emu = await startTestEmulator();
  invoke = makeProvider(emu);
  converse = makeProvider(emu, { api: 'converse' });
});
afterAll(async () => {
  await invoke.close();
  await converse.close();
  await emu.close();
});

/** Refused with `message` by generate and generateStream, on both APIs, nothing sent. */
async function refusedEverywhere(request: LLMRequest, message: RegExp, providers = [invoke, converse]): Promise<void> {
  const before = emu.requests.length;
  for (const p of providers) {
    const e = await p.generate(request).catch((x: unknown) => x);
    expect(e, request.model).toBeInstanceOf(ValidationError);
    expect((e as Error).message).toMatch(message);
    const s = await collect(p.generateStream(request));
    expect(s.error).toBeInstanceOf(ValidationError);
    expect((s.error as Error).message).toMatch(message);
  }
  expect(emu.requests.length, 'nothing sent').toBe(before);
}

// Claude (its own body and Converse), Nova Lite (its own body), Llama (Converse): every path.
const MODELS = ['anthropic.claude-3-haiku-20240307-v1:0', 'amazon.nova-lite-v1:0', 'meta.llama3-1-8b-instruct-v1:0'];

describe('document names: refused with what is allowed, naming the field', () => {
  const BAD = ['report.pdf', 'two  spaces', 'résumé', 'tab\there', 'John\'s report', 'invoice #123', '', 'x'.repeat(201), 'テスト\u3000資料'];
  for (const name of BAD) {
    it(JSON.stringify(name.length > 20 ? `${name.slice(0, 20)}…` : name), async () => {
      for (const model of MODELS) {
        await refusedEverywhere(
          thirdMessage(model, [doc(name)]),
          /^request\.messages\[2\]\.content\[1\]\.name: .* is not a document name Bedrock accepts: 1-200 characters of letters A-Z a-z, digits, single spaces, hyphens, underscores, parentheses and square brackets/,
        );
      }
    });
  }

  it('inside a tool result too', async () => {
    const request: LLMRequest = {
      model: MODELS[0],
      tools: [{ name: 'get_file', inputSchema: { type: 'object' } }],
      messages: [
        { role: 'user', content: 'Get the file' },
        { role: 'assistant', content: [{ type: 'tool-call', id: 't1', name: 'get_file', arguments: {} }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 't1', content: [doc('notes.txt')] }] },
      ],
    };
    await refusedEverywhere(request, /^request\.messages\[2\]\.content\[0\]\.content\[0\]\.name: "notes\.txt" is not a document name/);
  });

  it('names Bedrock takes are sent as they are', async () => {
    for (const name of ['Q3 report (final) [v2]', 'my_report-2', ' padded ', 'x'.repeat(200)]) {
      await converse.generate(thirdMessage('amazon.nova-lite-v1:0', [doc(name)]));
      expect((lastBody(emu).messages as Array<{ content: Array<{ document?: { name: string } }> }>)[2].content[1].document?.name).toBe(name);
    }
  });
});

describe("Bedrock's per-message limits, with options", () => {
  const big = (n: number) => new Uint8Array(n);
  const MB = 2 ** 20;

  it('a 6th document in one message; a document over 4.5 MB (bytes, base64 text, { text })', async () => {
    const six = Array.from({ length: 6 }, (_, i) => doc(`doc ${i}`));
    for (const model of MODELS) {
      await refusedEverywhere(thirdMessage(model, six), /^request\.messages\[2\]\.content\[6\]: more than 5 documents in one message \(Bedrock's limit; contentLimits\.documents\)/);
      await refusedEverywhere(thirdMessage(model, [doc('big', big(4.5 * MB + 1))]), /^request\.messages\[2\]\.content\[1\]\.data: 4\.5 MB is over Bedrock's 4\.5 MB for a document \(contentLimits\.documentBytes\)/);
    }
    await refusedEverywhere(thirdMessage(MODELS[1], [doc('big', Buffer.from(big(4.5 * MB + 3)).toString('base64'))]), /content\[1\]\.data: .* is over Bedrock's 4\.5 MB for a document/);
    await refusedEverywhere(thirdMessage(MODELS[1], [doc('big', { text: 'é'.repeat(2.25 * MB + 1) })]), /content\[1\]\.data: .* is over Bedrock's 4\.5 MB for a document/);
  });

  it('a 21st image; an image over 3.75 MB; images inside a tool result count', async () => {
    const model = 'anthropic.claude-3-haiku-20240307-v1:0';
    await refusedEverywhere(thirdMessage(model, Array.from({ length: 21 }, () => image())), /^request\.messages\[2\]\.content\[21\]: more than 20 images in one message/);
    await refusedEverywhere(thirdMessage(model, [image(big(3.75 * MB + 1))]), /^request\.messages\[2\]\.content\[1\]\.data: 3\.75 MB is over Bedrock's 3\.75 MB for an image \(contentLimits\.imageBytes\)/);
    const request: LLMRequest = {
      model,
      tools: [{ name: 'shots', inputSchema: { type: 'object' } }],
      messages: [
        { role: 'user', content: 'Screenshots please' },
        { role: 'assistant', content: [{ type: 'tool-call', id: 't1', name: 'shots', arguments: {} }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 't1', content: Array.from({ length: 20 }, () => image()) }, image()] },
      ],
    };
    await refusedEverywhere(request, /^request\.messages\[2\]\.content\[1\]: more than 20 images in one message/);
  });

  it('at the limits, and per message: 5 documents in each of two messages, 20 images, 4.5 MB exactly, are sent', async () => {
    const five = Array.from({ length: 5 }, (_, i) => doc(`doc ${i}`));
    const request: LLMRequest = { ...thirdMessage('amazon.nova-lite-v1:0', five) };
    request.messages[0] = { role: 'user', content: [ask, ...five] };
    await converse.generate(request);
    await invoke.generate(thirdMessage('anthropic.claude-3-haiku-20240307-v1:0', Array.from({ length: 20 }, () => image())));
    await converse.generate(thirdMessage('amazon.nova-lite-v1:0', [doc('exact', big(4.5 * MB))]));
    expect(emu.requests.at(-1)!.path).toMatch(/\/converse$/);
  });

  it('contentLimits raises or lowers each limit (config and YAML), AWS limits stay the default', async () => {
    const roomy = makeProvider(emu, { api: 'converse', contentLimits: { documents: 6, documentBytes: 5 * MB } });
    const tight = makeProvider(emu, { contentLimits: { images: 1, imageBytes: 12 } });
    try {
      await roomy.generate(thirdMessage('amazon.nova-lite-v1:0', Array.from({ length: 6 }, (_, i) => doc(`doc ${i}`))));
      await roomy.generate(thirdMessage('amazon.nova-lite-v1:0', [doc('big', big(4.5 * MB + 1))]));
      const before = emu.requests.length;
      await expect(tight.generate(thirdMessage('anthropic.claude-3-haiku-20240307-v1:0', [image(), image()]))).rejects.toThrow(/content\[2\]: more than 1 images/);
      await expect(tight.generate(thirdMessage('anthropic.claude-3-haiku-20240307-v1:0', [image(big(13))]))).rejects.toThrow(/content\[1\]\.data: .* is over Bedrock's .* for an image \(contentLimits\.imageBytes\)/);
      expect(emu.requests.length).toBe(before);
    } finally {
      await roomy.close();
      await tight.close();
    }
    const c = resolveConfig({ region: 'us-east-1', content_limits: { documents: 10, document_bytes: 1000, images: 2, image_bytes: 5 } }, { env: {} });
    expect(c.contentLimits).toEqual({ documents: 10, documentBytes: 1000, images: 2, imageBytes: 5 });
    expect(() => resolveConfig({ region: 'us-east-1', content_limits: { pages: 3 } }, { env: {} })).toThrow(/content_limits\.pages: unknown field/);
    expect(() => makeProvider(emu, { contentLimits: { documents: 0 } })).toThrow(/contentLimits\.documents: expected a positive integer, got 0/);
  });
});

describe("Anthropic's body: PDFs as base64, plain text as a text source; the rest through Converse", () => {
  it('the codec: txt / md bytes and base64 become a text source (UTF-8), { text } too; a PDF stays base64', () => {
    const body = getCodec('anthropic').encodeRequest({
      model: 'anthropic.claude-3-haiku-20240307-v1:0',
      messages: [
        {
          role: 'user',
          content: [
            doc('notes', utf8.encode('Paris – capital')),
            doc('readme', Buffer.from('# Title\nbody').toString('base64'), 'md'),
            doc('plain', { text: 'given as text' }),
            doc('report', Uint8Array.from([37, 80, 68, 70]), 'pdf'),
            ask,
          ],
        },
      ],
    }, { modelId: 'anthropic.claude-3-haiku-20240307-v1:0', stream: false }) as unknown as { messages: Array<{ content: unknown[] }> };
    expect(body.messages[0].content.slice(0, 4)).toEqual([
      { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'Paris – capital' }, title: 'notes' },
      { type: 'document', source: { type: 'text', media_type: 'text/plain', data: '# Title\nbody' }, title: 'readme' },
      { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'given as text' }, title: 'plain' },
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERg==' }, title: 'report' },
    ]);
  });

  it('txt and pdf to Claude stay on InvokeModel (the emulator takes the text source); csv and docx go through Converse, an S3 PDF is refused unsent (in a tool result it goes); generate and stream', async () => {
    const claude = 'anthropic.claude-3-haiku-20240307-v1:0';
    for (const stream of [false, true]) {
      const run = (r: LLMRequest) => (stream ? collect(invoke.generateStream(r)).then((s) => expect(s.error).toBeUndefined()) : invoke.generate(r));
      await run(thirdMessage(claude, [doc('notes'), doc('report', Uint8Array.from([37, 80, 68, 70]), 'pdf')]));
      expect(emu.requests.at(-1)!.path).toMatch(/\/invoke(-with-response-stream)?$/);
      expect((lastBody(emu).messages as Array<{ content: Array<{ source?: unknown }> }>)[2].content[1].source).toEqual({ type: 'text', media_type: 'text/plain', data: 'Paris is in France.' });
      for (const part of [doc('sheet', utf8.encode('a,b\n1,2'), 'csv'), doc('letter', Uint8Array.from([80, 75, 3, 4]), 'docx')]) {
        await run(thirdMessage(claude, [doc('notes'), part]));
        expect(emu.requests.at(-1)!.path).toMatch(/\/converse(-stream)?$/);
        const sent = (lastBody(emu).messages as Array<{ content: Array<{ document?: { format: string } }> }>)[2].content;
        expect(sent.map((b) => b.document?.format)).toEqual([undefined, 'txt', (part as { format: string }).format]);
      }
    }
    // An S3 document: Anthropic's body has no S3 source, and Converse reads none for Claude in a
    // message (recorded 400): refused unsent. Inside a tool result Converse takes it (recorded 200).
    await refusedEverywhere(
      thirdMessage(claude, [doc('report', { uri: 's3://bucket/report.pdf' }, 'pdf')]),
      /^request\.messages\[2\]\.content\[1\]\.data: Claude 3 Haiku .* does not read media from S3 .*Nova only/,
    );
    await refusedEverywhere(thirdMessage('meta.llama3-1-8b-instruct-v1:0', [doc('report', { uri: 's3://bucket/report.pdf' }, 'pdf')]), /does not read media from S3/);
    await invoke.generate({
      model: claude,
      tools: [{ name: 'get_file', inputSchema: { type: 'object' } }],
      messages: [
        { role: 'user', content: 'Get the file' },
        { role: 'assistant', content: [{ type: 'tool-call', id: 't1', name: 'get_file', arguments: {} }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 't1', content: [doc('report', { uri: 's3://bucket/report.pdf' }, 'pdf')] }] },
      ],
    });
    expect(emu.requests.at(-1)!.path).toMatch(/\/converse$/);
    await invoke.generate(thirdMessage('amazon.nova-lite-v1:0', [doc('report', { uri: 's3://bucket/report.pdf' }, 'pdf')]));
  });

  it('legacy Claude (text completions) and families whose body has no document field send documents through Converse', async () => {
    for (const model of ['anthropic.claude-v2:1', 'meta.llama3-1-8b-instruct-v1:0', 'mistral.mistral-large-2407-v1:0', 'cohere.command-r-v1:0', 'ai21.jamba-1-5-mini-v1:0']) {
      const r = await invoke.generate(thirdMessage(model, [doc('notes')]));
      expect(emu.requests.at(-1)!.path, model).toMatch(/\/converse$/);
      expect(r.content.length).toBeGreaterThan(0);
    }
    // Without documents the same models stay on their own body.
    await invoke.generate({ model: 'meta.llama3-1-8b-instruct-v1:0', messages: [{ role: 'user', content: 'hi' }], maxTokens: 20 });
    expect(emu.requests.at(-1)!.path).toMatch(/\/invoke$/);
  });

  it('a model without document chat is refused on InvokeModel too (Nova Micro in its own body, Titan Text Premier)', async () => {
    await refusedEverywhere(thirdMessage('us.amazon.nova-micro-v1:0', [doc('notes')]), /^request\.messages\[2\]\.content\[1\]: Nova Micro .* does not take document input/, [invoke]);
    await refusedEverywhere(thirdMessage('amazon.titan-text-premier-v1:0', [doc('notes')]), /^request\.messages\[2\]\.content\[1\]: Titan Text Premier .* does not take document input/, [invoke]);
  });
});
