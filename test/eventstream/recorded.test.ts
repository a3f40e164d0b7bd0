// Oracle: every real Bedrock body under test/fixtures/recorded/ (a new capture dropped in the
// folder is tested automatically) must decode to exactly what @smithy/eventstream-codec decodes,
// whole and re-chunked, and match the summary in its sidecar .json (written from a separate scan).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventStreamDecoder, EventStreamError } from '../../src/eventstream/index.js';
import type { EventStreamMessage } from '../../src/eventstream/index.js';
import { prng, splitAt, splitInto } from '../../bench/workloads.js';
import { smithyDecodeAll } from './oracle.js';

const root = new URL('../fixtures/recorded/', import.meta.url).pathname;

interface Capture {
  family: string;
  name: string;
  body: Uint8Array;
  stream: {
    frames: number;
    message_types: Record<string, number>;
    event_types: Record<string, number>;
    inner_chunk_types?: Record<string, number>;
  };
}

function captures(): Capture[] {
  const out: Capture[] = [];
  for (const family of readdirSync(root).sort()) {
    for (const file of readdirSync(join(root, family)).filter((f) => f.endsWith('.bin')).sort()) {
      const side = JSON.parse(readFileSync(join(root, family, file.replace(/\.bin$/, '.json')), 'utf8'));
      out.push({ family, name: file, body: new Uint8Array(readFileSync(join(root, family, file))), stream: side.stream });
    }
  }
  return out;
}

function decodeChunks(chunks: Uint8Array[]): EventStreamMessage[] {
  const d = new EventStreamDecoder();
  const out: EventStreamMessage[] = [];
  for (const c of chunks) for (const m of d.push(c)) out.push(m);
  d.end();
  return out;
}

function count(into: Record<string, number>, key: string): void {
  into[key] = (into[key] ?? 0) + 1;
}

function stringHeader(m: EventStreamMessage, name: string): string | undefined {
  const h = m.headers[name];
  return h?.type === 'string' ? h.value : undefined;
}

/**
 * The sidecar's name for the inner JSON of a `chunk` frame: its `type` (Anthropic, Nova ...),
 * else `event_type` (Cohere), else its first key. Frames whose `bytes` is not a JSON object
 * (Agents) are not counted, as in the sidecar.
 */
function innerChunkType(payload: Uint8Array): string | undefined {
  let inner: unknown;
  try {
    const outer = JSON.parse(Buffer.from(payload).toString('utf8'));
    inner = JSON.parse(Buffer.from(outer.bytes, 'base64').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!inner || typeof inner !== 'object') return undefined;
  const o = inner as Record<string, unknown>;
  if (typeof o.type === 'string') return o.type;
  if (typeof o.event_type === 'string') return o.event_type;
  return Object.keys(o)[0];
}

const all = captures();
const good = all.filter((c) => c.family !== 'damaged');
const damaged = all.filter((c) => c.family === 'damaged');

describe('recorded Bedrock bodies', () => {
  it('the folder holds the captures the README lists', () => {
    expect(good.length).toBeGreaterThanOrEqual(118);
    expect(damaged.length).toBeGreaterThanOrEqual(1);
  });

  for (const c of good) {
    it(`${c.family}/${c.name}`, () => {
      const expected = smithyDecodeAll(c.body);
      const whole = decodeChunks([c.body]);
      expect(whole).toEqual(expected);

      // Re-chunked: 1 byte, odd small sizes, a typical socket size, and seeded random cuts.
      const rand = prng(c.body.length);
      const cuts = Array.from({ length: 1 + Math.floor(c.body.length / 97) }, () => Math.floor(rand() * c.body.length));
      for (const chunks of [splitInto(c.body, 1), splitInto(c.body, 7), splitInto(c.body, 13), splitInto(c.body, 16384), splitAt(c.body, cuts)]) {
        expect(decodeChunks(chunks)).toEqual(expected);
      }

      const messageTypes: Record<string, number> = {};
      const eventTypes: Record<string, number> = {};
      const innerTypes: Record<string, number> = {};
      for (const m of whole) {
        const mt = stringHeader(m, ':message-type');
        if (mt !== undefined) count(messageTypes, mt);
        const et = stringHeader(m, ':event-type');
        if (et !== undefined) count(eventTypes, et);
        if (et === 'chunk') {
          const t = innerChunkType(m.payload);
          if (t !== undefined) count(innerTypes, t);
        }
      }
      expect(whole.length).toBe(c.stream.frames);
      expect(messageTypes).toEqual(c.stream.message_types);
      expect(eventTypes).toEqual(c.stream.event_types);
      expect(innerTypes).toEqual(c.stream.inner_chunk_types ?? {});
    });
  }

  for (const c of damaged) {
    it(`damaged/${c.name} fails with a typed error, whole and byte by byte`, () => {
      for (const chunks of [[c.body], splitInto(c.body, 1)]) {
        let err: unknown;
        try {
          decodeChunks(chunks);
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(EventStreamError);
        // The source cut the leading total_length, so the first prelude's CRC cannot match.
        expect((err as EventStreamError).code).toBe('PRELUDE_CRC_MISMATCH');
        expect((err as EventStreamError).offset).toBe(0);
      }
    });
  }
});
