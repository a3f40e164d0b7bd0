// The undici transport: the only file that loads undici. Loaded with `import()` on the first
// request, so importing the package costs nothing for it. Only the Agent is loaded (one vendored
// file in the package, ~30 ms cold) rather than undici's index (~90 ms: fetch, WebSocket, caches, mocks).
//
// It drives undici's dispatch handler API directly rather than `request()`'s body stream: each
// network chunk goes straight into a queue the stream reader pulls from, skipping the Readable
// machinery that dominates the per-chunk cost when every frame arrives in its own read. Backpressure
// is `controller.pause()` / `resume()`.
import type { Agent, Dispatcher } from 'undici';
import { ClientClosedError, ConfigurationError, TimeoutError } from '../errors.js';
import { abortReason, onAbort } from './abort.js';
import { toTransportError } from './errors-map.js';
import { readAll } from './body.js';
import { pushBody, type FlowControl, type PushBody } from './push-body.js';
import type { Transport, TransportRequest, TransportResponse } from './transport.js';
import type { DispatcherLike } from './types.js';
import { wasmSimd, type Env } from './wasm-simd.js';

export interface UndiciTransportOptions {
  /** A caller's dispatcher; left open by `close()`. */
  dispatcher?: DispatcherLike;
  connectMs: number;
  /** Let V8 optimise undici's HTTP parser in the background (its default); see `baselineParserConnector`. */
  optimizeHttpParser?: boolean;
  /** The client's environment (`UNDICI_NO_WASM_SIMD`, see `wasmSimd`); default `process.env`. */
  env?: Env;
}

type Connect = (opts: object, cb: (err: Error | null, socket: unknown) => void) => void;
type BuildConnector = (options: { timeout: number }) => Connect;
type V8 = { setFlagsFromString(flags: string): void };

type AgentClass = typeof Agent;
interface LoadedAgent {
  Agent: AgentClass;
  /** undici's connector: present for the vendored Agent (the parser-compile window is set through it). */
  buildConnector?: BuildConnector;
}

// undici's Agent and connector (`#vendor/undici-agent`: in the package one vendored file, see
// src/vendor/undici-agent.ts, with only the SIMD build of undici's HTTP parser); no
// `import('undici')`, which a bundler would follow and inline whole (fetch, WebSocket, caches,
// mocks) next to the Agent. Where undici would not use its SIMD parser, Node's own undici instead.
async function loadAgent(env: Env | undefined): Promise<LoadedAgent | { dispatcher: DispatcherLike }> {
  if (!wasmSimd(env)) return nodeUndici();
  const m = await import('#vendor/undici-agent');
  // The package's `bedrock-wire-node-undici` condition: no undici of our own in this build.
  if (m.nodeOwn) return nodeUndici();
  return { Agent: m.Agent as AgentClass, buildConnector: m.buildConnector as unknown as BuildConnector };
}

const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

/**
 * Node's own undici — the copy its `fetch` runs on, with both parsers — for the platforms the
 * vendored Agent's SIMD parser does not serve. Node loads it on the first `fetch()` call, and
 * undici registers its default Agent under the key every undici copy shares
 * (`Symbol.for('undici.globalDispatcher.1')`, what `setGlobalDispatcher` sets): its class is the
 * Agent we construct. When an application set its own global dispatcher that is not an Agent (a
 * proxy agent), that dispatcher is used as it is, like a caller's `dispatcher`.
 */
function nodeUndici(): LoadedAgent | { dispatcher: DispatcherLike } {
  const g = globalThis as { fetch?: (url: string) => Promise<unknown>; [GLOBAL_DISPATCHER]?: DispatcherLike };
  // A `data:` URL touches no network; Node 20/22's undici compiles its parser while loading, so
  // the baseline-compile window is set around this call (see baselineParserConnector).
  if (!g[GLOBAL_DISPATCHER] && typeof g.fetch === 'function') baselineCompile(() => void g.fetch!('data:,').catch(() => {}));
  const found = g[GLOBAL_DISPATCHER];
  const ctor = (found as { constructor?: { name?: string } } | undefined)?.constructor;
  if (typeof ctor === 'function' && ctor.name === 'Agent') return { Agent: ctor as unknown as AgentClass };
  if (found && typeof (found as { dispatch?: unknown }).dispatch === 'function') return { dispatcher: found };
  throw new ConfigurationError(
    "No undici to run on: this build carries none (the bedrock-wire-node-undici condition) or this platform needs undici's non-SIMD HTTP parser (ppc64 before Node 24.12, UNDICI_NO_WASM_SIMD=1), which bedrock-wire does not ship, and this runtime has no undici of its own (Node's) — pass the dispatcher option (an undici Agent) or the fetch option",
  );
}

