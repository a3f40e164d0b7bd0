// Accumulates one response, from a whole body or from stream deltas, and emits the StreamChunks.
// Every family's decoder drives one of these, so text, tool calls, usage and the final chunk are
// assembled the same way everywhere.

import { parseArguments } from './arguments.js';
import type { ResponseMeta } from './codec.js';
import { finishReasonOf } from './finish.js';
import type { FinishReason, InvocationMetrics, LLMResponse, StreamChunk, ToolCall, Usage } from './types.js';

interface OpenCall {
  index: number;
  id: string;
  name: string;
  raw: string;
}

/** Numbers the service may send as `null`, as strings, or (Titan guardrail chunks) as `3.0`. */
export function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return undefined;
}

export class ResponseBuilder {
  id: string | undefined;
  model: string | undefined;
  private text = '';
  private reasoning = '';
  private signature: string | undefined;
  private sawReasoning = false;
  private readonly calls: { index: number; call: ToolCall }[] = [];
  private nextIndex = 0;
  private readonly open = new Map<string | number, OpenCall>();
  private rawFinish: string | undefined;
  private forcedFinish: FinishReason | undefined;
  private input: number | undefined;
  private output: number | undefined;
  private total: number | undefined;
  private cacheRead: number | undefined;
  private cacheWrite: number | undefined;
  private metrics: InvocationMetrics | undefined;
  private done = false;

  constructor(private readonly meta: ResponseMeta) {}

  addText(delta: string, out?: StreamChunk[]): void {
    if (!delta) return;
    this.text += delta;
    out?.push({ type: 'text', text: delta });
  }

  addReasoning(delta: string, out?: StreamChunk[], signature?: string): void {
    if (!delta && !signature) return;
    this.sawReasoning = true;
    this.reasoning += delta;
    if (signature) this.signature = (this.signature ?? '') + signature;
    if (out) out.push(signature ? { type: 'reasoning', text: delta, signature } : { type: 'reasoning', text: delta });
  }

  /** Opens a tool call under `key` (the family's block index or id). */
  startTool(key: string | number, id: string, name: string, out?: StreamChunk[]): void {
    if (this.open.has(key)) this.endTool(key, out);
    const call: OpenCall = { index: this.nextIndex++, id, name, raw: '' };
    this.open.set(key, call);
    out?.push({ type: 'tool-call-start', index: call.index, id, name });
  }

  /** Tool calls started so far. */
  get toolCount(): number {
    return this.nextIndex;
  }

  hasTool(key: string | number): boolean {
    return this.open.has(key);
  }

  addToolArguments(key: string | number, delta: string, out?: StreamChunk[]): void {
    const call = this.open.get(key);
    if (!call || !delta) return;
    call.raw += delta;
    out?.push({ type: 'tool-call-delta', index: call.index, id: call.id, argumentsDelta: delta });
  }

  /** Closes the call: its arguments are parsed here, once. No-op for an unknown key. */
  endTool(key: string | number, out?: StreamChunk[]): void {
    const call = this.open.get(key);
    if (!call) return;
    this.open.delete(key);
    const toolCall: ToolCall = { id: call.id, name: call.name, arguments: parseArguments(call.raw), rawArguments: call.raw };
    this.calls.push({ index: call.index, call: toolCall });
    out?.push({ type: 'tool-call-end', index: call.index, toolCall });
  }

  /** A whole tool call from a non-streamed body (arguments already an object, or JSON text). */
  addToolCall(id: string, name: string, args: unknown): void {
    const raw = typeof args === 'string' ? args : JSON.stringify(args ?? {});
    const call: ToolCall = { id, name, arguments: parseArguments(raw), rawArguments: raw };
    this.calls.push({ index: this.nextIndex++, call });
  }

  setFinish(raw: string | null | undefined, normalised?: FinishReason): void {
    if (raw == null || raw === '') return;
    this.rawFinish = raw;
    this.forcedFinish = normalised;
  }

  get finishRaw(): string | undefined {
    return this.rawFinish;
  }

