// decodeEventStream: the async adapter over the sync decoder.
import { describe, expect, it } from 'vitest';
import { decodeEventStream, EventStreamDecoder, EventStreamError } from '../../src/eventstream/index.js';
import type { EventStreamMessage } from '../../src/eventstream/index.js';
import { converseStreamBody, splitInto } from '../../bench/workloads.js';

async function* source(chunks: Uint8Array[], pulled: { n: number }): AsyncGenerator<Uint8Array> {
  for (const c of chunks) {
    pulled.n++;
    await Promise.resolve();
    yield c;
  }
}

const body = converseStreamBody(30, 3);
const expected = new EventStreamDecoder().push(body);

describe('decodeEventStream', () => {
  it('yields the same messages as the sync decoder, over an async iterable', async () => {
    const got: EventStreamMessage[] = [];
    for await (const m of decodeEventStream(source(splitInto(body, 50), { n: 0 }))) got.push(m);
    expect(got).toEqual(expected);
    expect(got).toHaveLength(30);
  });

  it('accepts a sync iterable', async () => {
    const got: EventStreamMessage[] = [];
    for await (const m of decodeEventStream(splitInto(body, 999))) got.push(m);
    expect(got).toEqual(expected);
  });

  it('a truncated source yields every complete message, then throws TRUNCATED', async () => {
    const cut = body.length - 10;
    const got: EventStreamMessage[] = [];
    let err: unknown;
    try {
      for await (const m of decodeEventStream(source(splitInto(body.subarray(0, cut), 64), { n: 0 }))) got.push(m);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EventStreamError);
    expect((err as EventStreamError).code).toBe('TRUNCATED');
    expect(got).toEqual(expected.slice(0, 29));
  });

  it('pulls lazily: break after the first message stops pulling the source', async () => {
    const pulled = { n: 0 };
    const chunks = splitInto(body, 40);
    for await (const _ of decodeEventStream(source(chunks, pulled))) break;
    expect(pulled.n).toBeLessThan(chunks.length);
  });

  it('honours maxMessageBytes', async () => {
    let err: unknown;
    try {
      for await (const _ of decodeEventStream([body], { maxMessageBytes: 64 })) void _;
    } catch (e) {
      err = e;
    }
    expect((err as EventStreamError).code).toBe('MESSAGE_TOO_LARGE');
  });
});
