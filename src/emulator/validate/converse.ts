// Converse / ConverseStream request checks, from the API reference (Converse, Message, ContentBlock,
// ToolConfiguration, InferenceConfiguration), the user guide's "Supported models and model
// features" table, and the recorded verdicts in test/fixtures/recorded-http/converse/. Messages
// are AWS's own words where a recording or a published error shows them; the few structural ones
// that no recording shows follow the pattern of a published one (noted where used).
import type { CatalogModel } from '../catalog.js';
import { novaContentFindings } from './invoke.js';
import { malformed } from './schema.js';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

export const START_WITH_USER = 'A conversation must start with a user message. Try again with a conversation that starts with a user message.';
export const ALTERNATE =
  'A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.';
export const TOOL_CONFIG_REQUIRED = 'The toolConfig field must be defined when using toolUse and toolResult content blocks.';
export const NO_TOOLS = "This model doesn't support tool use.";
export const NO_STREAMING_TOOLS = "This model doesn't support tool use in streaming mode.";
export const NOT_A_CHAT_MODEL = "This action doesn't support the model that you provided. Try again with a supported text or chat model.";
export const NO_S3 = "This model doesn't support the s3Uri field. Remove s3Uri and try again.";
/**
 * A document whose source is `text` or `content` without `citations: { enabled: true }`. Not in the
 * recordings (every recorded document is bytes or s3Location); AWS's wording as reported from live
 * calls (maximhq/bifrost#7072 and #7079, Claude; strands-agents: "when content or text sources are
 * passed in, citations must also be enabled"). The Converse layer answers it, for any model.
 */
export const textSourceNeedsCitations = (path: string) => `DocumentSource object at ${path}.source must set one of the following keys: bytes, s3Location.`;
export const unsupportedBlock = (kind: string) => `This model doesn't support the ${kind} content block that you provided. Update the content block and try again.`;
/** Published for `toolResult.content[].json` ("Provide a json object for the field"); used for every wrong type. */
export const badFormat = (path: string, what: string) => `The format of the value at ${path} is invalid. Provide a ${what} for the field and try again.`;
/** Coral's constraint wording. */
const constraint = (value: unknown, path: string, rule: string) =>
  `1 validation error detected: Value '${String(value)}' at '${path}' failed to satisfy constraint: Member must ${rule}`;

const BLOCKS = new Set(['text', 'image', 'document', 'video', 'toolUse', 'toolResult', 'guardContent', 'cachePoint', 'reasoningContent', 'citationsContent', 'searchResult', 'audio']);

interface Media {
  kind: 'image' | 'document' | 'video';
  s3: boolean;
  /** A document whose source is `text` or `content` (plain text, for citations). */
  text: boolean;
  citations: boolean;
  /** Inside a toolResult. */
  nested: boolean;
  path: string;
}

