// The reference implementation, used only as an oracle: @smithy/eventstream-codec (what the
// official AWS SDK runs), and conversions between its message shape and ours.
import { EventStreamCodec, Int64 } from '@smithy/eventstream-codec';
import type { Message, MessageHeaders } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import type { EventStreamMessage, HeaderValue } from '../../src/eventstream/index.js';

export const smithy = new EventStreamCodec(toUtf8, fromUtf8);

function int64ToBigint(v: Int64): bigint {
  const b = v.bytes;
  return new DataView(b.buffer, b.byteOffset, 8).getBigInt64(0);
}

function bigintToInt64(v: bigint): Int64 {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigInt64(0, v);
  return new Int64(bytes);
}

/** smithy's message in our shape: `long` becomes a bigint, `body` becomes `payload`. */
export function fromSmithy(m: Message): EventStreamMessage {
  const headers: Record<string, HeaderValue> = {};
  for (const [name, h] of Object.entries(m.headers)) {
    headers[name] = h.type === 'long' ? { type: 'long', value: int64ToBigint(h.value) } : (h as HeaderValue);
  }
  return { headers, payload: m.body };
}

export function toSmithy(m: EventStreamMessage): Message {
  const headers: MessageHeaders = {};
  for (const [name, h] of Object.entries(m.headers)) {
    headers[name] = h.type === 'long' ? { type: 'long', value: bigintToInt64(h.value) } : h;
  }
  return { headers, body: m.payload };
}

/** Splits a whole body into messages by total_length and decodes each with smithy. */
export function smithyDecodeAll(body: Uint8Array): EventStreamMessage[] {
  const out: EventStreamMessage[] = [];
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  for (let p = 0; p < body.length; ) {
    const total = view.getUint32(p);
    out.push(fromSmithy(smithy.decode(body.subarray(p, p + total))));
    p += total;
  }
  return out;
}

/** fast-check run parameters: seeded from FC_SEED (printed by fast-check on failure), time-boxed. */
export const FC_SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : 0x2a2a;
export function fcParams(ms = 3000, numRuns = 100_000): { seed: number; interruptAfterTimeLimit: number; numRuns: number; markInterruptAsFailure: false } {
  return { seed: FC_SEED, interruptAfterTimeLimit: ms, numRuns, markInterruptAsFailure: false };
}
