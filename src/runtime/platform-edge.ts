// The browser/edge half of src/runtime (see platform.ts): no undici; requests go through `fetch`.
import type { RuntimePlatform } from './platform.js';

export const platform: RuntimePlatform = { undiciTransport: undefined };
