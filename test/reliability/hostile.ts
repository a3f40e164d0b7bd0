// A hostile server on loopback: answers each request with whatever the test's handler writes,
// and counts requests and open sockets. For the cases the emulator will not do on purpose
// (echoing the request, trickling, never ending a 200 body).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { encodeEventStreamMessage } from '../../src/eventstream/index.js';
import type { HeaderValue } from '../../src/eventstream/index.js';

export interface Hostile {
  url: string;
  /** Requests received so far. */
  requests: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: Buffer }>;
  openSockets(): number;
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage & { body: Buffer }, res: ServerResponse) => void;

export async function hostile(handler: Handler): Promise<Hostile> {
  const sockets = new Set<Socket>();
  const requests: Hostile['requests'] = [];
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const body = Buffer.concat(parts);
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(Object.assign(req, { body }), res);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    openSockets: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const str = (value: string): HeaderValue => ({ type: 'string', value });

/** One event-stream frame: an event with a JSON payload, or an exception. */
export function frame(kind: 'event' | 'exception', type: string, payload: unknown): Uint8Array {
  const headers: Record<string, HeaderValue> =
    kind === 'event'
      ? { ':message-type': str('event'), ':event-type': str(type), ':content-type': str('application/json') }
      : { ':message-type': str('exception'), ':exception-type': str(type), ':content-type': str('application/json') };
  return encodeEventStreamMessage({ headers, payload: new TextEncoder().encode(typeof payload === 'string' ? payload : JSON.stringify(payload)) });
}

/** A `chunk` event carrying `json` as the model's bytes. */
export function chunk(json: unknown): Uint8Array {
  return frame('event', 'chunk', { bytes: Buffer.from(JSON.stringify(json)).toString('base64') });
}

/** Secrets shaped like the real ones (lengths and alphabets), never real. */
export const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYSECRETKEY1';
export const TOKEN = 'IQoJb3JpZ2luX2VjEFAKE/SESSION+TOKEN' + 'x'.repeat(300) + 'ENDOFTOKEN==';
export const API_KEY = 'bedrock-api-key-' + Buffer.from('bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Signature=fake' + 'k'.repeat(200)).toString('base64');
