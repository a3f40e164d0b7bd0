import type { CacheUsage } from './cache.js';
import type { Prompt, ToolSpec } from './prompt.js';
import { countWords, isRecord } from './prompt.js';
import { createRng, hashSeed, randomInt, type Rng } from './rng.js';
import { BLOCKED_MESSAGE, redactedData, signatureOf } from './vocabulary.js';

/** A tool call the answer makes. */
export interface ReplyTool {
  name: string;
  input: Record<string, unknown>;
  /** `JSON.stringify(input)` cut into the pieces a stream sends. */
  pieces: string[];
}

/**
 * The family-neutral answer: what to say, in which pieces, and why it stopped. Families only
 * shape it. Text is produced lazily by `text()` so that a benchmark can ask for a stream of
 * millions of words without holding it in memory.
 */
export interface Reply {
  inputTokens: number;
  outputTokens: number;
  /** Pieces of reasoning text, or null when none was asked for. */
  reasoning: string[] | null;
  /** The reasoning block's signature: derived from its text, so a block sent back altered is refused. */
  signature: string;
  /** A redacted reasoning block's data (Anthropic's test trigger), after the reasoning. */
  redacted: string | null;
  /** The answer cites this document (citations requested). */
  cite: { index: number; title: string; quote: string } | null;
  /** A guardrail ran: `intervened` when it blocked the answer, `trace` when the trace was asked for. */
  guardrail: { intervened: boolean; trace: boolean } | null;
  /** The text pieces (1-3 words each, leading spaces included), generated afresh on each call. */
  text(): Generator<string>;
  textWords: number;
  tool: ReplyTool | null;
  stop: 'end' | 'length' | 'tool' | 'guardrail';
  firstByteLatency: number;
  invocationLatency: number;
  /** Randomness for ids and padding, seeded like the rest. */
  rng: Rng;
  /** Prompt-cache counts, when the answer reports them (see cache.ts); set by the server. */
  cache?: CacheUsage;
  /** Request settings a Converse answer repeats (`performanceConfig`, `serviceTier`); set by the server. */
  echo?: Record<string, unknown>;
}

const VOCAB = (
  'the model answers quickly and clearly with a short note about streams frames bytes ' +
  'signatures regions tokens latency retries emulator bedrock wire local loopback answer ' +
  'example value result simple small fast steady careful plain useful helpful final reply'
).split(' ');

export interface ReplyOptions {
  seed: number;
  /** Total words wanted (before max tokens). */
  outputWords?: number;
  /** An InvokeModel guardrail (from its headers); Converse names it in the body. */
  guardrail?: { trace: boolean };
}

/** Plans the answer to a prompt; deterministic for (seed, prompt). */
export function planReply(prompt: Prompt, options: ReplyOptions): Reply {
  const base = hashSeed(options.seed, prompt.allText + '\u0000' + prompt.text);
  const rng = createRng(base);
  const inputTokens = Math.max(1, countWords(prompt.allText));
  const max = prompt.maxTokens !== undefined && prompt.maxTokens > 0 ? prompt.maxTokens : Infinity;

  const vocab = prompt.vocab;
  const guard = options.guardrail ?? vocab?.guardrail;
  const intervened = !!guard && !!vocab?.blocked;
  const forced = prompt.forcedTool === undefined ? undefined : prompt.tools.find((t) => t.name === prompt.forcedTool);
  const toolSpec = prompt.toolResult === null && !intervened ? (forced ?? pickTool(prompt.text, prompt.tools)) : undefined;
  // Structured output: the whole answer is one JSON value of the schema (no spaces, so one "word").
  const json = vocab?.schema !== undefined && !toolSpec && !intervened ? JSON.stringify(toolInput(vocab.schema, prompt.text)) : undefined;
  const lead = intervened
    ? BLOCKED_MESSAGE
    : json ?? (toolSpec
      ? `I'll use the ${toolSpec.name} tool.`
      : prompt.toolResult !== null
        ? `The tool returned: ${clip(prompt.toolResult, 30)}`
        : `You said: ${clip(prompt.text, 40)}`);
  const leadWords = lead.split(/\s+/).filter(Boolean);

  let reasoning: string[] | null = null;
  if (prompt.reasoning && !intervened) {
    const thought = `Let me think about this. The user wrote: ${clip(prompt.text, 12)} I should answer briefly.`;
    reasoning = split(thought.split(/\s+/).filter(Boolean), rng);
  }
  const reasoningWords = reasoning ? reasoning.reduce((n, p) => n + countWords(p), 0) : 0;

  const wanted = toolSpec || json !== undefined || intervened
    ? leadWords.length
    : Math.max(leadWords.length, options.outputWords ?? leadWords.length + randomInt(rng, 10, 30));
  const budget = Math.max(0, max - reasoningWords);
  const textWords = Math.min(wanted, budget);
  let stop: Reply['stop'] = intervened ? 'guardrail' : textWords < wanted ? 'length' : 'end';

  let tool: ReplyTool | null = null;
  let toolTokens = 0;
  if (toolSpec && stop === 'end') {
    const input = toolInput(toolSpec.schema, prompt.text);
    const json = JSON.stringify(input);
    tool = { name: toolSpec.name, input, pieces: chop(json, rng) };
    toolTokens = Math.max(1, Math.ceil(json.length / 4));
    stop = 'tool';
  }

  const textSeed = hashSeed(base, 'text');
  const outputTokens = reasoningWords + textWords + toolTokens;
  const firstByteLatency = randomInt(rng, 80, 400);
  // The signature used to be 48 random bytes: draw them still, so ids and padding stay as they were for a seed.
  for (let i = 0; i < 48; i++) rng();
  return {
    inputTokens,
    outputTokens,
    reasoning,
    signature: reasoning ? signatureOf(reasoning.join('')) : '',
    redacted: reasoning && vocab?.redact ? redactedData(prompt.allText) : null,
    cite: !intervened && !toolSpec && json === undefined ? (vocab?.cite ?? null) : null,
    guardrail: guard ? { intervened, trace: guard.trace } : null,
    textWords,
    text: () => pieces(leadWords, textWords, textSeed),
    tool,
    stop,
    firstByteLatency,
    invocationLatency: firstByteLatency + outputTokens * 7,
    rng,
  };
}

