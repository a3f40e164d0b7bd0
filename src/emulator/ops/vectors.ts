// Deterministic embeddings: seeded by the emulator seed, the model and the input, unit length.
import { createRng, hashSeed } from '../rng.js';

/** A unit-length vector of `n` numbers for `text` (same inputs → same vector). */
export function unitVector(seed: number, model: string, text: string, n: number): number[] {
  const rng = createRng(hashSeed(seed, `${model}\u0000${n}\u0000${text}`));
  const v = new Array<number>(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    // The sum of two uniforms: roughly bell-shaped around 0, like real embedding components.
    const x = rng() + rng() - 1;
    v[i] = x;
    sum += x * x;
  }
  const norm = Math.sqrt(sum) || 1;
  for (let i = 0; i < n; i++) v[i] /= norm;
  return v;
}

/** Quantized forms, as Cohere sends them: int8 / uint8 per component, binary packed 8 per byte. */
export function quantize(v: number[], type: string): number[] {
  // Components of a unit vector of n dims are ~1/sqrt(n): scale so they spread over the byte range.
  const scale = 127 * Math.sqrt(v.length) / 3;
  switch (type) {
    case 'int8':
      return v.map((x) => Math.max(-128, Math.min(127, Math.round(x * scale))));
    case 'uint8':
      return v.map((x) => Math.max(0, Math.min(255, Math.round(x * scale) + 128)));
    case 'binary':
    case 'ubinary': {
      const out: number[] = [];
      for (let i = 0; i < v.length; i += 8) {
        let byte = 0;
        for (let b = 0; b < 8; b++) byte = (byte << 1) | (v[i + b] > 0 ? 1 : 0);
        out.push(type === 'binary' ? byte - 128 : byte);
      }
      return out;
    }
    default:
      return v;
  }
}
