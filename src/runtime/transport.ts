// The seam between the client and the network: one request out, status + headers + a pull body in.
// Two implementations: undici.ts (Node, the default) and fetch.ts (edge runtimes).

export interface TransportRequest {
  url: URL;
  method: 'POST' | 'GET';
  /** Exactly what was signed; the transport adds only framing headers (content-length). */
  headers: Record<string, string>;
  /** None for GET. */
  body?: Uint8Array;
  signal?: AbortSignal;
  /** Sending → response headers; 0 = none. Fails with `TimeoutError('firstByte')`. */
  firstByteMs: number;
  /** No bytes while the reader waits; 0 = none. Fails with `TimeoutError('idle')`. */
  idleMs: number;
}

/** A response body, pulled one network chunk at a time. */
export interface BodySource {
  /**
   * The next chunk, or `null` at the end. Rejects with `NetworkError`, `TimeoutError('idle')` or
   * the abort signal's reason.
   */
  read(): Promise<Uint8Array | null>;
  /** Stops the response and frees its connection; later reads resolve `null`. Idempotent. */
  cancel(): void;
}

export interface TransportResponse {
  status: number;
  /** Lower-case names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: BodySource;
}

export interface Transport {
  /** Rejects with `NetworkError`, `TimeoutError('connect' | 'firstByte')` or the signal's reason. */
  send(request: TransportRequest): Promise<TransportResponse>;
  /** Cancels what is in flight and releases the pool (a caller's dispatcher is left open). */
  close(): Promise<void>;
  /** Opens a pooled connection to `origin` ahead of the first request (transports with a pool). */
  preconnect?(origin: URL, signal?: AbortSignal): Promise<void>;
}
