// What src/runtime needs from the platform (see src/aws/platform.ts for the mechanism): the undici
// and HTTP/2 transports under the package's `node` condition, nothing elsewhere. Types only.
import type { DuplexTransport } from './http2.js';
import type { Transport } from './transport.js';
import type { UndiciTransportOptions } from './undici.js';

export interface RuntimePlatform {
  /**
   * Loads the undici transport (on the first request); `undefined` in the browser/edge build.
   * `withAgent`: undici's Agent will be needed (no caller's dispatcher), so its load starts now too;
   * `env`: the client's environment (which Agent, see wasm-simd.ts).
   */
  undiciTransport: ((withAgent: boolean, env: Record<string, string | undefined> | undefined) => Promise<(options: UndiciTransportOptions) => Promise<Transport>>) | undefined;
  /** Loads the HTTP/2 duplex transport (the first bidirectional stream); `undefined` in the browser/edge build. */
  http2Transport: (() => Promise<(options: { connectMs: number }) => DuplexTransport>) | undefined;
}
