// From a recorded request body back to the LLMRequest a user of this package would write for it.
// Written independently of the codecs (it reads the wire shapes the recordings show): encoding the
// lifted request must give the recorded body, or a difference listed in differences.ts. A body the
// unified request cannot say is `{ notExpressible: reason }`.
import type { ContentPart, JsonPart, LLMRequest, Message, ToolDefinition } from '../../src/codecs/index.js';

type Obj = Record<string, any>;
export type Lifted = { request: LLMRequest } | { notExpressible: string };

class Inexpressible extends Error {}
const no = (why: string): never => {
  throw new Inexpressible(why);
};

function attempt(f: () => LLMRequest): Lifted {
  try {
    return { request: f() };
  } catch (e) {
    if (e instanceof Inexpressible) return { notExpressible: e.message };
    throw e;
  }
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

// ---- Converse (and the Nova messages-v1 body, which shares its blocks) ----

function source(s: Obj): string | { uri: string; bucketOwner?: string } | { text: string } {
  if (typeof s.bytes === 'string') return s.bytes;
  if (isObj(s.s3Location)) return s.s3Location.bucketOwner ? { uri: s.s3Location.uri, bucketOwner: s.s3Location.bucketOwner } : { uri: s.s3Location.uri };
  if (typeof s.text === 'string') return { text: s.text };
  return no(`a media source of kind ${Object.keys(s).join(',')}`);
}

function converseBlock(b: Obj, inToolResult: boolean): ContentPart | JsonPart {
  if (typeof b.text === 'string') return { type: 'text', text: b.text };
  if (isObj(b.image)) {
    const data = source(b.image.source);
    if (isObj(data) && 'text' in data) return no('an image from text');
    return { type: 'image', mediaType: `image/${b.image.format}` as 'image/png', data };
  }
  if (isObj(b.document)) {
    const d = b.document;
    const part: ContentPart = { type: 'document', format: d.format, name: d.name, data: source(d.source) };
    if (isObj(d.citations)) part.citations = d.citations.enabled;
    if (typeof d.context === 'string') part.context = d.context;
    return part;
  }
  if (isObj(b.video)) {
    const data = source(b.video.source);
    if (isObj(data) && 'text' in data) return no('a video from text');
    return { type: 'video', format: b.video.format, data };
  }
  if (inToolResult && 'json' in b) return { type: 'json', value: b.json };
  if (inToolResult) return no(`a tool-result block ${Object.keys(b)[0]}`);
  if (isObj(b.cachePoint)) return b.cachePoint.ttl ? { type: 'cache-point', ttl: b.cachePoint.ttl } : { type: 'cache-point' };
  if (isObj(b.guardContent)) {
    if (!isObj(b.guardContent.text)) return no('guard content other than text');
    const g: ContentPart = { type: 'guard', text: b.guardContent.text.text };
    if (b.guardContent.text.qualifiers) g.qualifiers = b.guardContent.text.qualifiers;
    return g;
  }
  if (isObj(b.toolUse)) return { type: 'tool-call', id: b.toolUse.toolUseId, name: b.toolUse.name, arguments: b.toolUse.input };
  if (isObj(b.toolResult)) {
    const r = b.toolResult;
    const part: ContentPart = { type: 'tool-result', toolCallId: r.toolUseId, content: (r.content as Obj[]).map((c) => converseBlock(c, true)) };
    if (r.status !== undefined) part.isError = r.status === 'error';
    return part;
  }
  if (isObj(b.reasoningContent)) {
    const rc = b.reasoningContent;
    if (typeof rc.redactedContent === 'string') return { type: 'redacted-reasoning', data: rc.redactedContent };
    const t = rc.reasoningText;
    return t.signature !== undefined ? { type: 'reasoning', text: t.text, signature: t.signature } : { type: 'reasoning', text: t.text };
  }
  return no(`a content block ${Object.keys(b)[0]}`);
}

function converseCommon(body: Obj, model: string, nova: boolean): LLMRequest {
  const req: LLMRequest = { model, messages: [] };
  const system = (body.system ?? []) as Obj[];
  const texts: string[] = [];
  system.forEach((b, i) => {
    if (typeof b.text === 'string') texts.push(b.text);
    else if (isObj(b.cachePoint) && i === system.length - 1) (req.cache ??= {}).system = b.cachePoint.ttl ? { ttl: b.cachePoint.ttl } : {};
    else no(`a system block ${Object.keys(b)[0]} not at the end`);
  });
  if (texts.length) req.system = texts.join('\n\n');
  req.messages = (body.messages as Obj[]).map((m): Message => ({ role: m.role, content: (m.content as Obj[]).map((b) => converseBlock(b, false) as ContentPart) }));
  const ic = (body.inferenceConfig ?? {}) as Obj;
  const names = nova
    ? { maxTokens: ['max_new_tokens', 'maxTokens'], temperature: ['temperature'], topP: ['top_p', 'topP'], topK: ['top_k', 'topK'], stopSequences: ['stopSequences'] }
    : { maxTokens: ['maxTokens'], temperature: ['temperature'], topP: ['topP'], stopSequences: ['stopSequences'] };
  for (const [field, keys] of Object.entries(names)) for (const k of keys) if (ic[k] !== undefined) (req as Obj)[field] = ic[k];
  const known = new Set(Object.values(names).flat());
  for (const k of Object.keys(ic)) if (!known.has(k)) no(`inferenceConfig.${k}`);
  const tc = body.toolConfig as Obj | undefined;
  if (tc) {
    const tools: ToolDefinition[] = [];
    (tc.tools as Obj[]).forEach((t, i) => {
      if (isObj(t.cachePoint) && i === tc.tools.length - 1) {
        (req.cache ??= {}).tools = t.cachePoint.ttl ? { ttl: t.cachePoint.ttl } : {};
        return;
      }
      if (!isObj(t.toolSpec)) no(`a tool of kind ${Object.keys(t)[0]}`);
      const s = t.toolSpec;
      const tool: ToolDefinition = { name: s.name, inputSchema: s.inputSchema.json };
      if (s.description !== undefined) tool.description = s.description;
      if (s.strict !== undefined) tool.strict = s.strict;
      tools.push(tool);
    });
    req.tools = tools;
    const choice = tc.toolChoice as Obj | undefined;
    if (choice) req.toolChoice = choice.auto ? 'auto' : choice.any ? 'required' : { name: choice.tool.name };
  }
  return req;
}

export function liftConverse(body: unknown, model: string): Lifted {
  if (!isObj(body)) return { notExpressible: 'the recorded body is not JSON (an edited cassette)' };
  return attempt(() => {
    const req = converseCommon(body, model, false);
    const additional = { ...(body.additionalModelRequestFields ?? {}) } as Obj;
    const extra: Obj = {};
    const family = /anthropic\./.test(model) ? 'anthropic' : /amazon\.nova/.test(model) ? 'nova' : 'other';
    if (isObj(additional.thinking) && family === 'anthropic') {
      const t = additional.thinking;
      if (t.type === 'enabled' && Object.keys(t).length === 2) req.reasoning = { budgetTokens: t.budget_tokens };
      else if (t.type === 'adaptive' && Object.keys(t).length === 1) {
        req.reasoning = {};
        if (isObj(additional.output_config) && Object.keys(additional.output_config).join() === 'effort') {
          req.reasoning.effort = additional.output_config.effort;
          delete additional.output_config;
        }
      } else no('a thinking setting');
      delete additional.thinking;
    }
    if (family === 'anthropic' && additional.top_k !== undefined) (req.topK = additional.top_k), delete additional.top_k;
    if (family === 'nova' && isObj(additional.inferenceConfig) && Object.keys(additional.inferenceConfig).join() === 'topK') {
      req.topK = additional.inferenceConfig.topK;
      delete additional.inferenceConfig;
    }
    if (family === 'nova' && isObj(additional.reasoningConfig)) {
      req.reasoning = { effort: additional.reasoningConfig.maxReasoningEffort };
      delete additional.reasoningConfig;
    }
    if (family === 'other' && typeof additional.reasoning_effort === 'string') {
      req.reasoning = { effort: additional.reasoning_effort as 'low' };
      delete additional.reasoning_effort;
    }
    if (additional.anthropic_beta !== undefined) (req.anthropicBeta = additional.anthropic_beta), delete additional.anthropic_beta;
    // Whatever the unified request has no field for goes through extra, as a user would send it.
    if (Object.keys(additional).length) extra.additionalModelRequestFields = additional;
    const tf = body.outputConfig?.textFormat;
    if (tf) {
      const js = tf.structure.jsonSchema;
      req.responseFormat = { type: 'json', schema: JSON.parse(js.schema) };
      if (js.name !== undefined) req.responseFormat.name = js.name;
      if (js.description !== undefined) req.responseFormat.description = js.description;
    }
    if (body.guardrailConfig) {
      const g = body.guardrailConfig;
      req.guardrail = { id: g.guardrailIdentifier, version: g.guardrailVersion };
      if (g.trace !== undefined) req.guardrail.trace = g.trace;
      if (g.streamProcessingMode !== undefined) req.guardrail.streamProcessing = g.streamProcessingMode;
    }
    if (body.performanceConfig?.latency) req.latency = body.performanceConfig.latency;
    if (body.serviceTier?.type) req.serviceTier = body.serviceTier.type;
    for (const k of Object.keys(body)) {
      if (!['system', 'messages', 'inferenceConfig', 'toolConfig', 'additionalModelRequestFields', 'outputConfig', 'guardrailConfig', 'performanceConfig', 'serviceTier'].includes(k)) {
        extra[k] = body[k];
      }
    }
    if (Object.keys(extra).length) req.extra = extra;
    return req;
  });
}

export function liftNova(body: unknown, model: string): Lifted {
  if (!isObj(body)) return { notExpressible: 'the recorded body is not JSON' };
  if (!Array.isArray(body.messages)) return { notExpressible: `a Nova body without messages (${Object.keys(body).join(', ')}): not the messages-v1 schema` };
  return attempt(() => {
    const req = converseCommon(body, model, true);
    const extra: Obj = {};
    for (const k of Object.keys(body)) if (!['system', 'messages', 'inferenceConfig', 'toolConfig', 'schemaVersion'].includes(k)) extra[k] = body[k];
    if (Object.keys(extra).length) req.extra = extra;
    return req;
  });
}

// ---- Anthropic Messages and legacy text completions ----

function anthropicBlocks(content: unknown, inToolResult = false): (ContentPart | JsonPart)[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  const parts: (ContentPart | JsonPart)[] = [];
  for (const b of content as Obj[]) {
    switch (b.type) {
      case 'text':
        parts.push({ type: 'text', text: b.text });
        break;
      case 'image':
        if (b.source.type !== 'base64') no('an image by URL');
        parts.push({ type: 'image', mediaType: b.source.media_type, data: b.source.data });
        break;
      case 'tool_use':
        parts.push({ type: 'tool-call', id: b.id, name: b.name, arguments: b.input });
        break;
      case 'tool_result': {
        const r: ContentPart = { type: 'tool-result', toolCallId: b.tool_use_id, content: typeof b.content === 'string' ? b.content : anthropicBlocks(b.content, true) };
        if (b.is_error !== undefined) r.isError = b.is_error;
        parts.push(r);
        break;
      }
      case 'thinking':
        parts.push({ type: 'reasoning', text: b.thinking, signature: b.signature });
        break;
      case 'redacted_thinking':
        parts.push({ type: 'redacted-reasoning', data: b.data });
        break;
      default:
        no(`an Anthropic block of type ${b.type}`);
    }
    if (b.cache_control) parts.push(b.cache_control.ttl ? { type: 'cache-point', ttl: b.cache_control.ttl } : { type: 'cache-point' });
    if (inToolResult && b.cache_control) no('a cache point inside a tool result');
  }
  return parts;
}

export function liftAnthropic(body: unknown, model: string): Lifted {
  if (!isObj(body)) return { notExpressible: 'the recorded body is not JSON' };
  return attempt(() => {
    if (typeof body.prompt === 'string') return liftLegacyAnthropic(body, model);
    const req: LLMRequest = { model, messages: [], maxTokens: body.max_tokens };
    if (typeof body.system === 'string') req.system = body.system;
    else if (Array.isArray(body.system)) {
      req.system = body.system.map((b: Obj) => b.text).join('\n\n');
      const last = body.system.at(-1);
      if (last.cache_control) req.cache = { system: last.cache_control.ttl ? { ttl: last.cache_control.ttl } : {} };
    }
    req.messages = (body.messages as Obj[]).map((m) => ({ role: m.role, content: anthropicBlocks(m.content) as ContentPart[] }));
    const map = { temperature: 'temperature', top_p: 'topP', top_k: 'topK', stop_sequences: 'stopSequences' } as const;
    for (const [k, f] of Object.entries(map)) if (body[k] !== undefined) (req as Obj)[f] = body[k];
    if (body.tools) {
      req.tools = (body.tools as Obj[]).map((t) => {
        const tool: ToolDefinition = { name: t.name, inputSchema: t.input_schema };
        if (t.description !== undefined) tool.description = t.description;
        if (t.strict !== undefined) tool.strict = t.strict;
        return tool;
      });
    }
    if (body.tool_choice) req.toolChoice = body.tool_choice.type === 'tool' ? { name: body.tool_choice.name } : body.tool_choice.type === 'any' ? 'required' : body.tool_choice.type;
    if (body.thinking) req.reasoning = body.thinking.type === 'enabled' ? { budgetTokens: body.thinking.budget_tokens } : {};
    if (body.anthropic_beta) req.anthropicBeta = body.anthropic_beta;
    const known = ['anthropic_version', 'max_tokens', 'system', 'messages', 'temperature', 'top_p', 'top_k', 'stop_sequences', 'tools', 'tool_choice', 'thinking', 'anthropic_beta'];
    for (const k of Object.keys(body)) if (!known.includes(k)) no(`the Anthropic field ${k}`);
    return req;
  });
}

/** `\n\nHuman: ...\n\nAssistant: ...` back into turns; a text after the last `Assistant:` is a prefill. */
function liftLegacyAnthropic(body: Obj, model: string): LLMRequest {
  const turns = (body.prompt as string).split(/\n\n(Human|Assistant):/).slice(1);
  const messages: Message[] = [];
  for (let i = 0; i < turns.length; i += 2) {
    const text = turns[i + 1]!.trim();
    if (turns[i] === 'Assistant' && i === turns.length - 2 && !text) break;
    messages.push({ role: turns[i] === 'Human' ? 'user' : 'assistant', content: text });
  }
  const req: LLMRequest = { model, messages, maxTokens: body.max_tokens_to_sample };
  const map = { temperature: 'temperature', top_p: 'topP', top_k: 'topK', stop_sequences: 'stopSequences' } as const;
  for (const [k, f] of Object.entries(map)) if (body[k] !== undefined) (req as Obj)[f] = body[k];
  return req;
}

// ---- The prompt families: the user writes the text as a message; sampling fields by name ----

const PROMPT_FIELDS: Record<string, { text: string; fields: Record<string, string>; under?: string; extra?: string[] }> = {
  titan: { text: 'inputText', under: 'textGenerationConfig', fields: { maxTokenCount: 'maxTokens', temperature: 'temperature', topP: 'topP', stopSequences: 'stopSequences' } },
  llama: { text: 'prompt', fields: { max_gen_len: 'maxTokens', temperature: 'temperature', top_p: 'topP' } },
  mistral: { text: 'prompt', fields: { max_tokens: 'maxTokens', temperature: 'temperature', top_p: 'topP', top_k: 'topK', stop: 'stopSequences' } },
  'cohere-command': {
    text: 'prompt', fields: { max_tokens: 'maxTokens', temperature: 'temperature', p: 'topP', k: 'topK', stop_sequences: 'stopSequences' },
    extra: ['num_generations', 'return_likelihoods', 'truncate'],
  },
  'cohere-r': { text: 'message', fields: { max_tokens: 'maxTokens', temperature: 'temperature', p: 'topP', k: 'topK', stop_sequences: 'stopSequences' } },
};

export function liftPrompt(family: string, body: unknown, model: string): Lifted {
  if (!isObj(body)) return { notExpressible: 'the recorded body is not JSON' };
  const spec = PROMPT_FIELDS[family]!;
  return attempt(() => {
    const req: LLMRequest = { model, messages: [{ role: 'user', content: body[spec.text] }] };
    const params = spec.under ? (body[spec.under] ?? {}) : body;
    for (const [k, f] of Object.entries(spec.fields)) if (params[k] !== undefined) (req as Obj)[f] = params[k];
    const extra: Obj = {};
    for (const k of spec.extra ?? []) if (body[k] !== undefined) extra[k] = body[k];
    if (Object.keys(extra).length) req.extra = extra;
    const known = new Set([spec.text, ...(spec.under ? [spec.under] : Object.keys(spec.fields)), ...(spec.extra ?? []), 'stream']);
    for (const k of Object.keys(body)) if (!known.has(k)) no(`the field ${k}`);
    for (const k of Object.keys(params)) if (spec.under && !(k in spec.fields)) no(`${spec.under}.${k}`);
    return req;
  });
}

export function liftJamba(body: unknown, model: string): Lifted {
  if (!isObj(body)) return { notExpressible: 'the recorded body is not JSON' };
  return attempt(() => {
    const req: LLMRequest = { model, messages: (body.messages as Obj[]).map((m) => ({ role: m.role, content: m.content })) };
    const map = { max_tokens: 'maxTokens', temperature: 'temperature', top_p: 'topP', stop: 'stopSequences' } as const;
    for (const [k, f] of Object.entries(map)) if (body[k] !== undefined) (req as Obj)[f] = body[k];
    for (const k of Object.keys(body)) if (!(k in map) && k !== 'messages') no(`the field ${k}`);
    return req;
  });
}
