// The undici transport: the only file that imports undici. Loaded with `import()` on the first
// request, so importing the package costs nothing for it. Only the Agent is loaded (its own
// module, ~25 ms) rather than undici's index (~90 ms: fetch, WebSocket, caches, mocks).
//
// It drives undici's dispatch handler API directly rather than `request()`'s body stream: each
// network chunk goes straight into a queue the stream reader pulls from, skipping the Readable
// machinery that dominates the per-chunk cost when every frame arrives in its own read. Backpressure
// is `controller.pause()` / `resume()`.
import type { Agent, Dispatcher } from 'undici';
import { TimeoutError } from '../errors.js';
import { abortReason, onAbort } from './abort.js';
import { toTransportError } from './errors-map.js';
import { pushBody, type PushBody } from './push-body.js';
import type { Transport, TransportRequest, TransportResponse } from './transport.js';
import type { DispatcherLike } from './types.js';

export interface UndiciTransportOptions {
  /** A caller's dispatcher; left open by `close()`. */
  dispatcher?: DispatcherLike;
  connectMs: number;
}

// undici is pinned to an exact version (package.json), so its internal path is stable; no
// fallback to `import('undici')`, which a bundler would follow and inline whole (fetch, WebSocket,
// caches, mocks) next to the Agent.
async function loadAgent(): Promise<typeof Agent> {
  return (await import('undici/lib/dispatcher/agent.js')).default;
}

export async function createUndiciTransport(options: UndiciTransportOptions): Promise<Transport> {
  const AgentClass = options.dispatcher ? undefined : await loadAgent();
  const own = AgentClass && new AgentClass({ connect: { timeout: options.connectMs }, keepAliveTimeout: 30_000 });
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

      if (closed) return reject(new TypeError('BedrockRuntime is closed'));
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
    async close() {
      closed = true;
      const err = new TypeError('BedrockRuntime closed while the request was in flight');
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
