// WAV (RIFF, PCM) in and out for speech sessions: Nova Sonic takes 16-bit mono LPCM (16 kHz in,
// 24 kHz out by default). Only what that needs: 16-bit PCM, mono (or stereo folded to mono).
import { ValidationError } from '../errors.js';

export interface Wav {
  sampleRate: number;
  /** 16-bit little-endian mono samples. */
  pcm: Uint8Array;
}

/** Reads a PCM WAV file. A format other than 16-bit PCM is a ValidationError naming the field. */
export function parseWav(bytes: Uint8Array, name = 'wav'): Wav {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number): string => String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new ValidationError(`${name}: not a WAV file (no RIFF/WAVE header)`);
  let format: { channels: number; sampleRate: number; bits: number; codec: number } | undefined;
  for (let at = 12; at + 8 <= bytes.length; ) {
    const id = tag(at);
    const size = v.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ' && size >= 16) {
      format = { codec: v.getUint16(body, true), channels: v.getUint16(body + 2, true), sampleRate: v.getUint32(body + 4, true), bits: v.getUint16(body + 14, true) };
    } else if (id === 'data') {
      if (!format) throw new ValidationError(`${name}: the data chunk comes before the fmt chunk`);
      if ((format.codec !== 1 && format.codec !== 0xfffe) || format.bits !== 16) throw new ValidationError(`${name}: expected 16-bit PCM, got codec ${format.codec} with ${format.bits} bits`);
      if (format.channels !== 1 && format.channels !== 2) throw new ValidationError(`${name}: expected mono or stereo, got ${format.channels} channels`);
      const data = bytes.subarray(body, Math.min(bytes.length, body + size));
      return { sampleRate: format.sampleRate, pcm: format.channels === 1 ? data : toMono(data) };
    }
    at = body + size + (size & 1);
  }
  throw new ValidationError(`${name}: no data chunk`);
}

/** A 16-bit mono PCM WAV file. */
export function encodeWav(pcm: Uint8Array, sampleRate: number): Uint8Array {
  const out = new Uint8Array(44 + pcm.length);
  const v = new DataView(out.buffer);
  const put = (at: number, s: string): void => {
    for (let i = 0; i < 4; i++) out[at + i] = s.charCodeAt(i);
  };
  put(0, 'RIFF');
  v.setUint32(4, 36 + pcm.length, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, 1, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * 2, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  put(36, 'data');
  v.setUint32(40, pcm.length, true);
  out.set(pcm, 44);
  return out;
}

function toMono(stereo: Uint8Array): Uint8Array {
  const v = new DataView(stereo.buffer, stereo.byteOffset, stereo.byteLength);
  const frames = stereo.length >> 2;
  const out = new Uint8Array(frames * 2);
  const o = new DataView(out.buffer);
  for (let i = 0; i < frames; i++) o.setInt16(i * 2, (v.getInt16(i * 4, true) + v.getInt16(i * 4 + 2, true)) >> 1, true);
  return out;
}
