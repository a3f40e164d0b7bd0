import { crc32 } from './crc32.js';
import { encodeHeaders } from './headers.js';
import type { EventStreamMessage } from './types.js';

/** Encodes one message: prelude, prelude CRC, headers, payload, message CRC, in one allocation. */
export function encodeEventStreamMessage(message: EventStreamMessage): Uint8Array {
  const headers = encodeHeaders(message.headers);
  const payload = message.payload;
  const total = 16 + headers.length + payload.length;
  if (total > 0xffffffff) throw new RangeError('message longer than 4 GiB');
  const out = new Uint8Array(total);
  writeU32(out, 0, total);
  writeU32(out, 4, headers.length);
  const preludeCrc = crc32(out.subarray(0, 8));
  writeU32(out, 8, preludeCrc);
  out.set(headers, 12);
  out.set(payload, 12 + headers.length);
  writeU32(out, total - 4, crc32(out.subarray(8, total - 4), preludeCrc));
  return out;
}

function writeU32(b: Uint8Array, p: number, v: number): void {
  b[p] = v >>> 24;
  b[p + 1] = (v >>> 16) & 0xff;
  b[p + 2] = (v >>> 8) & 0xff;
  b[p + 3] = v & 0xff;
}
