// Today's request vocabulary, as the emulator serves it (prompt caching is cache.ts): structured output (a JSON answer of the schema), reasoning signatures it can
// verify when a turn is sent back (and a redacted block on Anthropic's documented trigger),
// citations of documents that ask for them, and guardrail interventions with their trace. Readers
// fill `Prompt.vocab` from the body; planReply and the family shapers read it. Independent of the
// codecs: it reads the wire shapes (Converse, Anthropic Messages, Chat Completions).
import { createHash } from 'node:crypto';
import { isRecord } from './prompt.js';

export interface Vocabulary {
  /** The JSON schema the answer must follow. */
  schema?: unknown;
  /** The first document asking for citations: its index, title and some text to quote. */
  cite?: { index: number; title: string; quote: string };
  /** The thinking blocks sent back in assistant turns, to verify (text, signature), in order. */
  sentBack: { text: string; signature: string }[];
  /** Anthropic's documented test trigger for a redacted thinking block (recorded). */
  redact: boolean;
  /** A guardrail applies (Converse `guardrailConfig`, InvokeModel guardrail headers). */
  guardrail?: { trace: boolean };
  /** Text a guardrail blocks: the emulator's guardrail intervenes on the word BLOCKED. */
  blocked: boolean;
}

export const REDACT_TRIGGER = 'ANTHROPIC_MAGIC_STRING_TRIGGER_REDACTED_THINKING';
export const BLOCKED_MESSAGE = 'Sorry, the model cannot answer this question.';
const SIGNING_KEY = 'bedrock-wire-emulator-thinking';

/**
 * The signature of a reasoning block: the emulator can tell a block sent back altered, reordered or
 * joined with another. Its own signatures start with `emu1`; others (recorded from the service)
 * cannot be checked here and pass.
 */
export function signatureOf(text: string): string {
  return 'emu1' + createHash('sha256').update(SIGNING_KEY).update(text).digest('base64');
}

/** The redacted block's opaque data (base64, like the service's). */
export function redactedData(seedText: string): string {
  return Buffer.from('redacted:' + createHash('sha256').update(seedText).digest('hex')).toString('base64');
}

/** The first thinking block sent back whose signature is not its own, as the service says it. */
export function badSignature(v: Vocabulary | undefined): string | undefined {
  const bad = v?.sentBack.find((b) => b.signature.startsWith('emu1') && b.signature !== signatureOf(b.text));
  return bad ? 'messages: Invalid `signature` in `thinking` block' : undefined;
}

function docText(source: unknown): string {
  if (!isRecord(source)) return '';
  if (typeof source.text === 'string') return source.text;
  if (typeof source.data === 'string' && source.type === 'text') return source.data;
  return '';
}

/** Reads the vocabulary of a Converse-shaped body (Converse, Nova messages-v1). */
export function converseVocabulary(body: Record<string, unknown>): Vocabulary {
  const v: Vocabulary = { sentBack: [], redact: false, blocked: false };
  const flat: string[] = [];
  const seen = (t: unknown) => typeof t === 'string' && flat.push(t);
  const walk = (blocks: unknown) => {
    if (!Array.isArray(blocks)) return;
    for (const b of blocks) {
      if (!isRecord(b)) continue;
      seen(b.text);
      if (isRecord(b.guardContent) && isRecord(b.guardContent.text)) seen(b.guardContent.text.text);
      if (isRecord(b.document)) {
        const d = b.document;
        const text = docText(d.source);
        if (isRecord(d.citations) && d.citations.enabled === true && !v.cite) v.cite = { index: docIndex++, title: String(d.name ?? 'document'), quote: text.slice(0, 60) || String(d.name) };
        else docIndex++;
        seen(text);
      }
      if (isRecord(b.reasoningContent) && isRecord(b.reasoningContent.reasoningText)) {
        const r = b.reasoningContent.reasoningText;
        if (typeof r.text === 'string' && typeof r.signature === 'string') v.sentBack.push({ text: r.text, signature: r.signature });
      }
      if (isRecord(b.toolResult)) walk(b.toolResult.content);
    }
  };
  let docIndex = 0;
  walk(body.system);
  const tools = isRecord(body.toolConfig) && Array.isArray(body.toolConfig.tools) ? body.toolConfig.tools : [];
  for (const t of tools) {
    if (isRecord(t) && isRecord(t.toolSpec)) seen(t.toolSpec.name);
  }
  if (Array.isArray(body.messages)) for (const m of body.messages) if (isRecord(m)) walk(m.content);
  const all = flat.join('\n');
  v.redact = all.includes(REDACT_TRIGGER);
  v.blocked = /\bBLOCKED\b/.test(all);
  const tf = isRecord(body.outputConfig) && isRecord(body.outputConfig.textFormat) ? body.outputConfig.textFormat : undefined;
  const js = tf && isRecord(tf.structure) && isRecord(tf.structure.jsonSchema) ? tf.structure.jsonSchema : undefined;
  if (js && typeof js.schema === 'string') {
    try {
      v.schema = JSON.parse(js.schema);
    } catch {
      // The validator answers a schema that does not parse; here it only shapes the answer.
    }
  }
  const g = body.guardrailConfig;
  if (isRecord(g)) v.guardrail = { trace: g.trace === 'enabled' || g.trace === 'enabled_full' };
  return v;
}

