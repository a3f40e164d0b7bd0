// Whether undici would use its SIMD HTTP parser here (the vendored Agent carries only that one; see
// src/runtime/undici.ts). Its own module so that platform-node.ts can decide, before loading
// anything, whether the vendored Agent's file is worth starting to load.
import { readEnv } from '../aws/env.js';

export type Env = Record<string, string | undefined>;

type NodeProcess = { arch?: string; versions?: { node?: string } };

// The smallest module using a 128-bit SIMD instruction (`v128.const`): what undici's SIMD parser needs.
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11]);

/**
 * undici's own rule (client-h1.js `lazyllhttp`): not on ppc64 before Node 24.12;
 * `UNDICI_NO_WASM_SIMD=1` forces it off and `=0` on — read from `env` (the client's `env` option,
 * default `process.env`) — and whether this engine validates SIMD code at all.
 */
export function wasmSimd(env?: Env): boolean {
  const flag = readEnv(env, 'UNDICI_NO_WASM_SIMD');
  if (flag === '1') return false;
  const p = (globalThis as { process?: NodeProcess }).process;
  if (flag !== '0' && p?.arch === 'ppc64') {
    const [major = 0, minor = 0] = (p.versions?.node ?? '').split('.').map(Number);
    if (major < 24 || (major === 24 && minor < 12)) return false;
  }
  try {
    return WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}
