// What we send differently from a recorded request, and why (the README's table). Each entry
// rewrites the recorded body (and ours) toward one form; a body that equals ours only after some
// of these is "different, with reason"; one that needs anything else fails the test.
type Obj = Record<string, any>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isEmpty = (v: unknown) => (Array.isArray(v) && v.length === 0) || (isObj(v) && Object.keys(v).length === 0);

export interface Difference {
  id: string;
  reason: string;
  /** Rewrites both bodies in place; true when it changed either. */
  apply(ours: Obj, recorded: Obj, family: string): boolean;
}

function dropEmpty(o: Obj): boolean {
  let changed = false;
  for (const [k, v] of Object.entries(o)) {
    if (isObj(v) && ['inferenceConfig', 'textGenerationConfig'].includes(k)) changed = dropEmpty(v) || changed;
    if (isEmpty(o[k])) {
      delete o[k];
      changed = true;
    }
  }
  return changed;
}

/** Consecutive messages of one role as one (content arrays joined). */
function mergeTurns(messages: Obj[] | undefined, textBlock: (s: string) => Obj): boolean {
  if (!Array.isArray(messages)) return false;
  let changed = false;
  for (let i = messages.length - 1; i > 0; i--) {
    if (messages[i]!.role !== messages[i - 1]!.role) continue;
    const a = messages[i - 1]!;
    const b = messages[i]!;
    const list = (c: unknown) => (typeof c === 'string' ? [textBlock(c)] : (c as Obj[]));
    a.content = [...list(a.content), ...list(b.content)];
    messages.splice(i, 1);
    changed = true;
  }
  return changed;
}

export const DIFFERENCES: Difference[] = [
  {
    id: 'empty-fields',
    reason: 'the recorder sent empty fields (`system: []`, `inferenceConfig: {}`, `stopSequences: []`); we leave a field out when the request does not set it',
    apply: (ours, rec) => [dropEmpty(rec), dropEmpty(ours)].includes(true),
  },
  {
    id: 'system-joined',
    reason: 'several system text blocks: the unified request has one system string, sent as one block (the texts joined by a blank line)',
    apply(_ours, rec) {
      const s = rec.system;
      if (!Array.isArray(s)) return false;
      const texts = s.filter((b: Obj) => typeof b.text === 'string');
      if (texts.length < 2 || s.slice(0, texts.length).some((b: Obj) => typeof b.text !== 'string')) return false;
      rec.system = [{ text: texts.map((b: Obj) => b.text).join('\n\n') }, ...s.slice(texts.length)];
      return true;
    },
  },
  {
    id: 'turns-merged',
    reason: 'consecutive turns of one role are merged into one (the Converse and Anthropic APIs reject two user turns in a row in general)',
    apply: (_ours, rec, family) => mergeTurns(rec.messages, (t) => (family === 'anthropic' ? { type: 'text', text: t } : { text: t })),
  },
  {
    id: 'schema-text',
    reason: 'the JSON schema of outputConfig travels as JSON text: ours is compact, the recorder\'s had other whitespace (same schema)',
    apply(ours, rec) {
      const a = ours.outputConfig?.textFormat?.structure?.jsonSchema;
      const b = rec.outputConfig?.textFormat?.structure?.jsonSchema;
      if (!a || !b || a.schema === b.schema) return false;
      a.schema = JSON.parse(a.schema);
      b.schema = JSON.parse(b.schema);
      return true;
    },
  },
  {
    id: 'anthropic-text-blocks',
    reason: 'Anthropic message content sent as a plain string by the recorder; we always send content blocks (`[{type:"text"}]`), the same message',
    apply(_ours, rec, family) {
      if (family !== 'anthropic' || !Array.isArray(rec.messages)) return false;
      let changed = false;
      for (const m of rec.messages) if (typeof m.content === 'string') (m.content = [{ type: 'text', text: m.content }]), (changed = true);
      return changed;
    },
  },
  {
    id: 'anthropic-system-messages',
    reason: 'a `system` role inside Anthropic `messages` (accepted, recorded): the unified request folds system messages into the system prompt',
    apply(ours, rec, family) {
      if (family !== 'anthropic' || !Array.isArray(rec.messages)) return false;
      const sys = rec.messages.filter((m: Obj) => m.role === 'system');
      if (!sys.length) return false;
      rec.messages = rec.messages.filter((m: Obj) => m.role !== 'system');
      const texts = sys.map((m: Obj) => (typeof m.content === 'string' ? m.content : m.content.map((b: Obj) => b.text).join('')));
      rec.system = [rec.system, ...texts].filter((s) => s !== undefined).join('\n\n');
      void ours;
      return true;
    },
  },
  {
    id: 'nova-documented-names',
    reason: 'Nova InvokeModel: we send the documented `max_new_tokens` / `top_p` / `top_k` (the only max-token spelling seen enforced); the recorder sent `maxTokens` / `topP` / `topK`',
    apply(_ours, rec, family) {
      const ic = rec.inferenceConfig;
      if (family !== 'nova' || !isObj(ic)) return false;
      let changed = false;
      for (const [from, to] of [['maxTokens', 'max_new_tokens'], ['topP', 'top_p'], ['topK', 'top_k']]) {
        if (ic[from!] !== undefined) (ic[to!] = ic[from!]), delete ic[from!], (changed = true);
      }
      return changed;
    },
  },
  {
    id: 'chat-template',
    reason: "the recorder sent the user's text as a bare prompt; we write the model's documented chat template around it (Llama 3 header tokens, Llama 2 and Mistral `<s>[INST] ... [/INST]`, Titan `User: ...\\nBot:`, Anthropic legacy spacing)",
    apply(ours, rec, family) {
      const key = family === 'titan' ? 'inputText' : 'prompt';
      if (typeof ours[key] !== 'string' || ours[key] === rec[key]) return false;
      ours[key] = untemplate(family, ours[key]);
      if (family === 'anthropic') rec[key] = untemplate(family, rec[key]);
      return true;
    },
  },
  {
    id: 'stream-flag',
    reason: 'Cohere Command (text): we send `"stream": true` when streaming — without it Bedrock answers a stream in ONE frame (recorded) — and no `stream` otherwise; the recorders sent `false` on InvokeModel or nothing on streams',
    apply(ours, rec, family) {
      if (family !== 'cohere-command' || (rec.stream === ours.stream)) return false;
      delete rec.stream;
      delete ours.stream;
      return true;
    },
  },
  {
    id: 'nova-schema-version',
    reason: 'Nova InvokeModel: we send `schemaVersion: "messages-v1"` as the Nova request schema shows; the recorders left it out (optional)',
    apply(ours, rec, family) {
      if (family !== 'nova' || ours.schemaVersion === rec.schemaVersion) return false;
      delete ours.schemaVersion;
      return true;
    },
  },
];