  /** Token counts; later values replace earlier ones, `undefined` leaves them alone. */
  setUsage(u: { input?: unknown; output?: unknown; total?: unknown; cacheRead?: unknown; cacheWrite?: unknown }): void {
    this.input = num(u.input) ?? this.input;
    this.output = num(u.output) ?? this.output;
    this.total = num(u.total) ?? this.total;
    this.cacheRead = num(u.cacheRead) ?? this.cacheRead;
    this.cacheWrite = num(u.cacheWrite) ?? this.cacheWrite;
  }

  setMetrics(m: { latencyMs?: unknown; firstByteLatencyMs?: unknown }): void {
    const latencyMs = num(m.latencyMs) ?? this.metrics?.latencyMs;
    const firstByteLatencyMs = num(m.firstByteLatencyMs) ?? this.metrics?.firstByteLatencyMs;
    if (latencyMs === undefined && firstByteLatencyMs === undefined) return;
    this.metrics = {};
    if (latencyMs !== undefined) this.metrics.latencyMs = latencyMs;
    if (firstByteLatencyMs !== undefined) this.metrics.firstByteLatencyMs = firstByteLatencyMs;
  }

  /**
   * `amazon-bedrock-invocationMetrics`, which Bedrock adds to the last chunk of every
   * InvokeModelWithResponseStream body: the authoritative token counts and latencies.
   */
  addInvocationMetrics(chunk: Record<string, unknown>): void {
    const m = chunk['amazon-bedrock-invocationMetrics'];
    if (typeof m !== 'object' || m === null) return;
    const r = m as Record<string, unknown>;
    this.setUsage({ input: r.inputTokenCount, output: r.outputTokenCount, cacheRead: r.cacheReadInputTokenCount, cacheWrite: r.cacheWriteInputTokenCount });
    this.setMetrics({ latencyMs: r.invocationLatency, firstByteLatencyMs: r.firstByteLatency });
  }

  get hasUsage(): boolean {
    return this.input !== undefined || this.output !== undefined;
  }

  usage(): Usage {
    const inputTokens = this.input ?? 0;
    const outputTokens = this.output ?? 0;
    const usage: Usage = { inputTokens, outputTokens, totalTokens: this.total ?? inputTokens + outputTokens };
    if (this.cacheRead !== undefined) usage.cacheReadTokens = this.cacheRead;
    if (this.cacheWrite !== undefined) usage.cacheWriteTokens = this.cacheWrite;
    return usage;
  }

  build(): LLMResponse {
    for (const key of [...this.open.keys()]) this.endTool(key);
    const response: LLMResponse = {
      id: this.id ?? this.meta.requestIdHint ?? globalThis.crypto.randomUUID(),
      model: this.model ?? this.meta.modelId,
      content: this.text,
      // In start order, even when blocks closed out of order.
      toolCalls: [...this.calls].sort((a, b) => a.index - b.index).map((c) => c.call),
      finishReason: this.forcedFinish ?? finishReasonOf(this.rawFinish),
      usage: this.usage(),
      createdAt: new Date(),
    };
    if (this.meta.requestId !== undefined) response.requestId = this.meta.requestId;
    if (this.meta.requestIdHint !== undefined) response.serviceRequestId = this.meta.requestIdHint;
    if (this.sawReasoning) response.reasoning = this.reasoning;
    if (this.signature !== undefined) response.reasoningSignature = this.signature;
    if (this.rawFinish !== undefined) response.rawFinishReason = this.rawFinish;
    if (this.metrics) response.metrics = this.metrics;
    return response;
  }

  /** The stream's last chunks: open tool calls closed, usage (when any was seen), then finish. */
  finish(): StreamChunk[] {
    if (this.done) throw new TypeError('stream decoder already finished');
    this.done = true;
    const out: StreamChunk[] = [];
    for (const key of [...this.open.keys()]) this.endTool(key, out);
    if (this.hasUsage) out.push({ type: 'usage', usage: this.usage() });
    out.push({ type: 'finish', response: this.build() });
    return out;
  }
}
