// Zero-copy contract (DESIGN/STYLE): a message inside one chunk is views into that chunk; one that
// spans chunks is assembled into a single buffer of exactly its size.
import { describe, expect, it } from 'vitest';
import { EventStreamDecoder } from '../../src/eventstream/index.js';
import { anthropicStreamBody, splitAt, splitInto } from '../../bench/workloads.js';

const body = anthropicStreamBody(40, 7);
const totals: number[] = [];
for (let p = 0; p < body.length; ) {
  const t = new DataView(body.buffer, body.byteOffset).getUint32(p);
  totals.push(t);
  p += t;
}

describe('zero-copy', () => {
  it('messages inside one chunk are views into that chunk', () => {
    const chunk = body.slice(); // its own ArrayBuffer
    const messages = new EventStreamDecoder().push(chunk);
    expect(messages).toHaveLength(40);
    let offset = 0;
    messages.forEach((m, i) => {
      expect(m.payload.buffer).toBe(chunk.buffer);
      // The payload sits where the wire puts it: after prelude and headers, before the CRC.
      expect(m.payload.byteOffset + m.payload.length).toBe(chunk.byteOffset + offset + totals[i] - 4);
      offset += totals[i];
    });
  });

  it('a spanning message is one allocation of exactly its total length', () => {
    for (const size of [1, 5, 100, 300]) {
      const chunks = splitInto(body, size).map((c) => c.slice());
      const d = new EventStreamDecoder();
      const messages = chunks.flatMap((c) => d.push(c));
      d.end();
      expect(messages).toHaveLength(40);
      messages.forEach((m, i) => {
        const inOneChunk = chunks.some((c) => c.buffer === m.payload.buffer);
        if (!inOneChunk) expect(m.payload.buffer.byteLength).toBe(totals[i]);
      });
      // With 1-byte chunks every message spans.
      if (size === 1) for (const [i, m] of messages.entries()) expect(m.payload.buffer.byteLength).toBe(totals[i]);
    }
  });

  it('the decoder keeps no reference to a chunk it has fully consumed', () => {
    // A message cut after its prelude: the tail of chunk 1 is copied into the message buffer,
    // so chunk 1 may be reused by the caller once push() returns.
    const cut = totals[0] + 20;
    const [a, b] = splitAt(body, [cut]).map((c) => c.slice());
    const d = new EventStreamDecoder();
    const first = d.push(a);
    expect(first).toHaveLength(1);
    a.fill(0); // caller recycles chunk 1
    const rest = d.push(b);
    d.end();
    const expected = new EventStreamDecoder().push(body.slice());
    expect(rest).toEqual(expected.slice(1));
  });
});
