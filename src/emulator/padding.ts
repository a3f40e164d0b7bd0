import type { Rng } from './rng.js';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * The `p` field Bedrock adds to every event payload so that frame sizes do not leak token lengths:
 * a prefix of `abc...XYZ0123...` of random length (captures show 1 to 60 characters).
 */
export function padding(rng: Rng): string {
  return ALPHABET.slice(0, 1 + Math.floor(rng() * 60));
}
