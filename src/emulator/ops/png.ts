// PNGs that decode: 8-bit RGB (or RGBA for a removed background), a gradient and a band seeded by
// the prompt, zlib-compressed (the emulator is Node-only).
import { deflateSync } from 'node:zlib';
import { crc32 } from './crc32.js';
import { createRng, hashSeed } from '../rng.js';

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

export function png(width: number, height: number, seed: number, key: string, alpha = false): Buffer {
  const rng = createRng(hashSeed(seed, key));
  const [r0, g0, b0] = [rng() * 255, rng() * 255, rng() * 255];
  const channels = alpha ? 4 : 3;
  const row = 1 + width * channels;
  const raw = Buffer.alloc(row * height);
  for (let y = 0; y < height; y++) {
    raw[y * row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const o = y * row + 1 + x * channels;
      raw[o] = (r0 + (x * 255) / width) & 255;
      raw[o + 1] = (g0 + (y * 255) / height) & 255;
      raw[o + 2] = b0 & 255;
      if (alpha) raw[o + 3] = x > width / 4 && x < (3 * width) / 4 ? 255 : 0;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = alpha ? 6 : 2; // RGBA : RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 1 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}
