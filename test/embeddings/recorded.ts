// Reading the recorded HTTP interactions (test/fixtures/recorded-http) and the numbers in their
// bodies, independently of JSON.parse.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Recording {
  file: string;
  model_id: string;
  request: { method: string; uri: string; headers: Record<string, string>; body_text: string };
  response: { status: number; headers: Record<string, string>; body_text: string };
}

const root = join(import.meta.dirname, '../fixtures/recorded-http');

export function recording(path: string): Recording {
  return { file: path, ...JSON.parse(readFileSync(join(root, path), 'utf8')) };
}

/**
 * The innermost number arrays inside the value of `"key"` in `text`, as the decimal literals
 * written there: a hand-written scan, so the check does not lean on JSON.parse.
 */
export function literalArrays(text: string, key: string): string[][] {
  const at = text.indexOf(`"${key}"`);
  if (at < 0) throw new Error(`no "${key}" in the body`);
  let i = text.indexOf('[', at);
  let depth = 0;
  const out: string[][] = [];
  let start = -1;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '[') {
      depth++;
      start = i + 1;
    } else if (c === ']') {
      if (start >= 0) out.push(text.slice(start, i).split(',').map((s) => s.trim()));
      start = -1;
      if (--depth === 0) break;
    } else if (c === '{' || c === '"') {
      start = -1; // not a number array
    }
  }
  return out;
}

/** A fetch that records what it was sent and answers with the recording's status, headers and body. */
export function replayFetch(rec: Recording) {
  const sent: Array<{ url: string; method: string; headers: Record<string, string>; body: string }> = [];
  const fetchFn = (async (url: string | URL, init: RequestInit) => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((v, k) => (headers[k] = v));
    sent.push({ url: String(url), method: String(init.method), headers, body: new TextDecoder().decode(init.body as Uint8Array) });
    return new Response(rec.response.body_text, { status: rec.response.status, headers: rec.response.headers });
  }) as typeof fetch;
  return { fetchFn, sent };
}
