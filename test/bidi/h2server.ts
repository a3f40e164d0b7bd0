// A plain HTTP/2 (h2c) server for the bidirectional-stream tests: records each request's headers
// and raw body bytes, and answers with whatever the test scripts. Loopback only.
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  headers: http2.IncomingHttpHeaders;
  body: Buffer[];
  ended: boolean;
  stream: http2.ServerHttp2Stream;
}

export interface H2Server {
  url: string;
  requests: Recorded[];
  /** Server-side streams not yet closed. */
  openStreams(): number;
  sessions(): number;
  close(): Promise<void>;
}

export type Script = (r: Recorded) => void;

/** Default script: 200 at once, the response ends when the request does. */
export const echoEnd: Script = (r) => {
  r.stream.respond({ ':status': 200, 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': 'req-1' });
  r.stream.on('end', () => r.stream.end());
};

export async function startH2Server(script: Script = echoEnd, settings: http2.Settings = {}): Promise<H2Server> {
  const server = http2.createServer({ settings });
  const requests: Recorded[] = [];
  const streams = new Set<http2.ServerHttp2Stream>();
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on('session', (s) => {
    sessions.add(s);
    s.on('close', () => sessions.delete(s));
  });
  server.on('stream', (stream, headers) => {
    streams.add(stream);
    stream.on('close', () => streams.delete(stream));
    stream.on('error', () => {});
    const r: Recorded = { headers, body: [], ended: false, stream };
    stream.on('data', (c: Buffer) => r.body.push(c));
    stream.on('end', () => (r.ended = true));
    requests.push(r);
    script(r);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    openStreams: () => streams.size,
    sessions: () => sessions.size,
    close: () =>
      new Promise<void>((ok) => {
        for (const s of sessions) s.destroy();
        server.close(() => ok());
      }),
  };
}