/** The first finding for a Converse body sent to `model`, as AWS words it; undefined when acceptable. */
export function checkConverse(body: Rec, model: CatalogModel | undefined, streaming: boolean): string | undefined {
  if (model && !(model.operations.has('converse') || model.operations.has('converse-stream'))) return NOT_A_CHAT_MODEL;
  const structural = structure(body);
  if (structural) return structural;
  const messages = body.messages as Rec[];
  const order = roleOrder(messages, model);
  if (order) return order;

  const toolConfig = isRec(body.toolConfig) ? body.toolConfig : undefined;
  const tools = toolConfig && Array.isArray(toolConfig.tools) ? toolConfig.tools : [];
  const names = toolNames(tools);
  if (names) return names;
  const blank = blankText(messages);
  if (blank) return blank;
  const usesToolBlocks = messages.some((m) => (m.content as Rec[]).some((b) => 'toolUse' in b || 'toolResult' in b));
  if (usesToolBlocks && !toolConfig) return TOOL_CONFIG_REQUIRED;

  const inference = isRec(body.inferenceConfig) ? body.inferenceConfig : {};
  const range = inferenceFinding(inference);
  if (range) return range;
  const media = collectMedia(messages);
  // Text sources are for citations: without them the service wants bytes or an S3 location.
  for (const m of media) if (m.text && !m.citations) return textSourceNeedsCitations(m.path);
  if (!model) return undefined;

  if (tools.length > 0) {
    if (!model.tools) return NO_TOOLS;
    if (streaming && !model.streamingTools) return NO_STREAMING_TOOLS;
  }

  for (const m of media) if (m.kind === 'video' && !model.video) return unsupportedBlock('video');
  for (const m of media) if (m.kind === 'image' && !model.image) return unsupportedBlock('image');
  for (const m of media) if (m.kind === 'document' && !model.document) return unsupportedBlock('document');
  if (!model.s3) {
    for (const m of media) {
      if (!m.s3) continue;
      if (m.kind !== 'document') return NO_S3;
      // Claude reads a top-level S3 document as a source without a type (recorded); inside a
      // tool result the same document is accepted (recorded).
      if (model.kind === 'anthropic' && !m.nested) return `The model returned the following errors: ${m.path}.source.type: Field required`;
      if (model.kind !== 'anthropic') return NO_S3;
    }
  }
  if (model.kind === 'anthropic') {
    const extra = anthropicExtra(body.additionalModelRequestFields);
    if (extra) return extra;
  }
  if (model.kind === 'nova') {
    // Converse hands Nova its messages-v1 body; Nova's schema findings come back wrapped.
    const found = novaContentFindings(messages);
    if (found.length) return `The model returned the following errors: ${malformed(found)}`;
  }
  return undefined;
}

function structure(body: Rec): string | undefined {
  if (!('messages' in body)) return START_WITH_USER;
  if (!Array.isArray(body.messages)) return badFormat('messages', 'list');
  const messages = body.messages;
  if (messages.length === 0) return START_WITH_USER;
  for (let i = 0; i < messages.length; i++) {
    const m: unknown = messages[i];
    if (!isRec(m)) return badFormat(`messages.${i}`, 'message object');
    if (m.role !== 'user' && m.role !== 'assistant') return constraint(m.role, `messages.${i + 1}.member.role`, 'satisfy enum value set: [user, assistant]');
    if (!Array.isArray(m.content)) return badFormat(`messages.${i}.content`, 'list');
    for (let j = 0; j < m.content.length; j++) {
      const b: unknown = m.content[j];
      const path = `messages.${i}.content.${j}`;
      if (!isRec(b)) return badFormat(path, 'content block');
      const members = Object.keys(b).filter((k) => BLOCKS.has(k));
      if (members.length !== 1) return badFormat(path, 'content block with exactly one member');
      const tr = b.toolResult;
      if (isRec(tr)) {
        const content = tr.content;
        if (!Array.isArray(content)) return badFormat(`${path}.toolResult.content`, 'list');
        if (content.length === 0 && tr.status === 'error') return `The content field at ${path}.toolResult cannot be empty when status value is error.`;
        for (let k = 0; k < content.length; k++) {
          const c: unknown = content[k];
          if (isRec(c) && 'json' in c && !isRec(c.json)) return badFormat(`${path}.toolResult.content.${k}.json`, 'json object');
        }
      }
      if ('text' in b && typeof b.text !== 'string') return badFormat(`${path}.text`, 'string');
    }
  }
  return undefined;
}

/** Role order: most models need user first and strict alternation; Claude takes a history that starts with its own turn (recorded). */
function roleOrder(messages: Rec[], model: CatalogModel | undefined): string | undefined {
  if (messages[0].role !== 'user' && model?.kind !== 'anthropic') return START_WITH_USER;
  for (let i = 1; i < messages.length; i++) if (messages[i].role === messages[i - 1].role) return ALTERNATE;
  return undefined;
}

const NAME = /^[a-zA-Z0-9_-]+$/;
const PATTERN = 'satisfy regular expression pattern: [a-zA-Z0-9_-]+';

/**
 * Tool names follow Converse's pattern (a dotted MCP tool name is the common miss). Tool-use ids do
 * not: Kimi's `functions.get_temperature:0` is accepted (recorded).
 */
