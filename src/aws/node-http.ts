// HTTP for the default credential chain (STS, SSO, container and instance metadata endpoints).
// Node only: reached from node-chain.ts, which platform-node.ts imports on first use. Every call
// has a deadline and every body a size limit; nothing here puts a header or a body in a message.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** Largest body read from a credential endpoint (STS replies are ~1.5 KB). */
const MAX_BODY = 256 * 1024;

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One request; `timeoutMs` bounds the whole exchange (connect, headers, body). Rejects with an
 * `Error` whose message names the host and what went wrong (never a header or body).
 */
export function send(
  url: URL,
  init: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs: number },
): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const headers = { ...init.headers };
    if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body));
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { method: init.method ?? 'GET', headers });
    const fail = (why: string) => {
      clearTimeout(timer);
      req.destroy();
      reject(new Error(`${url.host}: ${why}`));
    };
    const timer = setTimeout(() => fail(`no answer within ${init.timeoutMs} ms`), init.timeoutMs);
    req.on('error', (e: NodeJS.ErrnoException) => fail(e.code ?? 'connection failed'));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) fail(`response larger than ${MAX_BODY} bytes`);
        else chunks.push(c);
      });
      res.on('error', () => fail('connection lost'));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.end(init.body);
  });
}

/** The JSON object in `text`, or `undefined`. */
export function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The text of the first `<name>` element in `xml`, entities decoded (enough for STS's flat replies). */
export function xmlText(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  return m
    ? m[1].replace(/&(lt|gt|quot|apos|amp|#x?[0-9a-f]+);/gi, (_, e: string) =>
        e[0] === '#' ? String.fromCodePoint(Number(e[1] === 'x' || e[1] === 'X' ? `0${e.slice(1)}` : e.slice(1))) : ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' } as Record<string, string>)[e.toLowerCase()],
      )
    : undefined;
}
