// Accumulates one response, from a whole body or from stream deltas, and emits the StreamChunks.
// Every family's decoder drives one of these, so text, tool calls, usage and the final chunk are
// assembled the same way everywhere. State is in `#private` fields: a minifier shortens those.

import { parseArguments } from './arguments.js';
import type { ResponseMeta } from './codec.js';
import { put } from './extra.js';
import { finishReasonOf } from './finish.js';
import { record } from './json.js';
import type { TagSplitter } from './tags.js';
import type {
  Citation, FinishReason, InvocationMetrics, LLMResponse, ReasoningPart, ResponsePart, StreamChunk, TextPart, ToolCall,
  ToolCallPart, Usage,
} from './types.js';

interface OpenCall {
  index: number;
  id: string;
  name: string;
  raw: string;
  part: ToolCallPart;
}

/** The token counts a family reports, under the builder's names; values arrive unchecked. */
export type UsageInput = Partial<Record<'input' | 'output' | 'total' | 'cacheRead' | 'cacheWrite', unknown>>;

/** Numbers the service may send as `null`, as strings, or (Titan guardrail chunks) as `3.0`. */
function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export class ResponseBuilder {
  id: string | undefined;
  model: string | undefined;
  #signature: string | undefined;
  /** The current part's text as flat 64 Ki-character segments joined (`#head`) and the deltas since (`#tail`); see `#append`. */
  #head = '';
  #tail = '';
  /** Where `#append` stores the probe that flattens (a field, so no compiler drops the read). */
  #probe = 0;
  /** The content in order; `#current` is the text or reasoning part that deltas extend until its block ends. */
  #parts: ResponsePart[] = [];
  #current: TextPart | ReasoningPart | undefined;
  trace: Record<string, unknown> | undefined;
  /** Finished calls at their start index, so they stay in start order when blocks close out of order. */
  #calls: ToolCall[] = [];
  #nextIndex = 0;
  #open = new Map<string | number, OpenCall>();
  #rawFinish: string | undefined;
  #forcedFinish: FinishReason | undefined;
  #counts: Partial<Record<keyof UsageInput, number>> = {};
  #metrics: InvocationMetrics | undefined;
  #done = false;
  #meta: ResponseMeta;
  #tags: TagSplitter | undefined;

  /** `tags`: the family writes its reasoning inline in the text (see `addContent`). */
  constructor(meta: ResponseMeta, tags?: TagSplitter) {
    this.#meta = meta;
    this.#tags = tags;
  }

  // Text, finish reasons and argument deltas are taken straight from the service's JSON: anything
  // but a non-empty string is ignored, so decoders need no type check of their own.

  addText(delta: unknown, out?: StreamChunk[]): void {
    if (typeof delta !== 'string' || !delta) return;
    this.#append(this.#textPart(), delta);
    out?.push({ type: 'text', text: delta });
  }

  /**
   * The text is kept once, in its part (the response's `content` is joined from the parts at the
   * end). `+=` makes V8 build a rope, one ~60-byte node per delta for a ~10-character delta. The
   * deltas since the last 64 Ki characters (`#tail`) are flattened into one flat string when they
   * reach that size and joined to the segments before (`#head`, a rope of a few large leaves, no
   * copy): about a byte a character, and no copy of the whole text as it grows (flattening the
   * whole text every quarter of growth copied it ~5 times over and made the peak heap ~7x the
   * answer). The part's `text` is `#head + #tail`, one rope node.
   */
  #append(part: TextPart | ReasoningPart, delta: string): void {
    let tail = (this.#tail += delta);
    if (tail.length >= 65536) {
      this.#probe = tail.charCodeAt(0); // a character read flattens the rope in place
      this.#head += tail;
      this.#tail = tail = '';
    }
    part.text = this.#head + tail;
  }

  #textPart(): TextPart {
    const c = this.#current;
    if (c?.type === 'text') return c;
    const part: TextPart = { type: 'text', text: '' };
    this.#parts.push(part);
    this.#head = this.#tail = '';
    return (this.#current = part);
  }

  /** What has been received so far (a stream that failed keeps it): text, reasoning, finished tool calls. */
  partial(): { content: string; reasoning: string; toolCalls: ToolCall[] } {
    return { content: this.#join('text') ?? '', reasoning: this.#join('reasoning') ?? '', toolCalls: this.#calls.filter(Boolean) };
  }

  /** The text of every part of one type, in order; undefined when there is none. */
  #join(type: 'text' | 'reasoning'): string | undefined {
    let out: string | undefined;
    for (const p of this.#parts) if (p.type === type) out = out === undefined ? p.text : out + p.text;
    return out;
  }

  /** A citation of the current text block (a block holding only citations gets an empty text part). */
  addCitation(citation: Citation, out?: StreamChunk[]): void {
    (this.#textPart().citations ??= []).push(citation);
    out?.push({ type: 'citation', citation });
  }

  /** The model's content block ended: the next delta starts a new part. */
  endBlock(): void {
    this.#current = undefined;
  }

  /** Encrypted reasoning, kept whole and in place so the turn can be sent back. */
  addRedactedReasoning(data: unknown, out?: StreamChunk[]): void {
    if (typeof data !== 'string' || !data) return;
    this.#parts.push({ type: 'redacted-reasoning', data });
    this.#current = undefined;
    out?.push({ type: 'redacted-reasoning', data });
  }

  /** Model text that may hold an inline reasoning section: split by the tags, else plain text. */
  addContent(delta: unknown, out?: StreamChunk[]): void {
    if (!this.#tags || typeof delta !== 'string') return this.addText(delta, out);
    this.#addSegments(this.#tags.push(delta), out);
  }

  #addSegments(segments: ReturnType<TagSplitter['push']>, out?: StreamChunk[]): void {
    for (const s of segments) s.kind === 'text' ? this.addText(s.text, out) : this.addReasoning(s.text, out);
  }

  /**
   * Reasoning text and/or its signature. Each reasoning block is its own part with its own signature
   * (a signature is never joined to another block's); a signature ends its block.
   */
  addReasoning(delta: string, out?: StreamChunk[], signature?: string): void {
    if (!delta && !signature) return;
    let c = this.#current;
    if (c?.type !== 'reasoning' || (c.signature !== undefined && delta)) {
      this.#parts.push((c = this.#current = { type: 'reasoning', text: '' }));
      this.#head = this.#tail = '';
    }
    if (delta) this.#append(c, delta);
    if (signature) this.#signature = c.signature = (c.signature ?? '') + signature;
    out?.push(signature ? { type: 'reasoning', text: delta, signature } : { type: 'reasoning', text: delta });
  }

  /** Opens a tool call under `key` (the family's block index or id). */
  startTool(key: string | number, id: string, name: string, out?: StreamChunk[]): void {
    if (this.#open.has(key)) this.endTool(key, out);
    const part: ToolCallPart = { type: 'tool-call', id, name, arguments: {} };
    this.#parts.push(part);
    this.#current = undefined;
    const call: OpenCall = { index: this.#nextIndex++, id, name, raw: '', part };
    this.#open.set(key, call);
    out?.push({ type: 'tool-call-start', index: call.index, id, name });
  }

  /** Tool calls started so far. */
  get toolCount(): number {
    return this.#nextIndex;
  }

  hasTool(key: string | number): boolean {
    return this.#open.has(key);
  }

  addToolArguments(key: string | number, delta: unknown, out?: StreamChunk[]): void {
    const call = this.#open.get(key);
    if (!call || typeof delta !== 'string' || !delta) return;
    call.raw += delta;
    out?.push({ type: 'tool-call-delta', index: call.index, id: call.id, argumentsDelta: delta });
  }

  /** Closes the call: its arguments are parsed here, once. No-op for an unknown key. */
  endTool(key: string | number, out?: StreamChunk[]): void {
    const call = this.#open.get(key);
    if (!call) return;
    this.#open.delete(key);
    const toolCall = this.#addCall(call.index, call.id, call.name, call.raw);
    call.part.arguments = toolCall.arguments;
    out?.push({ type: 'tool-call-end', index: call.index, toolCall });
  }

  /** A whole tool call from a non-streamed body (arguments already an object, or JSON text). */
  addToolCall(id: string, name: string, args: unknown): void {
    const call = this.#addCall(this.#nextIndex++, id, name, typeof args === 'string' ? args : JSON.stringify(args ?? {}));
    this.#parts.push({ type: 'tool-call', id, name, arguments: call.arguments });
    this.#current = undefined;
  }

  #addCall(index: number, id: string, name: string, raw: string): ToolCall {
    return (this.#calls[index] = { id, name, arguments: parseArguments(raw), rawArguments: raw });
  }

  setFinish(raw: unknown, normalised?: FinishReason): void {
    if (typeof raw !== 'string' || !raw) return;
    this.#rawFinish = raw;
    this.#forcedFinish = normalised;
  }

  get finishRaw(): string | undefined {
    return this.#rawFinish;
  }

  /** Token counts; later values replace earlier ones, `undefined` leaves them alone. */
  setUsage(u: UsageInput): void {
    for (const [key, value] of Object.entries(u) as [keyof UsageInput, unknown][]) {
      this.#counts[key] = num(value) ?? this.#counts[key];
    }
  }

  /** Latencies; later values replace earlier ones, `undefined` leaves them alone. */
  setMetrics(m: Partial<Record<keyof InvocationMetrics, unknown>>): void {
    for (const [key, value] of Object.entries(m) as [keyof InvocationMetrics, unknown][]) {
      const n = num(value);
      if (n !== undefined) (this.#metrics ??= {})[key] = n;
    }
  }

  /**
   * `amazon-bedrock-invocationMetrics`, which Bedrock adds to the last chunk of every
   * InvokeModelWithResponseStream body: the authoritative token counts and latencies.
   */
  addInvocationMetrics(chunk: Record<string, unknown>): void {
    // Only the last chunk carries them: return early on the hot path (every other chunk).
    const m = chunk['amazon-bedrock-invocationMetrics'];
    if (m === undefined) return;
    const r = record(m);
    this.setUsage({ input: r.inputTokenCount, output: r.outputTokenCount, cacheRead: r.cacheReadInputTokenCount, cacheWrite: r.cacheWriteInputTokenCount });
    this.setMetrics({ latencyMs: r.invocationLatency, firstByteLatencyMs: r.firstByteLatency });
  }

  /** The trace Bedrock adds with a guardrail (`amazon-bedrock-trace`, Converse `trace`); an intervention is a content filter. */
  addGuardrail(trace: unknown, action: unknown): void {
    if (trace !== undefined) this.trace = record(trace);
    if (action === 'INTERVENED') this.#forcedFinish = 'content_filter';
  }

  usage(): Usage {
    // Counts the body lacks come from the response headers (Nova with a guardrail sends no outputTokens).
    const h = this.#meta.usage;
    const { input = h?.input ?? 0, output = h?.output ?? 0, total, cacheRead, cacheWrite } = this.#counts;
    // A body's total that left out a count taken from the headers is not the total.
    const usage: Usage = { inputTokens: input, outputTokens: output, totalTokens: total !== undefined && total >= input + output ? total : input + output };
    put(usage, 'cacheReadTokens', cacheRead);
    put(usage, 'cacheWriteTokens', cacheWrite);
    return usage;
  }

  /** The end of the content: text held back by the tag splitter (a tag cut across chunks), open tool calls closed. */
  #close(out?: StreamChunk[]): void {
    if (this.#tags) this.#addSegments(this.#tags.flush(), out);
    for (const key of [...this.#open.keys()]) this.endTool(key, out);
  }

  build(): LLMResponse {
    this.#close();
    const meta = this.#meta;
    const response: LLMResponse = {
      id: this.id ?? meta.requestIdHint ?? globalThis.crypto.randomUUID(),
      model: this.model ?? meta.modelId,
      content: this.#join('text') ?? '',
      parts: [...this.#parts],
      toolCalls: this.#calls.filter(Boolean),
      finishReason: this.#forcedFinish ?? finishReasonOf(this.#rawFinish),
      usage: this.usage(),
      createdAt: new Date(),
    };
    // A response that called tools ends as tool_calls in every family (Cohere Command R says COMPLETE).
    if (response.finishReason === 'stop' && response.toolCalls.length) response.finishReason = 'tool_calls';
    if (meta.json) structured(response, meta.json);
    put(response, 'requestId', meta.requestId);
    put(response, 'serviceRequestId', meta.requestIdHint);
    put(response, 'reasoning', this.#join('reasoning'));
    put(response, 'reasoningSignature', this.#signature);
    put(response, 'rawFinishReason', this.#rawFinish);
    put(response, 'metrics', this.#metrics);
    put(response, 'trace', this.trace);
    return response;
  }

  /** The stream's last chunks: held-back text, open tool calls closed, usage (when any was seen), then finish. */
  finish(): StreamChunk[] {
    if (this.#done) throw new TypeError('stream decoder already finished');
    this.#done = true;
    const out: StreamChunk[] = [];
    this.#close(out);
    // Usage only when the stream carried some.
    if (this.#counts.input !== undefined || this.#counts.output !== undefined) out.push({ type: 'usage', usage: this.usage() });
    out.push({ type: 'finish', response: this.build() });
    return out;
  }
}

/**
 * `responseFormat` answers: the text parsed; with the forced-tool fallback (`{ tool }`), that tool's
 * arguments become the object and the text, and the call is not reported as a tool call.
 */
function structured(response: LLMResponse, json: true | { tool: string }): void {
  if (json === true) {
    try {
      response.object = JSON.parse(response.content);
    } catch {
      // Not JSON (cut by maxTokens, or refused): `object` stays undefined, `content` keeps the text.
    }
    return;
  }
  const call = response.toolCalls.find((c) => c.name === json.tool);
  if (!call) return;
  // The answer is the tool's input; text the model wrote before calling it is not part of it.
  response.object = call.arguments;
  response.content = call.rawArguments;
  response.toolCalls = response.toolCalls.filter((c) => c !== call);
  response.parts = response.parts!.flatMap((p): ResponsePart[] => (p.type === 'text' ? [] : p.type === 'tool-call' && p.id === call.id ? [{ type: 'text', text: call.rawArguments }] : [p]));
  if (response.finishReason === 'tool_calls' && !response.toolCalls.length) response.finishReason = 'stop';
}
