// The HTTP/2 duplex transport (Node): one request stream with both directions open at once, for
// InvokeModelWithBidirectionalStream. `node:http2` is reached through `process.getBuiltinModule`,
// never a static import, so a browser or worker graph that names this file still bundles; there it
// finds no HTTP/2 and says so with a ConfigurationError. One session per origin, shared by the
// streams of a client (HTTP/2 multiplexes them), referenced only while a stream is open so an idle
// session never keeps the process alive.
import type { ClientHttp2Session, ClientHttp2Stream } from 'node:http2';
import { ConfigurationError, NetworkError, TimeoutError } from '../errors.js';
import { abortReason, onAbort } from './abort.js';
import { pushBody, type PushBody } from './push-body.js';
import type { TransportResponse } from './transport.js';

type Http2 = typeof import('node:http2');

export interface DuplexRequest {
  url: URL;
  /** Exactly what was signed (`:authority` included); the method and path are added here. */
  headers: Record<string, string>;
  signal?: AbortSignal;
  /** Opening → response headers; 0 = none. */
  firstByteMs: number;
  /** No bytes while the reader waits; 0 = none. */
  idleMs: number;
}

/** One HTTP/2 request stream: a response like the unary transports' and a request body written piecewise. */
export interface Duplex {
  /** Status, headers and the pull body, once the response headers arrive. */
  readonly response: Promise<TransportResponse>;
  /** Resolves when the stream took the bytes: at once, or after `drain` when HTTP/2 flow control or the socket pushes back. */
  write(bytes: Uint8Array): Promise<void>;
  /** Ends the request half (the response may go on). */
  end(): Promise<void>;
  /** Resets the stream (RST_STREAM CANCEL); pending and later writes reject with `reason`. Idempotent. */
  cancel(reason: unknown): void;
}

export interface DuplexTransport {
  open(request: DuplexRequest): Duplex;
  /** Streams open now (for leak checks). */
  streams(): number;
  /** Sessions open now. */
  sessions(): number;
  /** Resets the open streams and closes the sessions. */
  close(): Promise<void>;
}

/** `node:http2` where the runtime has it; `undefined` in browsers and workers. */
function loadHttp2(): Http2 | undefined {
  const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return process?.getBuiltinModule?.('http2') as Http2 | undefined;
}