function v8(): V8 | undefined {
  return (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.('v8') as V8 | undefined;
}

/** Runs `fn` with V8 compiling WebAssembly on its baseline tier only (see baselineParserConnector). */
function baselineCompile(fn: () => void): void {
  const flag = (f: string): void => {
    try {
      v8()?.setFlagsFromString(f);
    } catch {
      // a V8 without the flag: V8's default compile, nothing else changes
    }
  };
  flag('--liftoff-only');
  try {
    fn();
  } finally {
    flag('--no-liftoff-only');
  }
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
  return (opts, cb) =>
    connect(opts, (err, socket) => {
      if (err || parserCompiled) return cb(err, socket);
      parserCompiled = true;
      baselineCompile(() => cb(err, socket));
    });
}

export async function createUndiciTransport(options: UndiciTransportOptions): Promise<Transport> {
  const loaded = options.dispatcher ? { dispatcher: options.dispatcher } : await loadAgent(options.env);
  let own: Agent | undefined;
  if ('Agent' in loaded) {
    const connect =
      loaded.buildConnector && !options.optimizeHttpParser ? baselineParserConnector(loaded.buildConnector, options.connectMs) : { timeout: options.connectMs };
    own = new loaded.Agent({ connect: connect as never, keepAliveTimeout: 30_000 });
  }
  const dispatcher = (own ?? (loaded as { dispatcher: DispatcherLike }).dispatcher) as Dispatcher;
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

      // The response's start, shared by undici 7's handler API and the older one below.
      const start = (status: number, headers: Record<string, string>, flow: FlowControl): void => {
        if (firstByte !== undefined) clearTimeout(firstByte);
        firstByte = undefined;
        body = pushBody(flow, req.idleMs);
        resolve({ status, headers, body });
      };
      const failed = (err: Error): void => fail(toTransportError(err, abortReasonSeen, { connect: options.connectMs, firstByte: req.firstByteMs, idle: req.idleMs }));
      const ended = (): void => {
        done();
        body!.end();
      };
      // undici 6 (Node 20 and 22's own undici) knows only the older handler API, where returning
      // false from onData pauses and `resume` (given with the headers) resumes; undici 7 takes
      // the newer one when `onRequestStart` is present. Both are here, so either undici works.
      let legacyPaused = false;
      const handler: Dispatcher.DispatchHandler & LegacyHandler = {
        onRequestStart(c) {
          controller = c;
          if (pendingAbort) c.abort(pendingAbort);
        },
        onResponseStart(c, status, headers) {
          if (status < 200) return; // 1xx: the final response follows
          start(status, flatten(headers), { pause: () => c.pause(), resume: () => c.resume(), abort: (e) => c.abort(e) });
        },
        onResponseData(_c, chunk) {
          body!.push(chunk);
        },
        onResponseEnd: ended,
        onResponseError: (_c, err) => failed(err),
        onConnect(abortFn) {
          controller = { abort: abortFn } as Dispatcher.DispatchController;
          if (pendingAbort) abortFn(pendingAbort);
        },
        onHeaders(status, raw, resume) {
          if (status < 200) return true;
          const flow: FlowControl = {
            pause: () => {
              legacyPaused = true;
            },
            resume: () => {
              if (!legacyPaused) return;
              legacyPaused = false;
              resume();
            },
            abort: (e) => controller?.abort(e),
          };
          start(status, flattenRaw(raw), flow);
          return true;
        },
        onData(chunk) {
          body!.push(chunk);
          return !legacyPaused;
        },
        onComplete: ended,
        onError: failed,
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

/** undici 6's handler methods (its `Dispatcher.DispatchHandlers`), as far as we implement them. */
interface LegacyHandler {
  onConnect(abort: (reason?: Error) => void): void;
  onHeaders(status: number, raw: Buffer[], resume: () => void, statusText: string): boolean;
  onData(chunk: Buffer): boolean;
  onComplete(trailers: unknown): void;
  onError(err: Error): void;
}

/** undici 6's raw headers: name, value, name, value… as bytes (latin1, as HTTP/1.1 header bytes are). */
function flattenRaw(raw: Buffer[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toString('latin1').toLowerCase();
    const value = raw[i + 1]!.toString('latin1');
    out[name] = Object.hasOwn(out, name) ? `${out[name]}, ${value}` : value;
  }
  return out;
}

function flatten(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) {
    const v = headers[name];
    if (v !== undefined) out[name.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}
