// The agreement check: every recorded Bedrock request (test/fixtures/verdicts/, real interactions
// recorded by other projects) is sent to the emulator, signed for it, and the emulator's verdict is
// compared with AWS's: a recorded 200 must be accepted and answered in the recorded shape (status,
// content type, the headers that matter, the JSON key paths, the stream's event types); a recorded
// 4xx must be refused with the same status, error type and message.
import { readdirSync, readFileSync } from 'node:fs';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { EventStreamDecoder } from '../../src/eventstream/index.js';
import type { Emulator } from '../../src/emulator/index.js';

const DIR = new URL('../fixtures/verdicts/', import.meta.url);

export interface Recording {
  file: string;
  operation: string;
  model_id: string;
  family: string;
  request: { method: string; uri: string; headers: Record<string, string>; body_text?: string | null; body_base64?: string | null };
  response: { status: number; headers: Record<string, string>; body_text?: string | null; body_base64?: string | null };
}

export function loadRecordings(): Recording[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => JSON.parse(readFileSync(new URL(f, DIR), 'utf8')) as Recording[]);
}

export type Outcome = 'accepted' | 'refused' | 'disagrees';
export interface Result {
  file: string;
  family: string;
  outcome: Outcome;
  /** Why it disagrees (empty when it agrees). */
  reasons: string[];
}

const lower = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));

/** The AWS timestamps in a "Signature expired: <signed> is now earlier than <floor> (<now> - 5 min.)" message. */
function expiredTimes(message: string): { signed: Date; now: Date } | undefined {
  const m = /Signature expired: (\d{8}T\d{6}Z) is now earlier than \d{8}T\d{6}Z \((\d{8}T\d{6}Z) - 5 min\.\)/.exec(message);
  if (!m) return undefined;
  const parse = (s: string) => new Date(`${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}Z`);
  return { signed: parse(m[1]), now: parse(m[2]) };
}

/** The signing date and server clock a recording needs: its own times where the answer depends on them. */
export function timesFor(r: Recording): { signed: Date; now: Date } | undefined {
  const expired = expiredTimes(r.response.body_text ?? '');
  if (expired) return expired;
  const amz = lower(r.request.headers)['x-amz-date'];
  const date = lower(r.response.headers)['date'];
  if (/ExpiredTokenException/.test(lower(r.response.headers)['x-amzn-errortype'] ?? '') && amz && date) {
    const signed = expiredTimes(`Signature expired: ${amz} is now earlier than ${amz} (${amz} - 5 min.)`)!.signed;
    return { signed, now: new Date(date) };
  }
  return undefined;
}

export interface SendOptions {
  emu: Emulator;
  signingDate?: Date;
  sessionToken?: string;
}

/** Sends a recorded request to the emulator, SigV4-signed with the emulator's credentials. */
export async function send(r: Recording, o: SendOptions): Promise<{ status: number; headers: Record<string, string>; body: Uint8Array }> {
  const url = new URL(o.emu.url);
  const recorded = new URL(r.request.uri, 'https://bedrock-runtime.us-east-1.amazonaws.com');
  const body = r.request.body_base64 ? Buffer.from(r.request.body_base64, 'base64') : Buffer.from(r.request.body_text ?? '', 'utf8');
  const signer = new SignatureV4({
    service: 'bedrock',
    region: o.emu.region,
    credentials: { ...o.emu.credentials, ...(o.sessionToken ? { sessionToken: o.sessionToken } : {}) },
    sha256: Sha256,
  });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: recorded.pathname,
      query: {},
      headers: { host: url.host, 'content-type': 'application/json', accept: '*/*' },
      body,
    },
    o.signingDate ? { signingDate: o.signingDate } : {},
  );
  const res = await fetch(`${o.emu.url}${recorded.pathname}`, { method: 'POST', headers: signed.headers as Record<string, string>, body });
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => (headers[k] = v));
  return { status: res.status, headers, body: new Uint8Array(await res.arrayBuffer()) };
}

/** Key paths of a JSON value: `a.b[].c`, leaves' values dropped. */
export function keyPaths(v: unknown, path = '', out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) {
    for (const x of v) keyPaths(x, `${path}[]`, out);
  } else if (typeof v === 'object' && v !== null) {
    for (const [k, x] of Object.entries(v)) {
      const p = path ? `${path}.${k}` : k;
      out.add(p);
      keyPaths(x, p, out);
    }
  }
  return out;
}

/** The shape of a body: key paths, and for event streams the event types and each event's key paths. */
export function shapeOf(contentType: string, body: Uint8Array): { events: Set<string>; paths: Set<string> } {
  const events = new Set<string>();
  const paths = new Set<string>();
  if (!contentType.startsWith('application/vnd.amazon.eventstream')) {
    try {
      keyPaths(JSON.parse(Buffer.from(body).toString('utf8')), '', paths);
    } catch {
      paths.add('<not json>');
    }
    return { events, paths };
  }
  const decoder = new EventStreamDecoder();
  for (const m of decoder.push(body)) {
    const type = m.headers[':event-type']?.value ?? m.headers[':exception-type']?.value ?? m.headers[':message-type']?.value;
    const payload = JSON.parse(Buffer.from(m.payload).toString('utf8')) as Record<string, unknown>;
    if (type === 'chunk' && typeof payload.bytes === 'string') {
      const inner = JSON.parse(Buffer.from(payload.bytes, 'base64').toString('utf8')) as Record<string, unknown>;
      // Invoke streams: the model's own event names (Anthropic `type`, Nova's single key) stand for event types.
      const keys = Object.keys(inner).filter((k) => k !== 'amazon-bedrock-invocationMetrics');
      if (typeof inner.type === 'string') events.add(`chunk:${inner.type}`);
      else if (keys.length === 1) events.add(`chunk:${keys[0]}`);
      keyPaths(inner, 'chunk', paths);
    } else {
      events.add(String(type));
      delete payload.p;
      keyPaths(payload, String(type), paths);
    }
  }
  decoder.end();
  return { events, paths };
}

