import { anthropicVocabulary, guardrailTrace } from '../vocabulary.js';
import { modelName } from '../model.js';
import { asArray, asNumber, collectText, emptyPrompt, forcedToolOf, isRecord, type Prompt, type ToolSpec } from '../prompt.js';
import { replyText, type Reply } from '../reply.js';
import { randomId } from '../rng.js';
import { invocationMetrics, type FamilyReader } from './shape.js';

/**
 * Anthropic Claude: the Messages API, and the legacy text completion (`prompt` / `completion`)
 * of claude-v2 and claude-instant, chosen by the body shape.
 */
export const anthropic: FamilyReader = (body, model) => {
  const name = modelName(model, 'claude-sonnet-4-20250514');
  if (typeof body.prompt === 'string') return legacy(body, body.prompt);
  const prompt = readMessages(body);
  // Claude Opus 4.8's answer (recorded) adds stop_details, thinking tokens and the service tier.
  const newest = /^anthropic\.claude-opus-4-8/.test(model.base);
  const stopReason = (r: Reply) => (r.stop === 'tool' ? 'tool_use' : r.stop === 'length' ? 'max_tokens' : 'end_turn');
  const usage = (r: Reply, output: number) => ({
    input_tokens: r.inputTokens,
    cache_creation_input_tokens: r.cache?.write ?? 0,
    cache_read_input_tokens: r.cache?.read ?? 0,
    // The write per TTL, in the answers of the models that report cache counts (recorded).
    ...(r.cache ? { cache_creation: { ephemeral_1h_input_tokens: r.cache.ttl === '1h' ? r.cache.write : 0, ephemeral_5m_input_tokens: r.cache.ttl === '1h' ? 0 : r.cache.write } } : {}),
    output_tokens: output,
    ...(newest ? { output_tokens_details: { thinking_tokens: r.reasoning ? r.reasoning.length : 0 }, service_tier: 'standard' } : {}),
  });
  const cited = (r: Reply) =>
    r.cite && [{ type: 'char_location', cited_text: r.cite.quote, document_index: r.cite.index, document_title: r.cite.title, start_char_index: 0, end_char_index: r.cite.quote.length }];
  return {
    prompt,
    body(r) {
      const content: Record<string, unknown>[] = [];
      if (r.reasoning) content.push({ type: 'thinking', thinking: r.reasoning.join(''), signature: r.signature });
      if (r.redacted) content.push({ type: 'redacted_thinking', data: r.redacted });
      const text: Record<string, unknown> = { type: 'text', text: replyText(r) };
      if (r.cite) text.citations = cited(r);
      content.push(text);
      if (r.tool) content.push({ type: 'tool_use', id: toolId(r), name: r.tool.name, input: r.tool.input });
      const out: Record<string, unknown> = {
        id: messageId(r),
        type: 'message',
        role: 'assistant',
        model: name,
        content,
        stop_reason: stopReason(r),
        stop_sequence: null,
        ...(newest ? { stop_details: null } : {}),
        usage: usage(r, r.outputTokens),
      };
      guardrailFields(out, r);
      return out;
    },
    *chunks(r) {
      yield {
        type: 'message_start',
        message: {
          id: messageId(r),
          type: 'message',
          role: 'assistant',
          model: name,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: usage(r, 1),
        },
      };
      let index = 0;
      if (r.reasoning) {
        yield { type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } };
        for (const t of r.reasoning) yield { type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: t } };
        yield { type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: r.signature } };
        yield { type: 'content_block_stop', index };
        index++;
      }
      if (r.redacted) {
        yield { type: 'content_block_start', index, content_block: { type: 'redacted_thinking', data: r.redacted } };
        yield { type: 'content_block_stop', index };
        index++;
      }
      yield { type: 'content_block_start', index, content_block: r.cite ? { type: 'text', text: '', citations: [] } : { type: 'text', text: '' } };
      for (const t of r.text()) yield { type: 'content_block_delta', index, delta: { type: 'text_delta', text: t } };
      for (const c of cited(r) || []) yield { type: 'content_block_delta', index, delta: { type: 'citations_delta', citation: c } };
      yield { type: 'content_block_stop', index };
      if (r.tool) {
        index++;
        yield { type: 'content_block_start', index, content_block: { type: 'tool_use', id: toolId(r), name: r.tool.name, input: {} } };
        yield { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: '' } };
        for (const p of r.tool.pieces) yield { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: p } };
        yield { type: 'content_block_stop', index };
      }
      yield { type: 'message_delta', delta: { stop_reason: stopReason(r), stop_sequence: null }, usage: { output_tokens: r.outputTokens } };
      const stop: Record<string, unknown> = { type: 'message_stop', 'amazon-bedrock-invocationMetrics': invocationMetrics(r) };
      guardrailFields(stop, r);
      yield stop;
    },
  };
};

