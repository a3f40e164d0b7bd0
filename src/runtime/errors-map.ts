// Turns what a transport throws into our typed errors. Messages carry the error code and the
// transport's own message only: no URL query, no header, so never a credential.
import { BedrockError, NetworkError, TimeoutError } from '../errors.js';
// error.js, not the index: this file loads with undici.ts, and the index would make the bundler
// wrap the whole decoder for lazy initialization as well.
import { EventStreamError } from '../eventstream/error.js';

const timeouts: Record<string, TimeoutError['phase']> = {
  UND_ERR_CONNECT_TIMEOUT: 'connect',
  UND_ERR_HEADERS_TIMEOUT: 'firstByte',
  UND_ERR_BODY_TIMEOUT: 'idle',
};

/**
 * `err` as a typed error: ours and framing errors pass through, `passthrough` (an abort reason)
 * too; undici timeouts become `TimeoutError`; anything else is a `NetworkError`.
 */
export function toTransportError(err: unknown, passthrough: unknown, timeoutMs: Partial<Record<TimeoutError['phase'], number>> = {}): unknown {
  if (err === passthrough || err instanceof BedrockError || err instanceof EventStreamError) return err;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const phase = code ? timeouts[code] : undefined;
  if (phase) return new TimeoutError(phase, timeoutMs[phase] ?? -1, { cause: err });
  // fetch wraps the socket error: `TypeError('fetch failed', { cause })`; name the root cause.
  const root = (e?.cause as { code?: unknown; message?: unknown } | undefined) ?? e;
  const rootCode = typeof root?.code === 'string' ? root.code : code;
  const text = typeof root?.message === 'string' ? root.message : String(err);
  return new NetworkError(`network error: ${rootCode ? rootCode + ': ' : ''}${text}`, { cause: err });
}
