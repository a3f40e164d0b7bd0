// The decoder allocates for the bytes that arrived, not for the length a prelude claims: 100
// streams each sent a 12-byte prelude declaring 16 MiB used to hold 1.6 GB.
import { describe, expect, it } from 'vitest';
import { EventStreamDecoder, encodeEventStreamMessage } from '../../src/eventstream/index.js';
import { crc32 } from '../../src/eventstream/index.js';

function prelude(total: number, headers = 0): Uint8Array {
  const b = new Uint8Array(12);
  const v = new DataView(b.buffer);
  v.setUint32(0, total);
  v.setUint32(4, headers);
  v.setUint32(8, crc32(b.subarray(0, 8)));
  return b;
}

describe('decoder allocation follows the bytes received', () => {
  it('100 preludes claiming 16 MiB each hold a few MB, not 1.6 GB', () => {
    const before = process.memoryUsage().arrayBuffers;
    const decoders: EventStreamDecoder[] = [];
    for (let i = 0; i < 100; i++) {
      const d = new EventStreamDecoder();
      expect(d.push(prelude(16 * 1024 * 1024 - 1))).toEqual([]);
      d.push(new Uint8Array(100)); // and a few bytes of its body
      decoders.push(d);
    }
    const grown = process.memoryUsage().arrayBuffers - before;
    expect(decoders.every((d) => d.pendingBytes === 112)).toBe(true);
    // 64 KiB each at most: 6.4 MB; the old exact-size allocation was 1.6 GB.
    expect(grown).toBeLessThan(100 * 1024 * 1024);
  });

  it('a 3 MiB message trickled in uneven chunks decodes to the same bytes as in one chunk', () => {
    const payload = new Uint8Array(3 * 1024 * 1024);
    for (let i = 0; i < payload.length; i++) payload[i] = (i * 7919) & 0xff;
    const bytes = encodeEventStreamMessage({ headers: { ':message-type': { type: 'string', value: 'event' } }, payload });
    const whole = new EventStreamDecoder().push(bytes)[0];
    for (const sizes of [[1, 11, 1, 4095], [70_000, 3], [5, 1 << 20], [12, 65_536 - 12, 1]]) {
      const d = new EventStreamDecoder();
      const got = [];
      let p = 0;
      for (let i = 0; p < bytes.length; i++) {
        const n = sizes[i % sizes.length];
        got.push(...d.push(bytes.subarray(p, p + n)));
        p += n;
      }
      d.end();
      expect(got).toHaveLength(1);
      expect(Buffer.from(got[0].payload).equals(Buffer.from(whole.payload))).toBe(true);
      expect(got[0].headers).toEqual(whole.headers);
    }
  });

  it('a cut large message still ends in TRUNCATED naming its full length', () => {
    const d = new EventStreamDecoder();
    d.push(prelude(1_000_000));
    d.push(new Uint8Array(200_000));
    expect(() => d.end()).toThrow(/200012 byte\(s\) of 1000000 received/);
  });
});
