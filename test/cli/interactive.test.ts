// `bedrock-wire chat -i` and `-a`: on the real process, driven through its stdin, against the
// embedded emulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { cli, emuEnv, until } from './spawn.js';

const HAIKU = 'anthropic.claude-3-5-haiku-20241022-v1:0'; // text only
const VISION = 'anthropic.claude-3-haiku-20240307-v1:0';
let emu: Emulator;
let dir: string;
beforeAll(async () => {
  emu = await startEmulator();
  dir = mkdtempSync(join(tmpdir(), 'bw-cli-'));
});
afterAll(async () => {
  await emu.close();
});

const sent = (i = -1) => JSON.parse(new TextDecoder().decode(emu.requests.at(i)!.body));

describe('chat -i', () => {
  it('keeps the conversation across turns; /reset forgets it; /model switches; Ctrl-D ends with 0', async () => {
    const from = emu.requests.length;
    const r = await cli(['chat', '-i', '-m', HAIKU, '--max-tokens', '50'], {
      env: emuEnv(emu),
      input: 'first question\nsecond question\n/reset\nafter reset\n/model amazon.nova-micro-v1:0\non nova\n/bogus\n',
    });
    expect(r.code).toBe(0);
    const reqs = emu.requests.slice(from);
    expect(reqs).toHaveLength(4);
    const bodies = reqs.map((q) => JSON.parse(new TextDecoder().decode(q.body)));
    // turn 2 carries turn 1 and its reply
    expect(bodies[1].messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(bodies[1].messages[0].content[0].text).toBe('first question');
    expect(bodies[1].messages[1].content[0].text).toMatch(/^You said: first question/);
    expect(bodies[1].messages[2].content[0].text).toBe('second question');
    // after /reset: only the new turn
    expect(bodies[2].messages).toHaveLength(1);
    expect(bodies[2].messages[0].content[0].text).toBe('after reset');
    // /model: the next turn goes to Nova, with the history kept
    expect(reqs[3].modelId).toBe('amazon.nova-micro-v1:0');
    expect(bodies[3].messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant', 'user']);
    // replies streamed to stdout, one per turn; the session's chatter on stderr
    expect(r.stdout.match(/You said:/g)).toHaveLength(4);
    expect(reqs.every((q) => q.operation === 'invoke-with-response-stream')).toBe(true);
    expect(r.stderr).toContain('(conversation cleared)');
    expect(r.stderr).toContain('(model: amazon.nova-micro-v1:0)');
    expect(r.stderr).toContain('unknown command /bogus');
  });

  it('Ctrl-C stops the current reply, not the session; the next turn is answered', async () => {
    const from = emu.requests.length;
    emu.inject({ kind: 'delay', perChunkMs: 100 }, { operation: 'invoke-with-response-stream' });
    let stage = 0;
    const r = await cli(['chat', '-i', '-m', HAIKU, '--max-tokens', '2000'], {
      env: emuEnv(emu),
      keepStdin: true,
      drive(child, out) {
        child.stdin.write('tell me a long story\n');
        void (async () => {
          await until(() => out.stdout.length > 0); // the reply is streaming
          child.kill('SIGINT');
          await until(() => out.stderr.includes('[reply stopped]'));
          stage = 1;
          child.stdin.write('and now briefly\n');
          await until(() => /You said: and now briefly/.test(out.stdout));
          child.stdin.end();
        })();
      },
    });
    expect(stage).toBe(1);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const reqs = emu.requests.slice(from);
    expect(reqs).toHaveLength(2);
    // the stopped reply's text so far stays in the history
    const second = sent();
    expect(second.messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(second.messages[1].content[0].text).toMatch(/^You said:/);
  });

  it('Ctrl-C at the prompt ends the session with 130', async () => {
    const r = await cli(['chat', '-i', '-m', HAIKU], {
      env: emuEnv(emu),
      keepStdin: true,
      drive(child, out) {
        void until(() => out.stderr.includes('> ')).then(() => child.kill('SIGINT'));
      },
    });
    expect(r.code).toBe(130);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('chat -a', () => {
  const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

  it('an image goes to a vision model with the prompt', async () => {
    const file = join(dir, 'photo.png');
    writeFileSync(file, PNG);
    const r = await cli(['chat', '-m', 'anthropic.claude-3-haiku-20240307-v1:0', '-a', file, 'what is this?'], { env: emuEnv(emu) });
    expect(r.code).toBe(0);
    const content = sent().messages[0].content;
    expect(content[0]).toEqual({ type: 'text', text: 'what is this?' });
    expect(content[1]).toEqual({ type: 'image', source: { type: 'base64', media_type: 'image/png', data: Buffer.from(PNG).toString('base64') } });
  });

  it('refused with one clear line: a model without vision or documents, an unknown type, a missing file, over the limits', async () => {
    const png = join(dir, 'photo.png');
    writeFileSync(png, PNG);
    const pdf = join(dir, 'doc.pdf');
    writeFileSync(pdf, '%PDF-1.4');
    const big = join(dir, 'big.pdf');
    writeFileSync(big, new Uint8Array(4.5 * 1024 * 1024 + 1));
    const cases: [string[], RegExp][] = [
      [['-m', 'amazon.nova-micro-v1:0', '-a', png], /amazon\.nova-micro-v1:0 does not take images/],
      [['-m', HAIKU, '-a', png], /claude-3-5-haiku-20241022-v1:0 does not take images/],
      // AWS's table: Nova Micro and Titan Text Premier have no document chat.
      [['-m', 'amazon.nova-micro-v1:0', '-a', pdf], /-a \S*doc\.pdf: amazon\.nova-micro-v1:0 does not take documents; pick a model with "documents"/],
      [['-m', 'amazon.titan-text-premier-v1:0', '-a', pdf], /-a \S*doc\.pdf: amazon\.titan-text-premier-v1:0 does not take documents/],
      [['-m', VISION, '-a', big], /-a \S*big\.pdf: 4\.5 MB is over Bedrock's 4\.5 MB limit for a document/],
      [['-m', VISION, ...Array.from({ length: 6 }, () => ['-a', pdf]).flat()], /-a \S*doc\.pdf: at most 5 documents go with one message/],
      [['-m', VISION, '-a', join(dir, 'x.zip')], /unknown file type "\.zip"; images: .*; documents: \.pdf .*\.md/],
      [['-m', VISION, '-a', join(dir, 'missing.png')], /cannot read it \(ENOENT\)/],
      [['-m', VISION, '-a', join(dir, 'missing.pdf')], /missing\.pdf: cannot read it \(ENOENT\)/],
    ];
    const from = emu.requests.length;
    for (const [argv, re] of cases) {
      const r = await cli(['chat', ...argv, 'hi'], { env: emuEnv(emu) });
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(re);
    }
    expect(emu.requests.length).toBe(from); // nothing was sent
  });
});

describe('chat -a with documents', () => {
  const PDF = new TextEncoder().encode('%PDF-1.4 a tiny report');
  const CSV = 'city,temp\nParis,21\n';
  const b64 = (b: Uint8Array | string) => Buffer.from(b).toString('base64');

  it('a PDF to Claude: the Anthropic body\'s own document block (base64 application/pdf), titled from the file name', async () => {
    const file = join(dir, 'my_report.v2 (final).pdf');
    writeFileSync(file, PDF);
    const r = await cli(['chat', '-m', HAIKU, '-a', file, 'summarize this'], { env: emuEnv(emu) });
    expect(r.code, r.stderr).toBe(0);
    expect(emu.requests.at(-1)!.operation).toBe('invoke-with-response-stream');
    const content = sent().messages[0].content;
    expect(content[0]).toEqual({ type: 'text', text: 'summarize this' });
    // Converse's name rules (letters, digits, single spaces, hyphens, parentheses, brackets) applied to the title too.
    expect(content[1]).toEqual({ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: b64(PDF) }, title: 'my report v2 (final)' });
  });

  it('a CSV to Claude, a DOCX to Llama: Converse document blocks with the format and a sanitised name', async () => {
    const csv = join(dir, 'temps_2024.csv');
    writeFileSync(csv, CSV);
    let r = await cli(['chat', '-m', HAIKU, '-a', csv, 'hottest city?'], { env: emuEnv(emu) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^You said: hottest city\?/);
    expect(emu.requests.at(-1)!.operation).toBe('converse-stream');
    expect(sent().messages[0].content).toEqual([{ text: 'hottest city?' }, { document: { format: 'csv', name: 'temps 2024', source: { bytes: b64(CSV) } } }]);

    const docx = join(dir, 'Q3: plan*.docx');
    writeFileSync(docx, PDF);
    r = await cli(['chat', '-m', 'meta.llama3-1-8b-instruct-v1:0', '-a', docx, 'key points?'], { env: emuEnv(emu) });
    expect(r.code, r.stderr).toBe(0);
    expect(emu.requests.at(-1)!.operation).toBe('converse-stream');
    expect(sent().messages[0].content[1]).toEqual({ document: { format: 'docx', name: 'Q3 plan', source: { bytes: b64(PDF) } } });
  });

  it('a document to Nova Lite: its own messages-v1 body carries the document block', async () => {
    const file = join(dir, 'notes.md');
    writeFileSync(file, '# Notes\n');
    const r = await cli(['chat', '-m', 'amazon.nova-lite-v1:0', '-a', file, 'read this'], { env: emuEnv(emu) });
    expect(r.code, r.stderr).toBe(0);
    expect(emu.requests.at(-1)!.operation).toBe('invoke-with-response-stream');
    expect(sent().messages[0].content[1]).toEqual({ document: { format: 'md', name: 'notes', source: { bytes: b64('# Notes\n') } } });
  });

  it('interactive: -a and /attach documents; a document in the history keeps later turns on Converse', async () => {
    const csv = join(dir, 'temps.csv');
    writeFileSync(csv, CSV);
    const pdf = join(dir, 'report.pdf');
    writeFileSync(pdf, PDF);
    const from = emu.requests.length;
    const r = await cli(['chat', '-i', '-m', HAIKU, '-a', pdf], {
      env: emuEnv(emu),
      input: `first, the pdf\n/attach ${csv}\nnow the csv\nand a follow-up\n/attach ${join(dir, 'photo.png')}\n`,
    });
    expect(r.code, r.stderr).toBe(0);
    const reqs = emu.requests.slice(from);
    expect(reqs.map((q) => q.operation)).toEqual(['invoke-with-response-stream', 'converse-stream', 'converse-stream']);
    const bodies = reqs.map((q) => JSON.parse(new TextDecoder().decode(q.body)));
    expect(bodies[0].messages[0].content[1]).toMatchObject({ type: 'document', title: 'report', source: { media_type: 'application/pdf' } });
    // turn 2: the PDF of turn 1 (now a Converse block) and the CSV attached with /attach
    expect(bodies[1].messages[0].content[1]).toEqual({ document: { format: 'pdf', name: 'report', source: { bytes: b64(PDF) } } });
    expect(bodies[1].messages[2].content).toEqual([{ text: 'now the csv' }, { document: { format: 'csv', name: 'temps', source: { bytes: b64(CSV) } } }]);
    expect(bodies[2].messages).toHaveLength(5);
    expect(r.stderr).toContain(`(attached ${csv} to the next message)`);
    // /attach refused for this model: one line, the session goes on
    expect(r.stderr).toMatch(/bedrock-wire: -a \S*photo\.png: anthropic\.claude-3-5-haiku-20241022-v1:0 does not take images/);
  });
});
