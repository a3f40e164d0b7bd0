import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import { constants } from 'node:http2';
import { TooLarge } from './limits.js';

/**
 * One request/response pair, the same for HTTP/1.1 and h2c, so the emulator logic does not care
 * which protocol the client speaks.
 */
export interface Exchange {
  readonly method: string;
  /** Raw request target (path and query), exactly as received. */
  readonly target: string;
  readonly headers: IncomingHttpHeaders;
  /** The request body; rejects with `TooLarge` past `max` bytes (and stops reading). */
  readBody(max?: number): Promise<Uint8Array>;
  writeHead(status: number, headers: Record<string, string>): void;
  /** Resolves once the chunk is accepted (waits for `drain` under backpressure). */
  write(chunk: Uint8Array): Promise<void> | void;
  end(chunk?: Uint8Array | string): void;
  /** Kills the exchange: destroys the HTTP/1.1 socket, or resets the h2 stream. */
  reset(): void;
  /** True once the client went away (or the response was torn down). */
  readonly gone: boolean;
  /** Resolves when the exchange is torn down for any reason. */
  readonly closed: Promise<void>;
}

type Req = IncomingMessage | Http2ServerRequest;
type Res = ServerResponse | Http2ServerResponse;

export function toExchange(req: Req, res: Res): Exchange {
  let gone = false;
  const closed = new Promise<void>((resolve) => {
    const done = () => {
      gone = true;
      resolve();
    };
    // Not req 'close': Node emits it once the request body is read, while the client is still there.
    res.once('close', done);
  });
  const out = res as ServerResponse;
  return {
    method: req.method ?? 'GET',
    target: req.url ?? '/',
    headers: req.headers,
    readBody: (max = Infinity) =>
      new Promise<Uint8Array>((resolve, reject) => {
        const parts: Buffer[] = [];
        let size = 0;
        const onData = (c: Buffer) => {
          size += c.length;
          if (size <= max) return void parts.push(c);
          parts.length = 0;
          req.off('data', onData);
          req.pause();
          reject(new TooLarge(max));
        };
        req.on('data', onData);
        req.once('end', () => resolve(parts.length === 1 ? parts[0] : Buffer.concat(parts)));
        req.once('error', reject);
      }),
    writeHead(status, headers) {
      out.writeHead(status, headers);
    },
    write(chunk) {
      if (gone) return;
      if (out.write(chunk)) return;
      return new Promise<void>((resolve) => {
        const go = () => {
          res.off('drain', go);
          res.off('close', go);
          resolve();
        };
        res.on('drain', go);
        res.on('close', go);
      });
    },
    end(chunk) {
      if (!gone) out.end(chunk);
    },
    reset() {
      gone = true;
      if ('stream' in res) res.stream.close(constants.NGHTTP2_INTERNAL_ERROR);
      else res.socket?.destroy();
    },
    get gone() {
      return gone;
    },
    closed,
  };
}
