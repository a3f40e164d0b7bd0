import { EventStreamDecoder } from './decoder.js';
import type { DecoderOptions, EventStreamMessage } from './types.js';

/**
 * Async adapter over {@link EventStreamDecoder}: yields each message as soon as its last byte
 * arrives and throws `EventStreamError` (`TRUNCATED`) if the source ends inside a message.
 * Pulls from `source` only when the consumer asks, so backpressure is preserved; `break` or
 * `return()` stops pulling and returns the source's iterator.
 */
export async function* decodeEventStream(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options?: DecoderOptions,
): AsyncGenerator<EventStreamMessage, void, undefined> {
  const decoder = new EventStreamDecoder(options);
  for await (const chunk of source) {
    const messages = decoder.push(chunk);
    for (let i = 0; i < messages.length; i++) yield messages[i];
  }
  decoder.end();
}
