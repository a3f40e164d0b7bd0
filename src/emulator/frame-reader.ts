// Reads the frames a client sends on a bidirectional stream. Written apart from the client's
// decoder (src/eventstream/decoder.ts) so that the emulator stays an independent check on it: only
// what the service needs here, CRCs checked with Node's own zlib.crc32.
import { crc32 } from 'node:zlib';

export type RawHeader = { type: 'timestamp'; value: Date } | { type: 'binary'; value: Buffer } | { type: 'string'; value: string } | { type: 'other'; value: null };

export interface RawFrame {
  headers: Record<string, RawHeader>;
  payload: Buffer;
}

/** A frame that cannot be read; the emulator answers it like the service would (an exception). */
export class FrameError extends Error {}

const SIZES: Record<number, number> = { 0: 0, 1: 0, 2: 1, 3: 2, 4: 4, 5: 8, 8: 8, 9: 16 };

export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);
  constructor(private readonly maxBytes = 16 * 1024 * 1024) {}

  push(chunk: Buffer): RawFrame[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const out: RawFrame[] = [];
    let at = 0;
    const b = this.pending;
    while (b.length - at >= 12) {
      const total = b.readUInt32BE(at);
      const headersLength = b.readUInt32BE(at + 4);
      if (crc32(b.subarray(at, at + 8)) !== b.readUInt32BE(at + 8)) throw new FrameError('prelude CRC mismatch');
      if (total < 16 || total > this.maxBytes || headersLength > total - 16) throw new FrameError(`invalid frame length ${total}`);
      if (b.length - at < total) break;
      const frame = b.subarray(at, at + total);
      if (crc32(frame.subarray(0, total - 4)) !== frame.readUInt32BE(total - 4)) throw new FrameError('message CRC mismatch');
      out.push(parseFrame(frame, headersLength));
      at += total;
    }
    this.pending = at === b.length ? Buffer.alloc(0) : b.subarray(at);
    return out;
  }

  /** Bytes of a frame not yet complete. */
  get buffered(): number {
    return this.pending.length;
  }
}

/** One whole frame (prelude and CRCs included), CRCs not checked. */
export function parseFrame(frame: Buffer, headersLength = frame.readUInt32BE(4)): RawFrame {
  const headers: Record<string, RawHeader> = {};
  let p = 12;
  const end = 12 + headersLength;
  while (p < end) {
    const nameLength = frame[p++];
    const name = frame.toString('utf8', p, (p += nameLength));
    const type = frame[p++];
    if (type === 6 || type === 7) {
      const n = frame.readUInt16BE(p);
      p += 2;
      headers[name] = type === 6 ? { type: 'binary', value: frame.subarray(p, p + n) } : { type: 'string', value: frame.toString('utf8', p, p + n) };
      p += n;
    } else if (type === 8) {
      headers[name] = { type: 'timestamp', value: new Date(Number(frame.readBigInt64BE(p))) };
      p += 8;
    } else if (type in SIZES) {
      headers[name] = { type: 'other', value: null };
      p += SIZES[type];
    } else throw new FrameError(`header ${name}: unknown type ${type}`);
    if (p > end) throw new FrameError('header runs past the header block');
  }
  return { headers, payload: frame.subarray(end, frame.length - 4) };
}