/** What Bedrock adds to an InvokeModel answer when a guardrail ran: its action, and the trace when asked. */
function guardrailFields(out: Record<string, unknown>, r: Reply): void {
  if (!r.guardrail) return;
  out['amazon-bedrock-guardrailAction'] = r.guardrail.intervened ? 'INTERVENED' : 'NONE';
  if (r.guardrail.trace) out['amazon-bedrock-trace'] = guardrailTrace();
}

// Ids are drawn once per reply and cached on it, so body and stream agree.
const ids = new WeakMap<Reply, { msg: string; tool: string }>();
function idsOf(r: Reply) {
  let v = ids.get(r);
  if (!v) ids.set(r, (v = { msg: 'msg_bdrk_01' + randomId(r.rng, 22), tool: 'toolu_bdrk_01' + randomId(r.rng, 22) }));
  return v;
}
const messageId = (r: Reply) => idsOf(r).msg;
const toolId = (r: Reply) => idsOf(r).tool;

function readMessages(body: Record<string, unknown>): Prompt {
  const p = emptyPrompt();
  const messages = asArray(body.messages);
  const last = messages[messages.length - 1];
  if (isRecord(last) && last.role === 'user') {
    if (typeof last.content === 'string') p.text = last.content;
    for (const block of asArray(last.content)) {
      if (!isRecord(block)) continue;
      if (block.type === 'text' && typeof block.text === 'string') p.text += (p.text ? '\n' : '') + block.text;
      if (block.type === 'tool_result') p.toolResult = collectText(block.content).join(' ') || 'done';
    }
  }
  p.allText = collectText([body.system, messages]).join(' ');
  p.tools = asArray(body.tools).filter(isRecord).map(
    (t): ToolSpec => ({ name: String(t.name), description: t.description as string | undefined, schema: t.input_schema }),
  );
  p.forcedTool = forcedToolOf(body.tool_choice, p.tools);
  p.maxTokens = asNumber(body.max_tokens);
  p.reasoning = isRecord(body.thinking) && (body.thinking.type === 'enabled' || body.thinking.type === 'adaptive');
  p.vocab = anthropicVocabulary(body);
  return p;
}

/** Text completion: `\n\nHuman: ...\n\nAssistant:` in, `completion` out. */
function legacy(body: Record<string, unknown>, text: string) {
  const p = emptyPrompt();
  const turns = text.split(/\n\nHuman:/);
  p.text = (turns[turns.length - 1] ?? '').replace(/\n\nAssistant:\s*$/, '').trim();
  p.allText = text;
  p.maxTokens = asNumber(body.max_tokens_to_sample);
  const stopReason = (r: Reply) => (r.stop === 'length' ? 'max_tokens' : 'stop_sequence');
  const stop = (r: Reply) => (r.stop === 'length' ? null : '\n\nHuman:');
  return {
    prompt: p,
    body: (r: Reply) => ({ type: 'completion', completion: ' ' + replyText(r), stop_reason: stopReason(r), stop: stop(r) }),
    *chunks(r: Reply) {
      let first = true;
      for (const t of r.text()) {
        yield { type: 'completion', completion: first ? ' ' + t : t, stop_reason: null, stop: null };
        first = false;
      }
      yield {
        type: 'completion',
        completion: '',
        stop_reason: stopReason(r),
        stop: stop(r),
        'amazon-bedrock-invocationMetrics': invocationMetrics(r),
      };
    },
  };
}