function toolNames(tools: unknown[]): string | undefined {
  for (let i = 0; i < tools.length; i++) {
    const t = tools[i];
    const spec = isRec(t) && isRec(t.toolSpec) ? t.toolSpec : undefined;
    if (!spec) continue;
    const path = `toolConfig.tools.${i + 1}.member.toolSpec.name`;
    if (typeof spec.name !== 'string') return constraint(null, path, 'not be null').replace("Value 'null'", 'Value null');
    if (spec.name.length > 64) return constraint(spec.name, path, 'have length less than or equal to 64');
    if (!NAME.test(spec.name)) return constraint(spec.name, path, PATTERN);
  }
  return undefined;
}

/** An empty text block. (A whitespace-only one, `"\n"`, is accepted: recorded with Claude Sonnet 4.5.) */
function blankText(messages: Rec[]): string | undefined {
  for (let i = 0; i < messages.length; i++) {
    const content = messages[i].content as Rec[];
    for (let j = 0; j < content.length; j++) {
      if (content[j].text !== '') continue;
      return `The text field in the ContentBlock object at messages.${i}.content.${j} is blank. Add text to the text field, and try again.`;
    }
  }
  return undefined;
}

/**
 * Claude takes `additionalModelRequestFields` as Messages API fields; any other key comes back in
 * Anthropic's words (published: "The model returned the following errors: guardrails: Extra inputs
 * are not permitted"). Recorded as accepted: thinking, top_k, output_config, anthropic_beta.
 */
const ANTHROPIC_FIELDS = new Set([
  'anthropic_version', 'anthropic_beta', 'thinking', 'top_k', 'top_p', 'temperature', 'stop_sequences', 'output_config',
  'metadata', 'context_management', 'tool_choice', 'tools', 'system', 'max_tokens', 'container', 'mcp_servers', 'service_tier',
]);
function anthropicExtra(fields: unknown): string | undefined {
  if (!isRec(fields)) return undefined;
  const unknown = Object.keys(fields).find((k) => !ANTHROPIC_FIELDS.has(k));
  return unknown === undefined ? undefined : `The model returned the following errors: ${unknown}: Extra inputs are not permitted`;
}

function inferenceFinding(c: Rec): string | undefined {
  const { maxTokens, temperature, topP } = c;
  if (maxTokens !== undefined && (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens))) return badFormat('inferenceConfig.maxTokens', 'number');
  if (typeof maxTokens === 'number' && maxTokens < 1) return constraint(maxTokens, 'inferenceConfig.maxTokens', 'have value greater than or equal to 1');
  for (const [name, v] of [
    ['temperature', temperature],
    ['topP', topP],
  ] as const) {
    if (v === undefined) continue;
    if (typeof v !== 'number') return badFormat(`inferenceConfig.${name}`, 'number');
    if (v < 0) return constraint(v, `inferenceConfig.${name}`, 'have value greater than or equal to 0');
    if (v > 1) return constraint(v, `inferenceConfig.${name}`, 'have value less than or equal to 1');
  }
  return undefined;
}

function collectMedia(messages: Rec[]): Media[] {
  const out: Media[] = [];
  const visit = (b: Rec, path: string, nested: boolean) => {
    for (const kind of ['image', 'document', 'video'] as const) {
      const v = b[kind];
      if (!isRec(v)) continue;
      const source = isRec(v.source) ? v.source : {};
      const citations = isRec(v.citations) && v.citations.enabled === true;
      out.push({ kind, s3: 's3Location' in source, text: kind === 'document' && ('text' in source || 'content' in source), citations, nested, path: `${path}.${kind}` });
    }
  };
  messages.forEach((m, i) =>
    (m.content as Rec[]).forEach((b, j) => {
      const path = `messages.${i}.content.${j}`;
      visit(b, path, false);
      const tr = b.toolResult;
      if (isRec(tr) && Array.isArray(tr.content)) tr.content.forEach((c: unknown, k) => isRec(c) && visit(c, `${path}.toolResult.content.${k}`, true));
    }),
  );
  return out;
}