/** The whole text of a reply, for non-streaming bodies. */
export function replyText(reply: Reply): string {
  let s = '';
  for (const p of reply.text()) s += p;
  return s;
}

function* pieces(lead: string[], total: number, seed: number): Generator<string> {
  const rng = createRng(seed);
  let i = 0;
  while (i < total) {
    const n = Math.min(total - i, 1 + Math.floor(rng() * 3));
    let s = '';
    for (let k = 0; k < n; k++, i++) {
      const w = i < lead.length ? lead[i] : VOCAB[Math.floor(rng() * VOCAB.length)];
      s += i === 0 ? w : ' ' + w;
    }
    yield s;
  }
}

function split(words: string[], rng: Rng): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; ) {
    const n = 1 + Math.floor(rng() * 3);
    out.push((i === 0 ? '' : ' ') + words.slice(i, i + n).join(' '));
    i += n;
  }
  return out;
}

/** Cuts a JSON string in 4-12 character pieces, like `input_json_delta` does. */
function chop(json: string, rng: Rng): string[] {
  const out: string[] = [];
  for (let i = 0; i < json.length; ) {
    const n = 4 + Math.floor(rng() * 9);
    out.push(json.slice(i, i + n));
    i += n;
  }
  return out;
}

function clip(text: string, words: number): string {
  const w = text.split(/\s+/).filter(Boolean);
  return w.length > words ? w.slice(0, words).join(' ') + ' ...' : w.join(' ');
}

/** A tool is called when the prompt names it, or names a distinctive part of it ("weather" for `get_weather`). */
export function pickTool(text: string, tools: ToolSpec[]): ToolSpec | undefined {
  if (tools.length === 0) return undefined;
  const lower = text.toLowerCase();
  for (const t of tools) {
    const name = t.name.toLowerCase();
    if (lower.includes(name) || lower.includes(name.replace(/[_-]/g, ' '))) return t;
  }
  for (const t of tools) {
    const parts = t.name
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toLowerCase()
      .split(/[\s_-]+/)
      .filter((p) => p.length >= 4 && p !== 'current' && p !== 'tool');
    if (parts.some((p) => new RegExp(`\\b${p}`).test(lower))) return t;
  }
  return undefined;
}

/** An input that satisfies the tool's schema, with values taken from the prompt where it can. */
function toolInput(schema: unknown, text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!isRecord(schema) || !isRecord(schema.properties)) return out;
  const required = Array.isArray(schema.required) ? schema.required.map(String) : [];
  const names = required.length > 0 ? required : Object.keys(schema.properties);
  for (const name of names) {
    const prop = schema.properties[name];
    out[name] = sample(name, isRecord(prop) ? prop : {}, text);
  }
  return out;
}

function sample(name: string, prop: Record<string, unknown>, text: string): unknown {
  if (Array.isArray(prop.enum) && prop.enum.length > 0) return prop.enum[0];
  switch (prop.type) {
    case 'number':
    case 'integer':
      return 42;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return toolInput(prop, text);
    default:
      return /location|city|place|town/i.test(name) ? (properNoun(text) ?? 'Seattle') : (properNoun(text) ?? 'example');
  }
}

function properNoun(text: string): string | undefined {
  const words = text.split(/\s+/).slice(1);
  const hit = words.find((w) => /^[A-Z][a-z]+/.test(w));
  return hit?.replace(/[^A-Za-z]/g, '');
}

