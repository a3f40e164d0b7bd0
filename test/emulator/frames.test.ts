import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeEventStreamMessage, EventStreamDecoder } from '../../src/eventstream/index.js';
import { FrameTemplate, splitFrames } from '../../src/emulator/frames.js';
import { families, startEmulator } from '../../src/emulator/index.js';
import { resolveModel } from '../../src/emulator/model.js';

describe('FrameTemplate', () => {
  it('builds the same bytes as the eventstream encoder, for ASCII and UTF-8 payloads', () => {
    const headers = { ':event-type': { type: 'string' as const, value: 'chunk' }, ':message-type': { type: 'string' as const, value: 'event' } };
    const t = new FrameTemplate(headers);
    for (const text of ['', '{"a":1}', 'héllo ✓ 日本', 'x'.repeat(70_000)]) {
      const payload = new TextEncoder().encode(text);
      const expected = encodeEventStreamMessage({ headers, payload });
      expect(Buffer.compare(Buffer.from(t.frame(text)), Buffer.from(expected))).toBe(0);
      expect(Buffer.compare(Buffer.from(t.frame(payload)), Buffer.from(expected))).toBe(0);
    }
  });
});

describe('splitFrames', () => {
  const bin = readFileSync(new URL('../fixtures/recorded/converse-stream/kong-converse-stream-tool-use.bin', import.meta.url));
  it('cuts a capture at its frame boundaries; pieces join back to the same bytes', () => {
    const pieces = [...splitFrames(bin)];
    expect(pieces).toHaveLength(new EventStreamDecoder().push(bin).length);
    expect(Buffer.compare(Buffer.concat(pieces), bin)).toBe(0);
  });
  it('keeps undecodable bytes together at the end', () => {
    const damaged = Buffer.concat([bin, Buffer.from([0, 0, 0, 3, 1, 2])]);
    const pieces = [...splitFrames(damaged)];
    expect(Buffer.from(pieces[pieces.length - 1])).toEqual(Buffer.from([0, 0, 0, 3, 1, 2]));
  });
});

describe('replay with frame faults', () => {
  it('an exception after N frames of a replayed capture', async () => {
    const bin = readFileSync(new URL('../fixtures/recorded/converse-stream/kong-converse-stream-tool-use.bin', import.meta.url));
    for (const coalesce of [false, true]) {
      // The body is deliberately empty (only the replay matters): lenient.
      const emu = await startEmulator({ verifyAuth: false, coalesce, lenient: true });
      emu.inject({ kind: 'replay', body: bin });
      emu.inject({ kind: 'exception', afterEvents: 3, exceptionType: 'throttlingException' });
      const res = await fetch(`${emu.url}/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream`, { method: 'POST', body: '{"messages":[]}' });
      const msgs = new EventStreamDecoder().push(new Uint8Array(await res.arrayBuffer()));
      expect(msgs.map((m) => m.headers[':message-type'].value)).toEqual(['event', 'event', 'event', 'exception']);
      await emu.close();
    }
  });
});

describe('model ids', () => {
  it('every listed example resolves to its family', () => {
    for (const [family, ids] of Object.entries(families)) for (const id of ids) expect(resolveModel(id)?.family).toBe(family);
  });
  it('ARNs and geo prefixes', () => {
    expect(resolveModel('arn:aws:bedrock:us-east-1::foundation-model/meta.llama3-8b-instruct-v1:0')?.family).toBe('llama');
    expect(resolveModel('arn:aws:bedrock:eu-west-1:1:inference-profile/eu.amazon.nova-pro-v1:0')?.family).toBe('nova');
    expect(resolveModel('apac.anthropic.claude-3-5-sonnet-20240620-v1:0')?.family).toBe('anthropic');
    expect(resolveModel('us-gov.anthropic.claude-3-5-sonnet-20240620-v1:0')?.family).toBe('anthropic');
    expect(resolveModel('arn:aws:bedrock:us-east-1:1:application-inference-profile/abc123')?.family).toBe('anthropic');
    expect(resolveModel('arn:aws:bedrock:us-east-1:1:application-inference-profile/abc123', { inputText: 'x' })?.family).toBe('titan');
    expect(resolveModel('acme.model-v1')).toBeUndefined();
  });
});