export function createHttp2Transport(options: { connectMs: number }): DuplexTransport {
  const found = loadHttp2();
  if (!found) {
    throw new ConfigurationError('InvokeModelWithBidirectionalStream needs HTTP/2 (node:http2), which this runtime does not have: use it from Node.js');
  }
  const http2 = found;
  const { NGHTTP2_CANCEL } = http2.constants;
  const sessions = new Map<string, ClientHttp2Session>();
  const open = new Set<ClientHttp2Stream>();
  let closed = false;

  function session(origin: string): ClientHttp2Session {
    const existing = sessions.get(origin);
    if (existing && !existing.closed && !existing.destroyed) return existing;
    const s = http2.connect(origin);
    sessions.set(origin, s);
    const forget = (): void => {
      if (sessions.get(origin) === s) sessions.delete(origin);
    };
    s.on('close', forget);
    s.on('goaway', forget);
    // Errors reach each stream too; this listener only keeps an orphan error from crashing the process.
    s.on('error', forget);
    if (options.connectMs > 0) {
      const timer = setTimeout(() => s.destroy(new TimeoutError('connect', options.connectMs)), options.connectMs);
      s.once('connect', () => clearTimeout(timer));
      s.once('close', () => clearTimeout(timer));
    }
    return s;
  }

  function track(stream: ClientHttp2Stream, s: ClientHttp2Session): void {
    open.add(stream);
    s.ref();
    stream.once('close', () => {
      open.delete(stream);
      if (![...open].some((o) => o.session === s)) s.unref();
    });
  }

  function openStream(req: DuplexRequest): Duplex {
    let settle!: (r: TransportResponse) => void;
    let reject!: (e: unknown) => void;
    const response = new Promise<TransportResponse>((ok, fail) => {
      settle = ok;
      reject = fail;
    });
    response.catch(() => {});
    let failure: unknown;
    let body: PushBody | undefined;
    let firstByte: ReturnType<typeof setTimeout> | undefined;
    let stream: ClientHttp2Stream | undefined;

    const fail = (err: unknown): void => {
      if (failure !== undefined) return;
      failure = err;
      if (firstByte !== undefined) clearTimeout(firstByte);
      off();
      if (body) body.fail(err);
      else reject(err);
      if (stream && !stream.destroyed) stream.close(NGHTTP2_CANCEL);
    };
    const off = onAbort(req.signal, () => fail(abortReason(req.signal!)));

    if (closed) fail(new TypeError('BedrockRuntime is closed'));
    if (failure === undefined) {
      try {
        const s = session(req.url.origin);
        stream = s.request({ ...req.headers, ':method': 'POST', ':path': req.url.pathname + req.url.search }, { endStream: false });
        track(stream, s);
      } catch (err) {
        fail(toNetworkError(err));
      }
    }
    const st = stream;
    if (st && failure === undefined) {
      if (req.firstByteMs > 0) firstByte = setTimeout(() => fail(new TimeoutError('firstByte', req.firstByteMs)), req.firstByteMs);
      st.on('response', (headers) => {
        if (firstByte !== undefined) clearTimeout(firstByte);
        const status = Number(headers[':status']);
        if (status < 200) return;
        body = pushBody({ pause: () => st.pause(), resume: () => st.resume(), abort: (e) => fail(e) }, req.idleMs);
        const flat: Record<string, string> = {};
        for (const name in headers) {
          const v = headers[name];
          if (name[0] !== ':' && v !== undefined) flat[name] = Array.isArray(v) ? v.join(', ') : String(v);
        }
        settle({ status, headers: flat, body });
      });
      st.on('data', (chunk: Uint8Array) => body?.push(chunk));
      st.on('end', () => {
        off();
        body?.end();
      });
      st.on('error', (err) => fail(toNetworkError(err)));
      st.on('close', () => {
        // A reset (or a session that went away) before the response ended.
        if (failure === undefined && !st.readableEnded) fail(new NetworkError(`network error: the HTTP/2 stream closed (code ${st.rstCode})`));
        off();
      });
    }

    const whenWritten = (write: (done: (err?: Error | null) => void) => boolean): Promise<void> =>
      new Promise<void>((resolve, rejectWrite) => {
        if (failure !== undefined || !st) return rejectWrite(failure);
        if (st.writableEnded || st.destroyed) return rejectWrite(new NetworkError('network error: the HTTP/2 stream no longer takes data'));
        const onClose = (): void => rejectWrite(failure ?? new NetworkError('network error: the HTTP/2 stream closed'));
        st.once('close', onClose);
        const done = (): void => {
          st.off('close', onClose);
          st.off('drain', done);
          resolve();
        };
        if (write(() => {})) done();
        else st.once('drain', done);
      });

    return {
      response,
      write: (bytes) => whenWritten((cb) => st!.write(bytes, cb)),
      end: () =>
        whenWritten((cb) => {
          st!.end(cb);
          return true;
        }),
      cancel: fail,
    };
  }

  return {
    open: openStream,
    streams: () => open.size,
    sessions: () => sessions.size,
    async close() {
      closed = true;
      for (const st of [...open]) st.close(NGHTTP2_CANCEL);
      await Promise.all(
        [...sessions.values()].map(
          (s) =>
            new Promise<void>((done) => {
              if (s.closed || s.destroyed) return done();
              // A peer that never acknowledges GOAWAY must not hold close() forever: destroyed after
              // 1 s. The timer is NOT unref'd: it holds the process until the session has closed
              // (cleared then, usually within milliseconds). Unref'd, nothing did once the last
              // stream was cancelled, and a script awaiting close() — or iterating a Sonic session
              // that closes its own client — exited with that await unsettled (code 13, nothing
              // after it run), whenever the server was another process (README test, CLI sonic).
              const timer = setTimeout(() => s.destroy(), 1000);
              s.close(() => {
                clearTimeout(timer);
                done();
              });
            }),
        ),
      );
      sessions.clear();
    },
  };
}

function toNetworkError(err: unknown): unknown {
  if (err instanceof TimeoutError || err instanceof NetworkError) return err;
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? `${e.code}: ` : '';
  return new NetworkError(`network error: ${code}${typeof e?.message === 'string' ? e.message : String(err)}`, { cause: err });
}
