// The Node half of src/runtime (see platform.ts): undici, loaded on the first request, not at
// import (undici's Agent costs ~25 ms of start-up). Reached only through `#runtime/platform`
// under the `node` condition.
import type { RuntimePlatform } from './platform.js';
import { wasmSimd } from './wasm-simd.js';

export const platform: RuntimePlatform = {
  undiciTransport: async (withAgent, env) => {
    // The Agent's file is read and compiled alongside the transport's own, not after it: the
    // transport's `import()` of it then finds it loading (one wait instead of two in a row).
    // (Not where the transport will take Node's own undici instead: see wasm-simd.ts.)
    if (withAgent && wasmSimd(env)) import('#vendor/undici-agent').catch(() => {}); // a failure surfaces from the transport's own import
    return (await import('./undici.js')).createUndiciTransport;
  },
  http2Transport: async () => (await import('./http2.js')).createHttp2Transport,
};
