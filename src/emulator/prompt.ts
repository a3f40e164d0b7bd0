import type { Vocabulary } from './vocabulary.js';
/** A tool the request offers, in family-neutral form. */
export interface ToolSpec {
  name: string;
  description?: string;
  /** JSON Schema of the input, when the family sends one. */
  schema?: unknown;
}

/** What the emulator reads from any family's request body. */
export interface Prompt {
  /** The last user text: what the answer is derived from. */
  text: string;
  /** Every piece of text in the request (system, history, tool results): what input tokens count. */
  allText: string;
  tools: ToolSpec[];
  /** Text of a tool result in the last user turn: the answer then reports it instead of calling a tool again. */
  toolResult: string | null;
  maxTokens?: number;
  /** The request asked for reasoning (Anthropic `thinking`, Converse reasoning fields). */
  reasoning: boolean;
  /** A tool the request forces (`tool_choice` / `toolChoice` naming a tool, or any/required: the first). */
  forcedTool?: string;
  /** Caching, structured output, citations, thinking sent back, guardrails (vocabulary.ts). */
  vocab?: Vocabulary;
}

export function emptyPrompt(): Prompt {
  return { text: '', allText: '', tools: [], toolResult: null, reasoning: false };
}

/** Rough token count: words. The same rule serves input counts, output counts and count-tokens. */
export function countWords(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const space = c === 32 || c === 10 || c === 9 || c === 13;
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function asNumber(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

// Keys whose strings are structure, not text a model would read.
const NOT_TEXT = new Set([
  'role', 'type', 'id', 'toolUseId', 'tool_use_id', 'tool_call_id', 'format', 'media_type', 'status', 'signature',
  'cache_control', 'cachePoint', 'bytes', 'data', 'source', 'image', 'document', 'video',
]);

/** Collects the strings of a structured body that are text (not roles, ids or binary data), for token counting. */
export function collectText(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) collectText(x, out);
  else if (isRecord(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (NOT_TEXT.has(k)) continue;
      collectText(x, out);
    }
  }
  return out;
}

/** The tool a tool choice forces: Anthropic `{type:'tool',name}` / `{type:'any'}`, Converse `{tool:{name}}` / `{any:{}}`. */
export function forcedToolOf(choice: unknown, tools: ToolSpec[]): string | undefined {
  if (!isRecord(choice)) return undefined;
  if (choice.type === 'tool' && typeof choice.name === 'string') return choice.name;
  if (isRecord(choice.tool) && typeof choice.tool.name === 'string') return choice.tool.name;
  if (choice.type === 'any' || isRecord(choice.any)) return tools[0]?.name;
  return undefined;
}