/** Reads the vocabulary of an Anthropic Messages body. */
export function anthropicVocabulary(body: Record<string, unknown>): Vocabulary {
  const v: Vocabulary = { sentBack: [], redact: false, blocked: false };
  const flat: string[] = [];
  let docIndex = 0;
  const walk = (blocks: unknown) => {
    if (typeof blocks === 'string') return void flat.push(blocks);
    if (!Array.isArray(blocks)) return;
    for (const b of blocks) {
      if (!isRecord(b)) continue;
      if (typeof b.text === 'string') flat.push(b.text);
      if (b.type === 'document') {
        const text = docText(b.source);
        if (isRecord(b.citations) && b.citations.enabled === true && !v.cite) v.cite = { index: docIndex, title: String(b.title ?? 'document'), quote: text.slice(0, 60) || 'document' };
        docIndex++;
        flat.push(text);
      }
      if (b.type === 'thinking' && typeof b.thinking === 'string' && typeof b.signature === 'string') v.sentBack.push({ text: b.thinking, signature: b.signature });
      if (b.type === 'tool_result') walk(b.content);
    }
  };
  walk(body.system);
  for (const t of Array.isArray(body.tools) ? body.tools : []) {
    if (isRecord(t)) flat.push(String(t.name));
  }
  if (Array.isArray(body.messages)) for (const m of body.messages) if (isRecord(m)) walk(m.content);
  const all = flat.join('\n');
  v.redact = all.includes(REDACT_TRIGGER);
  v.blocked = /\bBLOCKED\b/.test(all);
  const format = isRecord(body.output_config) && isRecord(body.output_config.format) ? body.output_config.format : undefined;
  if (format) v.schema = format.schema;
  return v;
}

/** The guardrail of an InvokeModel call, from its headers. */
export function guardrailFromHeaders(headers: Record<string, string | string[] | undefined>): Vocabulary['guardrail'] {
  if (typeof headers['x-amzn-bedrock-guardrailidentifier'] !== 'string') return undefined;
  const trace = String(headers['x-amzn-bedrock-trace'] ?? '').toUpperCase();
  return { trace: trace === 'ENABLED' || trace === 'ENABLED_FULL' };
}

/** The guardrail trace Bedrock attaches when asked (a trimmed shape of the service's). */
export function guardrailTrace(): Record<string, unknown> {
  return {
    guardrail: {
      inputAssessment: {
        emulator: { contentPolicy: { filters: [{ type: 'MISCONDUCT', confidence: 'HIGH', filterStrength: 'HIGH', action: 'BLOCKED', detected: true }] } },
      },
    },
  };
}

/** The refusal of a request whose thinking blocks came back altered (Converse, Anthropic bodies). */
export function refuseVocabulary(operation: string, body: Record<string, unknown>, family: string): string | undefined {
  if (operation === 'converse' || operation === 'converse-stream') return badSignature(converseVocabulary(body));
  if ((operation === 'invoke' || operation === 'invoke-with-response-stream') && family === 'anthropic' && Array.isArray(body.messages)) {
    return badSignature(anthropicVocabulary(body));
  }
  return undefined;
}
