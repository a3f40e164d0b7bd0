import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStreamDecoder, type EventStreamMessage } from '../../src/eventstream/index.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { cases } from './cases.js';

// The emulator's streams must use only the field names real Bedrock streams use: every key path of
// every chunk it sends must occur in the recorded captures of the same family.

const root = new URL('../fixtures/recorded/', import.meta.url);
const dec = new TextDecoder();

function decodeFile(dir: string, file: string): EventStreamMessage[] {
  return new EventStreamDecoder().push(readFileSync(new URL(`${dir}/${file}`, root)));
}

function inner(m: EventStreamMessage): any {
  return JSON.parse(Buffer.from(JSON.parse(dec.decode(m.payload)).bytes, 'base64').toString('utf8'));
}

/** Key paths of a JSON value: `a.b`, `a[].c`; values ignored. */
function paths(v: unknown, prefix = '', out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) for (const x of v) paths(x, prefix + '[]', out);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const p = prefix ? `${prefix}.${k}` : k;
      out.add(p);
      // Tool inputs are free-form JSON: their inner keys are the tool's, not Bedrock's.
      if (k !== 'input' && k !== 'parameters') paths(x, p, out);
    }
  }
  return out;
}

function captured(dir: string, keep: (chunk: any) => boolean = () => true): Set<string> {
  const all = new Set<string>();
  for (const f of readdirSync(new URL(dir, root)).filter((f) => f.endsWith('.bin'))) {
    const chunks = decodeFile(dir, f)
      .filter((m) => m.headers[':event-type']?.value === 'chunk')
      .map(inner);
    if (!chunks.every(keep)) continue;
    for (const c of chunks) paths(c, '', all);
  }
  return all;
}

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ verifyAuth: false, seed: 3 });
});
afterAll(() => emu.close());

async function stream(modelId: string, body: object, op = 'invoke-with-response-stream'): Promise<EventStreamMessage[]> {
  const res = await fetch(`${emu.url}/model/${encodeURIComponent(modelId)}/${op}`, { method: 'POST', body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return new EventStreamDecoder().push(new Uint8Array(await res.arrayBuffer()));
}

const byName = (n: string) => cases.find((c) => c.name === n)!;
const isLegacy = (c: any) => c.type === 'completion';

const families: { name: string; dir: string; keep?: (c: any) => boolean }[] = [
  { name: 'anthropic', dir: 'anthropic-claude', keep: (c) => !isLegacy(c) },
  { name: 'anthropic-legacy', dir: 'anthropic-claude', keep: isLegacy },
  { name: 'titan', dir: 'amazon-titan' },
  { name: 'nova', dir: 'amazon-nova' },
  { name: 'llama', dir: 'meta-llama' },
  { name: 'cohere-r', dir: 'cohere-command-r' },
  { name: 'cohere-text', dir: 'cohere-command' },
  { name: 'jamba', dir: 'ai21-jamba' },
  { name: 'mistral', dir: 'mistral' },
];

describe.each(families)('$name stream vs recorded captures in $dir', ({ name, dir, keep }) => {
  it('every key path the emulator sends occurs in a capture; frames carry p padding and metrics', async () => {
    const known = captured(dir, keep);
    expect(known.size).toBeGreaterThan(3);
    const c = byName(name);
    const msgs = await stream(c.modelId, c.body('What is the capital of France?', 100));
    for (const m of msgs) {
      expect(Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [k, v.value]))).toEqual({
        ':event-type': 'chunk',
        ':content-type': 'application/json',
        ':message-type': 'event',
      });
      const outer = JSON.parse(dec.decode(m.payload));
      expect(Object.keys(outer)).toEqual(['bytes', 'p']);
      expect('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.startsWith(outer.p)).toBe(true);
      const unknown = [...paths(inner(m))].filter((p) => !known.has(p));
      expect(unknown, JSON.stringify(inner(m))).toEqual([]);
    }
    const last = inner(msgs[msgs.length - 1]);
    // Nova's metrics carry the cache counts too (the 2025 dd-trace-js capture in amazon-nova/ shows them).
    const cacheCounts = name === 'nova' ? ['cacheReadInputTokenCount', 'cacheWriteInputTokenCount'] : [];
    expect(Object.keys(last['amazon-bedrock-invocationMetrics'])).toEqual(['inputTokenCount', 'outputTokenCount', 'invocationLatency', 'firstByteLatency', ...cacheCounts]);
    // Padding lengths vary from frame to frame, as the service's do.
    const lengths = new Set(msgs.map((m) => JSON.parse(dec.decode(m.payload)).p.length));
    if (msgs.length > 4) expect(lengths.size).toBeGreaterThan(1);
  });
});

describe('tool use streams vs captures', () => {
  const tools = [{ name: 'get_current_weather', description: 'weather', input_schema: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] } }];

  it('anthropic tool_use with input_json_delta pieces, stop_reason tool_use', async () => {
    const known = captured('anthropic-claude', (c) => !isLegacy(c));
    const msgs = await stream('anthropic.claude-3-5-sonnet-20240620-v1:0', {
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: 300,
      tools,
      messages: [{ role: 'user', content: 'What is the weather in Seattle?' }],
    });
    const chunks = msgs.map(inner);
    for (const ch of chunks) expect([...paths(ch)].filter((p) => !known.has(p))).toEqual([]);
    const start = chunks.find((ch) => ch.content_block?.type === 'tool_use');
    expect(start.content_block.id).toMatch(/^toolu_bdrk_01[A-Za-z0-9]{22}$/);
    const json = chunks.filter((ch) => ch.delta?.type === 'input_json_delta').map((ch) => ch.delta.partial_json).join('');
    expect(JSON.parse(json)).toEqual({ location: 'Seattle' });
    expect(chunks.find((ch) => ch.type === 'message_delta').delta.stop_reason).toBe('tool_use');
  });

  it('nova toolUse chunks', async () => {
    const known = captured('amazon-nova');
    const msgs = await stream('amazon.nova-lite-v1:0', {
      schemaVersion: 'messages-v1',
      messages: [{ role: 'user', content: [{ text: 'weather in Seattle please' }] }],
      toolConfig: { tools: [{ toolSpec: { name: 'get_current_weather', inputSchema: { json: tools[0].input_schema } } }] },
    });
    const chunks = msgs.map(inner);
    for (const ch of chunks) expect([...paths(ch)].filter((p) => !known.has(p))).toEqual([]);
    expect(chunks.find((ch) => ch.messageStop).messageStop.stopReason).toBe('tool_use');
  });
});

