// The Node half of src/runtime (see platform.ts): undici, loaded on the first request, not at
// import (undici's Agent costs ~25 ms of start-up). Reached only through `#runtime/platform`
// under the `node` condition.
import type { RuntimePlatform } from './platform.js';

export const platform: RuntimePlatform = {
  undiciTransport: async () => (await import('./undici.js')).createUndiciTransport,
  http2Transport: async () => (await import('./http2.js')).createHttp2Transport,
};
