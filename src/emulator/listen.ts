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
export function listen(handler: Handler, port: number, host: string): Promise<Listener> {
  const http1 = createHttp1(handler);
  const http2 = createHttp2(handler);
  const sockets = new Set<Socket>();
  const server = createNet((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.once('data', (first: Buffer) => {
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
