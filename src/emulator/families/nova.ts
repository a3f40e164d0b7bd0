import { converseVocabulary, guardrailTrace } from '../vocabulary.js';
import { asArray, asNumber, collectText, emptyPrompt, forcedToolOf, isRecord, type Prompt, type ToolSpec } from '../prompt.js';
import { replyText, type Reply } from '../reply.js';
import { randomUuid } from '../rng.js';
import { invocationMetrics, type FamilyReader } from './shape.js';

/**
 * Amazon Nova (messages-v1). Stream chunks are Converse-shaped objects; the captures show every
 * text delta in its own content block (delta, then stop, index + 1), which is reproduced here.
 */
export const nova: FamilyReader = (body) => {
  const prompt = readConverseLike(body);
  const reason = (r: Reply) =>
    r.stop === 'tool' ? 'tool_use' : r.stop === 'length' ? 'max_tokens' : r.stop === 'guardrail' ? 'guardrail_intervened' : 'end_turn';
  const toolIds = new WeakMap<Reply, string>();
  const toolId = (r: Reply) => {
    let id = toolIds.get(r);
    if (!id) toolIds.set(r, (id = randomUuid(r.rng)));
    return id;
  };
  // With a guardrail, the body's usage has no outputTokens (recorded); the header carries it.
  const usage = (r: Reply): Record<string, number> => ({
    inputTokens: r.inputTokens,
    ...(r.guardrail ? {} : { outputTokens: r.outputTokens }),
    cacheReadInputTokenCount: r.cache?.read ?? 0,
    cacheWriteInputTokenCount: r.cache?.write ?? 0,
  });
  return {
    prompt,
    body: (r) => {
      const content: Record<string, unknown>[] = [{ text: replyText(r) }];
      if (r.tool) content.push({ toolUse: { toolUseId: toolId(r), name: r.tool.name, input: r.tool.input } });
      const body: Record<string, unknown> = {
        output: { message: { content, role: 'assistant' } },
        stopReason: reason(r),
        usage: { ...usage(r), totalTokens: r.guardrail ? r.inputTokens : r.inputTokens + r.outputTokens },
      };
      if (r.guardrail?.trace) body['amazon-bedrock-trace'] = guardrailTrace();
      return body;
    },
    *chunks(r) {
      yield { messageStart: { role: 'assistant' } };
      let i = 0;
      for (const t of r.text()) {
        yield { contentBlockDelta: { delta: { text: t }, contentBlockIndex: i } };
        yield { contentBlockStop: { contentBlockIndex: i } };
        i++;
      }
      if (r.tool) {
        yield { contentBlockStart: { start: { toolUse: { toolUseId: toolId(r), name: r.tool.name } }, contentBlockIndex: i } };
        yield { contentBlockDelta: { delta: { toolUse: { input: JSON.stringify(r.tool.input) } }, contentBlockIndex: i } };
        yield { contentBlockStop: { contentBlockIndex: i } };
      }
      yield { messageStop: { stopReason: reason(r) } };
      yield { metadata: { usage: usage(r), metrics: {}, trace: r.guardrail?.trace ? guardrailTrace() : {} }, 'amazon-bedrock-invocationMetrics': invocationMetrics(r) };
    },
  };
};

/** Reads Converse-style messages (`content: [{text}|{toolResult}|...]`), shared by Nova and Converse. */
export function readConverseLike(body: Record<string, unknown>): Prompt {
  const p = emptyPrompt();
  const messages = asArray(body.messages);
  const last = messages[messages.length - 1];
  if (isRecord(last) && last.role === 'user') {
    for (const block of asArray(last.content)) {
      if (!isRecord(block)) continue;
      if (typeof block.text === 'string') p.text += (p.text ? '\n' : '') + block.text;
      if (isRecord(block.toolResult)) p.toolResult = collectText(block.toolResult.content).join(' ') || 'done';
    }
  }
  p.allText = collectText([body.system, messages]).join(' ');
  const toolConfig = isRecord(body.toolConfig) ? body.toolConfig : {};
  p.tools = asArray(toolConfig.tools)
    .filter(isRecord)
    .map((t) => (isRecord(t.toolSpec) ? t.toolSpec : {}))
    .filter((s) => typeof s.name === 'string')
    .map(
      (s): ToolSpec => ({
        name: s.name as string,
        description: s.description as string | undefined,
        schema: isRecord(s.inputSchema) ? s.inputSchema.json : undefined,
      }),
    );
  p.forcedTool = forcedToolOf(toolConfig.toolChoice, p.tools);
  const config = isRecord(body.inferenceConfig) ? body.inferenceConfig : {};
  p.maxTokens = asNumber(config.maxTokens) ?? asNumber(config.max_new_tokens);
  const extra = isRecord(body.additionalModelRequestFields) ? body.additionalModelRequestFields : {};
  p.vocab = converseVocabulary(body);
  p.reasoning =
    (isRecord(extra.thinking) && (extra.thinking.type === 'enabled' || extra.thinking.type === 'adaptive')) ||
    typeof extra.reasoning_effort === 'string' ||
    (isRecord(body.reasoningConfig) && body.reasoningConfig.type === 'enabled') ||
    (isRecord(extra.reasoning_config) && extra.reasoning_config.type === 'enabled') ||
    (isRecord(extra.reasoningConfig) && extra.reasoningConfig.type === 'enabled');
  return p;
}
