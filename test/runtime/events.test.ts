// Frames → events against the recorded Bedrock bodies: the prefix scan must give exactly what a
// full JSON.parse + base64 decode gives, and exception frames the typed errors.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ThrottlingError, ValidationError } from '../../src/errors.js';
import { EventStreamDecoder, encodeEventStreamMessage } from '../../src/eventstream/index.js';
import type { EventStreamMessage } from '../../src/eventstream/index.js';
import { chunkEvent, converseEvent, eventType, frameError, messageType } from '../../src/runtime/events.js';

const root = join(import.meta.dirname, '../fixtures/recorded');
const utf8 = new TextEncoder();

function decodeFile(path: string): EventStreamMessage[] {
  const d = new EventStreamDecoder();
  const out = d.push(new Uint8Array(readFileSync(path)));
  d.end();
  return out;
}

function bins(dir: string): string[] {
  return readdirSync(join(root, dir)).filter((f) => f.endsWith('.bin')).map((f) => join(root, dir, f));
}

describe('chunk frames', () => {
  const files = bins('anthropic-claude');
  it('has recorded Anthropic bodies to check', () => expect(files.length).toBeGreaterThan(3));
  for (const file of files) {
    it(`scan = JSON.parse + base64 for ${file.split('/').pop()}`, () => {
      let chunks = 0;
      for (const m of decodeFile(file)) {
        if (messageType(m) !== 'event' || eventType(m) !== 'chunk') continue;
        const oracle = Buffer.from(JSON.parse(Buffer.from(m.payload).toString()).bytes, 'base64');
        expect(Buffer.from(chunkEvent(m.payload, 'r').bytes).equals(oracle)).toBe(true);
        chunks++;
      }
      expect(chunks).toBeGreaterThan(0);
    });
  }

  it('falls back to JSON.parse when the payload is not in the usual layout', () => {
    const inner = '{"type":"ping"}';
    const b64 = Buffer.from(inner).toString('base64');
    for (const text of [`{"p":"abc","bytes":"${b64}"}`, `{ "bytes" : "${b64}" }`]) {
      expect(Buffer.from(chunkEvent(utf8.encode(text), 'r').bytes).toString()).toBe(inner);
    }
  });

  it('rejects a chunk without base64 bytes as a MalformedResponseError', () => {
    expect(() => chunkEvent(utf8.encode('{"bytes":"@@@@"}'), 'req-1')).toThrow(expect.objectContaining({ code: 'MalformedResponseError', requestId: 'req-1' }));
    expect(() => chunkEvent(utf8.encode('not json'), 'r')).toThrow(expect.objectContaining({ code: 'MalformedResponseError' }));
  });
});

describe('converse frames', () => {
  const files = bins('converse-stream');
  for (const file of files.slice(0, 6)) {
    it(`events equal the parsed payload minus p for ${file.split('/').pop()}`, () => {
      for (const m of decodeFile(file)) {
        if (messageType(m) !== 'event') continue;
        const type = eventType(m)!;
        const expected = JSON.parse(Buffer.from(m.payload).toString());
        delete expected.p;
        expect(converseEvent(type, m.payload, 'r')).toEqual({ type, data: expected });
      }
    });
  }

  it('every recorded event type is one of the six the typed union names', () => {
    const six = ['messageStart', 'contentBlockStart', 'contentBlockDelta', 'contentBlockStop', 'messageStop', 'metadata'];
    const seen = new Set<string>();
    for (const file of files) for (const m of decodeFile(file)) if (messageType(m) === 'event') seen.add(eventType(m)!);
    expect([...seen].filter((t) => !six.includes(t))).toEqual([]);
    expect(seen.size).toBeGreaterThanOrEqual(5);
  });

  it('skips an event type this version does not know (the union has no member for it)', () => {
    expect(converseEvent('futureEvent', utf8.encode('{"x":1}'), 'r')).toBeUndefined();
  });
});

describe('exception and error frames', () => {
  it('the recorded throttlingException becomes a ThrottlingError with the service message', () => {
    const messages = decodeFile(join(root, 'exceptions/avante-bedrock_response_stream_with_exception.bin'));
    const ex = messages.find((m) => messageType(m) === 'exception')!;
    const err = frameError(ex, 'exception', 'req-9');
    expect(err).toBeInstanceOf(ThrottlingError);
    expect(err.requestId).toBe('req-9');
    expect(err.serviceMessage).toMatch(/^Too many requests/);
    expect(err.retryable).toBe(true);
  });

  it('an error frame takes its type and message from :error-code / :error-message', () => {
    const frame = encodeEventStreamMessage({
      headers: {
        ':message-type': { type: 'string', value: 'error' },
        ':error-code': { type: 'string', value: 'ValidationException' },
        ':error-message': { type: 'string', value: 'bad input' },
      },
      payload: new Uint8Array(0),
    });
    const [m] = new EventStreamDecoder().push(frame);
    const err = frameError(m, 'error', undefined);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.serviceMessage).toBe('bad input');
  });
});