/** The user's text back out of our template, for comparison with a bare recorded prompt. */
function untemplate(family: string, prompt: string): string {
  switch (family) {
    case 'llama':
      // Llama 3 header tokens, or Llama 2's `<s>[INST] ... [/INST]`.
      return prompt
        .replace(/^<\|begin_of_text\|><\|start_header_id\|>user<\|end_header_id\|>\n\n/, '')
        .replace(/<\|eot_id\|><\|start_header_id\|>assistant<\|end_header_id\|>\n\n$/, '')
        .replace(/^<s>\[INST\] (.*) \[\/INST\]$/s, '$1');
    case 'mistral':
      return prompt.replace(/^<s>\[INST\] /, '').replace(/ \[\/INST\]$/, '');
    case 'titan':
      return prompt.replace(/^User: /, '').replace(/\nBot:$/, '');
    case 'anthropic':
      return prompt.replace(/\n\n(Human|Assistant):\s*/g, '\n\n$1: ').trimEnd();
    default:
      return prompt;
  }
}

/** `equal`, `different` (with the differences needed), or `unexplained` (with both bodies after them). */
export function compare(ours: Obj, recorded: Obj, family: string): { kind: 'equal' } | { kind: 'different'; ids: string[] } | { kind: 'unexplained'; ours: Obj; recorded: Obj } {
  const eq = (a: unknown, b: unknown) => JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
  if (eq(ours, recorded)) return { kind: 'equal' };
  const a = structuredClone(ours);
  const b = structuredClone(recorded);
  const ids: string[] = [];
  for (const d of DIFFERENCES) {
    if (d.apply(a, b, family)) ids.push(d.id);
    if (eq(a, b)) return { kind: 'different', ids };
  }
  return { kind: 'unexplained', ours: a, recorded: b };
}

function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted);
  if (isObj(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])]));
  return v;
}
