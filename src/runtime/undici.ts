// The undici transport: the only file that loads undici. Loaded with `import()` on the first
// request, so importing the package costs nothing for it. Only the Agent is loaded (one vendored
// file in the package, ~30 ms cold) rather than undici's index (~90 ms: fetch, WebSocket, caches, mocks).
//
// It drives undici's dispatch handler API directly rather than `request()`'s body stream: each
// network chunk goes straight into a queue the stream reader pulls from, skipping the Readable
// machinery that dominates the per-chunk cost when every frame arrives in its own read. Backpressure
// is `controller.pause()` / `resume()`.
import type { Agent, Dispatcher } from 'undici';
import { ClientClosedError, TimeoutError } from '../errors.js';
import { abortReason, onAbort } from './abort.js';
import { toTransportError } from './errors-map.js';
import { readAll } from './body.js';
import { pushBody, type PushBody } from './push-body.js';
import type { Transport, TransportRequest, TransportResponse } from './transport.js';
import type { DispatcherLike } from './types.js';

export interface UndiciTransportOptions {
  /** A caller's dispatcher; left open by `close()`. */
  dispatcher?: DispatcherLike;
  connectMs: number;
  /** Let V8 optimise undici's HTTP parser in the background (its default); see `baselineParserConnector`. */
  optimizeHttpParser?: boolean;
}

type Connect = (opts: object, cb: (err: Error | null, socket: unknown) => void) => void;
type BuildConnector = (options: { timeout: number }) => Connect;
type V8 = { setFlagsFromString(flags: string): void };

// Only undici's Agent and connector (`#vendor/undici-agent`: in the package one vendored file, see
// src/vendor/undici-agent.ts); no `import('undici')`, which a bundler would follow and inline whole (fetch,
// WebSocket, caches, mocks) next to the Agent.
async function loadAgent(): Promise<{ Agent: typeof Agent; buildConnector?: BuildConnector }> {
  const m = await import('#vendor/undici-agent');
  return { Agent: m.Agent as typeof Agent, buildConnector: m.buildConnector as unknown as BuildConnector };
}

let parserCompiled = false;

/**
 * undici compiles its HTTP parser (llhttp, WebAssembly) synchronously inside the callback of its
 * first connection. V8 then re-optimises that module's huge parse function on a background thread
 * (~100-300 ms of CPU, ~35 MB of native memory), and a process that calls `close()` soon after
 * start cannot exit before that compile ends. With `--liftoff-only` set for that one synchronous
 * compile — and reset right after it, so no other WebAssembly in the process is affected — the
 * parser stays on V8's baseline code: the process exits at once, and streaming measured the same
 * (bench/e2e.bench.ts `exit` and `stream` sections). `optimizeHttpParser: true` keeps V8's default.
 */
function baselineParserConnector(build: BuildConnector, timeout: number): Connect {
  const connect = build({ timeout });
  const v8 = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.('v8') as V8 | undefined;
  const flag = (f: string): void => {
    try {
      v8?.setFlagsFromString(f);
    } catch {
      // a V8 without the flag: V8's default compile, nothing else changes
    }
  };
  return (opts, cb) =>
    connect(opts, (err, socket) => {
      if (err || parserCompiled) return cb(err, socket);
      parserCompiled = true;
      flag('--liftoff-only');
      try {
        cb(err, socket);
      } finally {
        flag('--no-liftoff-only');
      }
    });
}

export async function createUndiciTransport(options: UndiciTransportOptions): Promise<Transport> {
  const loaded = options.dispatcher ? undefined : await loadAgent();
  const connect =
    loaded?.buildConnector && !options.optimizeHttpParser ? baselineParserConnector(loaded.buildConnector, options.connectMs) : { timeout: options.connectMs };
  const own = loaded && new loaded.Agent({ connect: connect as never, keepAliveTimeout: 30_000 });
  const dispatcher = (options.dispatcher ?? own) as Dispatcher;
  const inFlight = new Set<(reason: Error) => void>();
  let closed = false;

  function send(req: TransportRequest): Promise<TransportResponse> {
    return new Promise((resolve, reject) => {
      let controller: Dispatcher.DispatchController | undefined;
      let pendingAbort: Error | undefined;
      let body: PushBody | undefined;
      let firstByte: ReturnType<typeof setTimeout> | undefined;
      let off = (): void => {};
      let abortReasonSeen: unknown;

      const abort = (reason: Error): void => {
        if (controller) controller.abort(reason);
        else pendingAbort = reason;
      };
      const done = (): void => {
        if (firstByte !== undefined) clearTimeout(firstByte);
        off();
        inFlight.delete(stop);
      };
      const fail = (err: unknown): void => {
        done();
        if (body) body.fail(err);
        else reject(err);
      };
      const stop = (reason: Error): void => {
        fail(reason);
        abort(reason);
      };

      if (closed) return reject(new ClientClosedError('BedrockRuntime is closed'));
      inFlight.add(stop);
      off = onAbort(req.signal, () => {
        abortReasonSeen = abortReason(req.signal!);
        stop(abortReasonSeen as Error);
      });
      if (req.signal?.aborted) return;
      if (req.firstByteMs > 0) {
        firstByte = setTimeout(() => stop(new TimeoutError('firstByte', req.firstByteMs)), req.firstByteMs);
      }

      const handler: Dispatcher.DispatchHandler = {
        onRequestStart(c) {
          controller = c;
          if (pendingAbort) c.abort(pendingAbort);
        },
        onResponseStart(c, status, headers) {
          if (status < 200) return; // 1xx: the final response follows
          if (firstByte !== undefined) clearTimeout(firstByte);
          firstByte = undefined;
          body = pushBody({ pause: () => c.pause(), resume: () => c.resume(), abort: (e) => c.abort(e) }, req.idleMs);
          resolve({ status, headers: flatten(headers), body });
        },
        onResponseData(_c, chunk) {
          body!.push(chunk);
        },
        onResponseEnd() {
          done();
          body!.end();
        },
        onResponseError(_c, err) {
          fail(toTransportError(err, abortReasonSeen, { connect: options.connectMs, firstByte: req.firstByteMs, idle: req.idleMs }));
        },
      };
      try {
        dispatcher.dispatch(
          {
            origin: req.url.origin,
            path: req.url.pathname + req.url.search,
            method: req.method,
            headers: req.headers,
            body: req.body,
            // Our own timers measure these phases the same way for both transports.
            headersTimeout: 0,
            bodyTimeout: 0,
          },
          handler,
        );
      } catch (err) {
        fail(toTransportError(err, abortReasonSeen));
      }
    });
  }

  return {
    send,
    async preconnect(origin, signal) {
      // A bodiless GET of `/`: whatever the answer (AWS: 404), reading it to the end leaves the
      // connection open in the pool, and the first real request skips DNS, TCP and TLS.
      const idleMs = options.connectMs;
      const res = await send({ url: new URL('/', origin), method: 'GET', headers: {}, body: new Uint8Array(0), signal, firstByteMs: idleMs, idleMs });
      await readAll(res.body, 64 * 1024);
      // undici marks the connection free for the pool a turn after the answer ends: resolve after
      // that, so a request made right after `warmup()` takes this connection, not a second one.
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
    async close() {
      closed = true;
      const err = new ClientClosedError('BedrockRuntime was closed while the request was in flight');
      for (const stop of [...inFlight]) stop(err);
      if (own) await own.close();
    },
  };
}

function flatten(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) {
    const v = headers[name];
    if (v !== undefined) out[name.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}
