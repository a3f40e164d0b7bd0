// What src/runtime needs from the platform (see src/aws/platform.ts for the mechanism): the undici
// transport under the package's `node` condition, nothing elsewhere. Types only.
import type { Transport } from './transport.js';
import type { UndiciTransportOptions } from './undici.js';

export interface RuntimePlatform {
  /** Loads the undici transport (on the first request); `undefined` in the browser/edge build. */
  undiciTransport: (() => Promise<(options: UndiciTransportOptions) => Promise<Transport>>) | undefined;
}