/**
 * Paths that depend on what the model chose to say, not on the wire format: tool calls, tool results
 * of server tools, reasoning, citations. (ConverseStream's `contentBlockStart` exists only for those.)
 */
function contentChoice(path: string): boolean {
  if (path === 'contentBlockStart' || path.startsWith('contentBlockStart.')) return true;
  return /(^|\.)(toolUse|toolResult|tool_use|reasoningContent|thinking|redacted_thinking|citationsContent|citations|tool_calls|input|server_tool_use|web_search_tool_result)(\.|\[|$)/.test(path);
}

const HEADERS = [
  'x-amzn-bedrock-content-type',
  'x-amzn-bedrock-input-token-count',
  'x-amzn-bedrock-output-token-count',
  'x-amzn-bedrock-cache-read-input-token-count',
  'x-amzn-bedrock-cache-write-input-token-count',
];

/** Key paths (and event types) per `family/operation`, recorded and emulated, for the report of what the emulator adds. */
export const seen = { recorded: new Map<string, Set<string>>(), emulated: new Map<string, Set<string>>() };
function note(map: Map<string, Set<string>>, key: string, shape: { events: Set<string>; paths: Set<string> }): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  for (const p of shape.paths) set.add(p);
  for (const e of shape.events) set.add(`event ${e}`);
}

/** Paths the emulator sent for a family/operation that no recording of it shows. */
export function extras(): string[] {
  const out: string[] = [];
  for (const [key, paths] of seen.emulated) {
    const recorded = seen.recorded.get(key) ?? new Set();
    const extra = [...paths].filter((p) => !recorded.has(p) && !contentChoice(p));
    if (extra.length) out.push(`${key}: ${extra.join(', ')}`);
  }
  return out;
}

/** Compares the emulator's answer with the recorded one. */
export function compare(r: Recording, got: { status: number; headers: Record<string, string>; body: Uint8Array }): Result {
  const reasons: string[] = [];
  const want = r.response;
  const wantHeaders = lower(want.headers);
  if (got.status !== want.status) {
    const text = Buffer.from(got.body).toString('utf8').slice(0, 300);
    reasons.push(`status ${got.status} (${got.headers['x-amzn-errortype']?.split(':')[0] ?? ''} ${text}), AWS ${want.status}`);
    return { file: r.file, family: r.family, outcome: 'disagrees', reasons };
  }
  if (want.status >= 400) {
    const wantType = (wantHeaders['x-amzn-errortype'] ?? (want.status === 400 ? 'ValidationException:' : '')).split(':')[0];
    const gotType = (got.headers['x-amzn-errortype'] ?? '').split(':')[0];
    if (wantType && gotType !== wantType) reasons.push(`error type ${gotType}, AWS ${wantType}`);
    if (wantHeaders['x-amzn-errortype'] && got.headers['x-amzn-errortype'] !== wantHeaders['x-amzn-errortype']) {
      reasons.push(`x-amzn-errortype ${got.headers['x-amzn-errortype']}, AWS ${wantHeaders['x-amzn-errortype']}`);
    }
    const wantMessage = (JSON.parse(want.body_text ?? '{}') as { message?: string }).message;
    const gotMessage = (JSON.parse(Buffer.from(got.body).toString('utf8')) as { message?: string }).message;
    if (gotMessage !== wantMessage) reasons.push(`message ${JSON.stringify(gotMessage)}, AWS ${JSON.stringify(wantMessage)}`);
    return { file: r.file, family: r.family, outcome: reasons.length ? 'disagrees' : 'refused', reasons };
  }
  const wantType = (wantHeaders['content-type'] ?? '').split(';')[0];
  const gotType = (got.headers['content-type'] ?? '').split(';')[0];
  if (wantType && gotType !== wantType) reasons.push(`content-type ${gotType}, AWS ${wantType}`);
  for (const h of HEADERS) if (h in wantHeaders && !(h in got.headers)) reasons.push(`header ${h} missing`);
  const wantBody = want.body_base64 ? Buffer.from(want.body_base64, 'base64') : Buffer.from(want.body_text ?? '', 'utf8');
  const a = shapeOf(wantType, wantBody);
  const b = shapeOf(gotType, got.body);
  note(seen.recorded, `${r.family}/${r.operation}`, a);
  note(seen.emulated, `${r.family}/${r.operation}`, b);
  const missingEvents = [...a.events].filter((e) => !b.events.has(e) && !contentChoice(e));
  if (missingEvents.length) reasons.push(`event types missing: ${missingEvents.join(', ')}`);
  const missing = [...a.paths].filter((p) => !b.paths.has(p) && !contentChoice(p));
  if (missing.length) reasons.push(`key paths missing: ${missing.slice(0, 8).join(', ')}${missing.length > 8 ? ` (+${missing.length - 8})` : ''}`);
  return { file: r.file, family: r.family, outcome: reasons.length ? 'disagrees' : 'accepted', reasons };
}
