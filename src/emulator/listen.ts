import { createServer as createHttp1, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttp2, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import { createServer as createNet, type Socket } from 'node:net';

export type Handler = (req: IncomingMessage | Http2ServerRequest, res: ServerResponse | Http2ServerResponse) => void;

export interface Listener {
  port: number;
  sockets: Set<Socket>;
  close(): Promise<void>;
}

/**
 * Listens for HTTP/1.1 and h2c (prior knowledge) on one port: the first bytes of a connection say
 * which. The official client's default handler speaks HTTP/2, undici speaks HTTP/1.1; both must reach
 * the same emulator.
 */
export function listen(handler: Handler, port: number, host: string, headersTimeoutMs = 60_000): Promise<Listener> {
  const http1 = createHttp1({ headersTimeout: headersTimeoutMs, requestTimeout: Math.max(300_000, headersTimeoutMs) }, handler);
  const http2 = createHttp2(handler);
  const sockets = new Set<Socket>();
  const server = createNet((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    // A socket that never sends its first byte would be held forever (the protocol is chosen on
    // it): the same limit as node:http's headersTimeout.
    const silent = headersTimeoutMs > 0 ? setTimeout(() => socket.destroy(), headersTimeoutMs) : undefined;
    socket.once('close', () => clearTimeout(silent));
    socket.once('data', (first: Buffer) => {
      clearTimeout(silent);
      socket.pause();
      socket.unshift(first);
      const h2 = first.length >= 4 && first.toString('latin1', 0, 4) === 'PRI ';
      (h2 ? http2 : http1).emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : port,
        sockets,
        async close() {
          const closing = new Promise<void>((done) => server.close(() => done()));
          // Wait for each socket's own 'close', so openConnections() is 0 once close() resolves.
          await Promise.all(
            [...sockets].map((s) => {
              const gone = new Promise<void>((done) => (s.closed ? done() : s.once('close', () => done())));
              s.destroy();
              return gone;
            }),
          );
          await closing;
        },
      });
    });
  });
}