describe('ConverseStream vs captures', () => {
  const known = new Map<string, Set<string>>();
  beforeAll(() => {
    for (const f of readdirSync(new URL('converse-stream', root)).filter((f) => f.endsWith('.bin'))) {
      for (const m of decodeFile('converse-stream', f)) {
        const type = String(m.headers[':event-type']?.value);
        if (!known.has(type)) known.set(type, new Set());
        paths(JSON.parse(dec.decode(m.payload)), '', known.get(type));
      }
    }
  });

  it.each([
    ['text', { messages: [{ role: 'user', content: [{ text: 'hello' }] }] }],
    [
      'tool use',
      {
        messages: [{ role: 'user', content: [{ text: 'weather in Seattle?' }] }],
        toolConfig: { tools: [{ toolSpec: { name: 'get_current_weather', inputSchema: { json: { type: 'object', properties: { location: { type: 'string' } } } } } }] },
      },
    ],
    ['reasoning', { messages: [{ role: 'user', content: [{ text: 'think' }] }], additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 2000 } } }],
  ])('%s: event types and key paths all occur in captures; keys sorted like the service', async (_, body) => {
    const msgs = await stream('us.anthropic.claude-sonnet-4-20250514-v1:0', body, 'converse-stream');
    for (const m of msgs) {
      const type = String(m.headers[':event-type'].value);
      expect(known.has(type)).toBe(true);
      const text = dec.decode(m.payload);
      const data = JSON.parse(text);
      expect([...paths(data)].filter((p) => !known.get(type)!.has(p))).toEqual([]);
      expect(Object.keys(data)).toEqual([...Object.keys(data)].sort());
      expect(typeof data.p).toBe('string');
    }
  });
});

describe('anthropic thinking (no capture: shape from the Anthropic streaming docs)', () => {
  it('thinking block first: thinking_delta pieces, then signature_delta, then text', async () => {
    const c = byName('anthropic');
    const msgs = await stream(c.modelId, { ...c.body('think about it', 500), thinking: { type: 'enabled', budget_tokens: 1024 } });
    const chunks = msgs.map(inner);
    expect(chunks[1].content_block.type).toBe('thinking');
    const deltas = chunks.filter((ch) => ch.index === 0 && ch.type === 'content_block_delta').map((ch) => ch.delta.type);
    expect(deltas[deltas.length - 1]).toBe('signature_delta');
    expect(new Set(deltas.slice(0, -1))).toEqual(new Set(['thinking_delta']));
    expect(chunks.find((ch) => ch.content_block?.type === 'text').index).toBe(1);
  });
});

describe('determinism', () => {
  it('same seed and prompt → same text; another seed → another text', async () => {
    const c = byName('anthropic');
    const text = async (e: Emulator) => {
      const res = await fetch(`${e.url}/model/${encodeURIComponent(c.modelId)}/invoke`, { method: 'POST', body: JSON.stringify(c.body('same prompt', 200)) });
      return c.text(await res.json());
    };
    const a = await startEmulator({ verifyAuth: false, seed: 11 });
    const b = await startEmulator({ verifyAuth: false, seed: 11 });
    const other = await startEmulator({ verifyAuth: false, seed: 12 });
    const [ta, tb, to] = [await text(a), await text(b), await text(other)];
    expect(ta).toBe(tb);
    expect(ta).not.toBe(to);
    await Promise.all([a.close(), b.close(), other.close()]);
  });
});
