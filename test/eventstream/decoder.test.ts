// Edge cases of EventStreamDecoder that the vectors and properties do not pin down by name.
import { describe, expect, it } from 'vitest';
import { crc32, DEFAULT_MAX_MESSAGE_BYTES, encodeEventStreamMessage, EventStreamDecoder, EventStreamError } from '../../src/eventstream/index.js';
import type { HeaderValue } from '../../src/eventstream/index.js';
import { converseStreamBody } from '../../bench/workloads.js';

function prelude(total: number, headersLength: number): Uint8Array {
  const b = new Uint8Array(12);
  const v = new DataView(b.buffer);
  v.setUint32(0, total);
  v.setUint32(4, headersLength);
  v.setUint32(8, crc32(b.subarray(0, 8)));
  return b;
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(EventStreamError);
    return (err as EventStreamError).code;
  }
  return 'none';
}

describe('EventStreamDecoder', () => {
  it('rejects a maxMessageBytes it cannot honour', () => {
    expect(() => new EventStreamDecoder({ maxMessageBytes: 15 })).toThrow(TypeError);
    expect(() => new EventStreamDecoder({ maxMessageBytes: 1.5e3 + 0.5 })).toThrow(TypeError);
    expect(DEFAULT_MAX_MESSAGE_BYTES).toBe(16 * 1024 * 1024);
  });

  it('length faults are found from the prelude alone', () => {
    expect(codeOf(() => new EventStreamDecoder().push(prelude(15, 0)))).toBe('INVALID_LENGTH');
    expect(codeOf(() => new EventStreamDecoder().push(prelude(32, 17)))).toBe('INVALID_LENGTH');
    expect(codeOf(() => new EventStreamDecoder().push(prelude(0xffffffff, 0)))).toBe('MESSAGE_TOO_LARGE');
    expect(codeOf(() => new EventStreamDecoder({ maxMessageBytes: 100 }).push(prelude(101, 0)))).toBe('MESSAGE_TOO_LARGE');
    expect(codeOf(() => new EventStreamDecoder({ maxMessageBytes: 100 }).push(prelude(100, 84)))).toBe('none');
  });

  it('pendingBytes and TRUNCATED report the partial message', () => {
    const body = converseStreamBody(3, 1);
    const d = new EventStreamDecoder();
    expect(d.push(body.subarray(0, 5))).toEqual([]);
    expect(d.pendingBytes).toBe(5);
    d.push(body.subarray(5, 40));
    expect(d.pendingBytes).toBe(40);
    const err = (() => {
      try {
        d.end();
      } catch (e) {
        return e as EventStreamError;
      }
    })();
    expect(err?.code).toBe('TRUNCATED');
    expect(err?.offset).toBe(0);
    expect(err?.retryable).toBe(false);
  });

  it('a fault after valid messages in the same chunk: messages first, the error on the next call', () => {
    const good = converseStreamBody(2, 1);
    const bad = encodeEventStreamMessage({ headers: {}, payload: new Uint8Array([1, 2, 3]) });
    bad[bad.length - 1] ^= 0xff;
    const chunk = new Uint8Array(good.length + bad.length);
    chunk.set(good);
    chunk.set(bad, good.length);
    const d = new EventStreamDecoder();
    expect(d.push(chunk)).toHaveLength(2);
    expect(codeOf(() => d.end())).toBe('MESSAGE_CRC_MISMATCH');
    const d2 = new EventStreamDecoder();
    d2.push(chunk);
    const e1 = (() => { try { d2.push(new Uint8Array(0)); } catch (e) { return e; } })();
    const e2 = (() => { try { d2.push(good); } catch (e) { return e; } })();
    expect((e1 as EventStreamError).code).toBe('MESSAGE_CRC_MISMATCH');
    expect(e2).toBe(e1);
    expect((e1 as EventStreamError).offset).toBe(good.length);
  });

  it('a header named __proto__ is an own key, not the prototype', () => {
    const headers: Record<string, HeaderValue> = {};
    Object.defineProperty(headers, '__proto__', { value: { type: 'string', value: 'x' }, enumerable: true });
    headers.type = { type: 'integer', value: 1 };
    const [m] = new EventStreamDecoder().push(encodeEventStreamMessage({ headers, payload: new Uint8Array(0) }));
    expect(Object.getPrototypeOf(m.headers)).toBe(Object.prototype);
    expect(Object.keys(m.headers)).toEqual(['__proto__', 'type']);
    expect(Object.getOwnPropertyDescriptor(m.headers, '__proto__')?.value).toEqual({ type: 'string', value: 'x' });
  });

  it('invalid UTF-8 in a string header is INVALID_HEADER, not U+FFFD', () => {
    const m = encodeEventStreamMessage({ headers: { s: { type: 'string', value: 'ab' } }, payload: new Uint8Array(0) });
    // Overwrite "ab" with an invalid sequence and fix the message CRC.
    const at = 12 + 1 + 1 + 1 + 2;
    m[at] = 0xc3;
    m[at + 1] = 0x28;
    new DataView(m.buffer).setUint32(m.length - 4, crc32(m.subarray(0, m.length - 4)));
    expect(codeOf(() => new EventStreamDecoder().push(m))).toBe('INVALID_HEADER');
  });
});

describe('header block cache', () => {
  const enc = (headers: Record<string, HeaderValue>, payload = new Uint8Array([1])) => encodeEventStreamMessage({ headers, payload });
  const str = (value: string): HeaderValue => ({ type: 'string', value });

  it('blocks of equal length that differ in any one byte decode to their own values', () => {
    // contentBlockDelta / contentBlockStart: same length, different bytes, as ConverseStream sends.
    const base = { ':event-type': str('contentBlockDelta'), ':message-type': str('event') };
    const variants: Record<string, HeaderValue>[] = [
      base,
      { ':event-type': str('contentBlockStart'), ':message-type': str('event') },
      { ':event-typf': str('contentBlockDelta'), ':message-type': str('event') },
      { ':event-type': str('contentBlockDelta'), ':message-type': str('evenu') },
      { ':event-type': { type: 'integer', value: 1 }, x: str('contentBlockDelt') },
    ];
    const d = new EventStreamDecoder();
    for (let round = 0; round < 3; round++) {
      for (const h of variants) {
        const [m] = d.push(enc(h));
        expect(m.headers).toEqual(h);
      }
    }
  });

  it('a hit is a fresh record with frozen, equal values', () => {
    const d = new EventStreamDecoder();
    const h = { ':event-type': str('chunk'), n: { type: 'long', value: 5n } as HeaderValue };
    const [a] = d.push(enc(h));
    const [b] = d.push(enc(h));
    expect(b.headers).toEqual(h);
    expect(b.headers).not.toBe(a.headers);
    delete b.headers.n; // the record is the caller's
    const [c] = d.push(enc(h));
    expect(c.headers).toEqual(h);
    expect(Object.isFrozen(c.headers[':event-type'])).toBe(true);
  });

  it('binary and timestamp values are never shared: each message gets its own', () => {
    const d = new EventStreamDecoder();
    const h = { b: { type: 'binary', value: new Uint8Array([1, 2]) } as HeaderValue, t: { type: 'timestamp', value: new Date(5) } as HeaderValue };
    const first = enc(h);
    const second = enc(h);
    const [a] = d.push(first);
    const [b] = d.push(second);
    expect(b.headers).toEqual(h);
    expect((a.headers.b.value as Uint8Array).buffer).toBe(first.buffer);
    expect((b.headers.b.value as Uint8Array).buffer).toBe(second.buffer);
    expect(b.headers.t.value).not.toBe(a.headers.t.value);
  });
});
