// The browser/edge half of src/runtime (see platform.ts): no undici and no HTTP/2; requests go
// through `fetch`.
import type { RuntimePlatform } from './platform.js';

export const platform: RuntimePlatform = { undiciTransport: undefined, http2Transport: undefined };
