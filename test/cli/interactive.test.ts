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

  it('refused with one clear line: a model without vision, a document, an unknown type, a missing file', async () => {
    const png = join(dir, 'photo.png');
    writeFileSync(png, PNG);
    const pdf = join(dir, 'doc.pdf');
    writeFileSync(pdf, '%PDF-1.4');
    const cases: [string[], RegExp][] = [
      [['-m', 'amazon.nova-micro-v1:0', '-a', png], /amazon\.nova-micro-v1:0 does not take images/],
      [['-m', HAIKU, '-a', png], /claude-3-5-haiku-20241022-v1:0 does not take images/],
      [['-m', VISION, '-a', pdf], /documents \(\.pdf\) are not supported by this version yet/],
      [['-m', VISION, '-a', join(dir, 'x.zip')], /unknown file type "\.zip"/],
      [['-m', VISION, '-a', join(dir, 'missing.png')], /cannot read it \(ENOENT\)/],
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
