import { asArray, asNumber, collectText, emptyPrompt, isRecord, type ToolSpec } from '../prompt.js';
import { replyText, type Reply } from '../reply.js';
import { randomUuid } from '../rng.js';
import { invocationMetrics, type FamilyReader, type Shaper } from './shape.js';

/** Cohere: Command R / R+ chat (`message` in, `text` out) and the old Command text generation. */
export const cohere: FamilyReader = (body, model) => {
  if (typeof body.message === 'string' || model.base.startsWith('cohere.command-r')) return chat(body);
  return generate(body);
};

function chat(body: Record<string, unknown>): Shaper {
  const p = emptyPrompt();
  p.text = typeof body.message === 'string' ? body.message : '';
  const results = asArray(body.tool_results);
  if (results.length > 0) p.toolResult = collectText(results).join(' ') || 'done';
  p.allText = collectText([body.preamble, body.chat_history, body.message, results]).join(' ');
  p.tools = asArray(body.tools)
    .filter(isRecord)
    .map((t): ToolSpec => ({ name: String(t.name), description: t.description as string | undefined, schema: schemaOf(t.parameter_definitions) }));
  p.maxTokens = asNumber(body.max_tokens);
  const reason = (r: Reply) => (r.stop === 'length' ? 'MAX_TOKENS' : 'COMPLETE');
  const ids = new WeakMap<Reply, { response: string; generation: string }>();
  const idsOf = (r: Reply) => {
    let v = ids.get(r);
    if (!v) ids.set(r, (v = { response: randomUuid(r.rng), generation: randomUuid(r.rng) }));
    return v;
  };
  const toolCalls = (r: Reply) => (r.tool ? [{ name: r.tool.name, parameters: r.tool.input }] : undefined);
  // `meta` (token counts) is in the stream-end `response` but not in the InvokeModel body (both recorded).
  const response = (r: Reply, withMeta = true) => {
    const text = replyText(r);
    return {
      response_id: idsOf(r).response,
      text,
      generation_id: idsOf(r).generation,
      chat_history: [...asArray(body.chat_history), { role: 'USER', message: p.text }, { role: 'CHATBOT', message: text }],
      ...(r.tool ? { tool_calls: toolCalls(r) } : {}),
      finish_reason: reason(r),
      ...(withMeta ? { meta: {
        api_version: { version: '1' },
        billed_units: { input_tokens: r.inputTokens, output_tokens: r.outputTokens },
        tokens: { input_tokens: r.inputTokens, output_tokens: r.outputTokens },
      } } : {}),
    };
  };
  return {
    prompt: p,
    body: (r) => response(r, false),
    *chunks(r) {
      for (const t of r.text()) yield { is_finished: false, event_type: 'text-generation', text: t };
      if (r.tool) yield { is_finished: false, event_type: 'tool-calls-generation', text: replyText(r), tool_calls: toolCalls(r) };
      yield {
        is_finished: true,
        event_type: 'stream-end',
        response: response(r),
        finish_reason: reason(r),
        'amazon-bedrock-invocationMetrics': invocationMetrics(r),
      };
    },
  };
}

/** Cohere `parameter_definitions` ({name: {type, description, required}}) as a JSON Schema. */
function schemaOf(defs: unknown): unknown {
  if (!isRecord(defs)) return undefined;
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const [name, d] of Object.entries(defs)) {
    const def = isRecord(d) ? d : {};
    const t = String(def.type ?? 'str');
    properties[name] = { type: t === 'int' || t === 'float' ? 'number' : t === 'bool' ? 'boolean' : 'string' };
    if (def.required === true) required.push(name);
  }
  return { type: 'object', properties, required };
}

/**
 * Legacy Command text generation. Recorded: without `"stream": true` InvokeModelWithResponseStream
 * answers with ONE chunk holding the whole `generations` body (plus the metrics); with it, token
 * chunks, each tagged with its generation's `index` when `num_generations` > 1.
 */
function generate(body: Record<string, unknown>): Shaper {
  const p = emptyPrompt();
  p.text = typeof body.prompt === 'string' ? body.prompt : '';
  p.allText = p.text;
  p.maxTokens = asNumber(body.max_tokens);
  const n = Math.min(5, Math.max(1, asNumber(body.num_generations) ?? 1));
  const reason = (r: Reply) => (r.stop === 'length' ? 'MAX_TOKENS' : 'COMPLETE');
  const whole = (r: Reply) => ({
    id: randomUuid(r.rng),
    generations: Array.from({ length: n }, () => ({ id: randomUuid(r.rng), text: ' ' + replyText(r), finish_reason: reason(r) })),
    prompt: p.text,
  });
  return {
    prompt: p,
    body: whole,
    *chunks(r) {
      if (body.stream !== true) {
        yield { ...whole(r), 'amazon-bedrock-invocationMetrics': invocationMetrics(r) };
        return;
      }
      for (let g = 0; g < n; g++) {
        let first = true;
        for (const t of r.text()) {
          yield { ...(n > 1 ? { index: g } : {}), is_finished: false, text: first ? ' ' + t : t };
          first = false;
        }
      }
      yield { finish_reason: reason(r), is_finished: true, 'amazon-bedrock-invocationMetrics': invocationMetrics(r) };
    },
  };
}
