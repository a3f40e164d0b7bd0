// The fetch transport: for edge runtimes and bundles that must not carry undici. No `node:`
// imports here or in anything the core imports; only WHATWG globals.
import { ClientClosedError, TimeoutError } from '../errors.js';
import { abortReason, onAbort } from './abort.js';
import { toTransportError } from './errors-map.js';
import { idleTimer } from './idle.js';
import { CancelledError } from './push-body.js';
import type { BodySource, Transport, TransportRequest, TransportResponse } from './transport.js';

/** Headers the runtime sets itself (and browsers forbid): the signature covers the same values. */
const SKIP = new Set(['host', 'content-length', 'connection']);

export function createFetchTransport(fetchFn: typeof fetch): Transport {
  const inFlight = new Set<AbortController>();
  let closed = false;

  async function send(req: TransportRequest): Promise<TransportResponse> {
    if (closed) throw new ClientClosedError('BedrockRuntime is closed');
    const ac = new AbortController();
    // Why the request was stopped, so the caller sees our error rather than fetch's AbortError.
    let why: unknown;
    const stop = (reason: unknown): void => {
      if (why === undefined) why = reason;
      ac.abort(reason);
    };
    const off = onAbort(req.signal, () => stop(abortReason(req.signal!)));
    inFlight.add(ac);
    const release = (): void => {
      off();
      inFlight.delete(ac);
    };
    const headers: Record<string, string> = {};
    for (const name in req.headers) if (!SKIP.has(name.toLowerCase())) headers[name] = req.headers[name];
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (req.firstByteMs > 0) timer = setTimeout(() => stop(new TimeoutError('firstByte', req.firstByteMs)), req.firstByteMs);
    let res: Response;
    try {
      res = await fetchFn(req.url, { method: req.method, headers, body: req.body as BodyInit, signal: ac.signal, redirect: 'manual' });
    } catch (err) {
      release();
      throw why !== undefined ? why : toTransportError(err, undefined);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
    const out: Record<string, string> = {};
    res.headers.forEach((value, name) => {
      out[name] = value;
    });
    return { status: res.status, headers: out, body: readerBody(res, req.idleMs, stop, () => why, release) };
  }

  return {
    send,
    async close() {
      closed = true;
      for (const ac of inFlight) ac.abort(new ClientClosedError('BedrockRuntime was closed while the request was in flight'));
      inFlight.clear();
    },
  };
}

function readerBody(res: Response, idleMs: number, stop: (reason: unknown) => void, why: () => unknown, release: () => void): BodySource {
  const reader = res.body ? res.body.getReader() : undefined;
  let finished = !reader; // no more reads
  let eof = !reader; // the body ended normally: nothing left to cancel
  const idle = idleTimer(finished ? 0 : idleMs, () => stop(new TimeoutError('idle', idleMs)));
  const finish = (): void => {
    if (finished) return;
    finished = true;
    idle.stop();
    release();
  };
  if (finished) release();
  return {
    async read() {
      if (finished || !reader) return null;
      idle.waiting();
      try {
        const r = await reader.read();
        if (r.done) {
          eof = true;
          finish();
          return null;
        }
        return r.value;
      } catch (err) {
        finish();
        throw why() !== undefined ? why() : toTransportError(err, undefined);
      } finally {
        idle.busy();
      }
    },
    cancel() {
      if (eof) return;
      eof = true;
      finish();
      // Also after a failed read: undici's fetch can keep the socket open after an abort until the
      // body is cancelled; aborting the request as well closes it in every case.
      reader?.cancel().catch(() => {});
      stop(new CancelledError());
    },
  };
}
