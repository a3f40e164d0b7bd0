// InvokeModel request bodies per family, from AWS's "Inference request parameters and response
// fields for foundation models" pages (and Anthropic's Messages API for the Claude block types),
// checked against every recorded InvokeModel request in test/fixtures/recorded-http/ (all accepted).
// Unknown keys are refused where Bedrock's own schema refuses them (closed objects); the places
// left open are the ones AWS documents as free-form (tool input schemas, tool inputs, metadata).
import type { CatalogModel } from '../catalog.js';
import { any, arr, bool, check, int, malformed, num, obj, str, tagged, union, type Schema } from './schema.js';

const strings = arr(str());
const cacheControl = obj({ type: str({ enum: ['ephemeral'] }), ttl: str({ enum: ['5m', '1h'] }) }, ['type']);
const citations = obj({ enabled: bool });

// --- Anthropic Claude (Messages API on Bedrock) ---
const base64Source = obj({ type: str({ enum: ['base64'] }), media_type: str(), data: str() }, ['type', 'media_type', 'data']);
const imageSource = tagged('type', { base64: base64Source, url: obj({ type: str(), url: str() }, ['type', 'url']) });
const docSource = tagged('type', {
  base64: base64Source,
  text: obj({ type: str(), media_type: str(), data: str() }, ['type', 'media_type', 'data']),
  content: obj({ type: str(), content: union(str(), arr(any)) }, ['type', 'content']),
  url: obj({ type: str(), url: str() }, ['type', 'url']),
});
const textBlock = obj({ type: str(), text: str(), cache_control: cacheControl, citations: any }, ['type', 'text']);
const imageBlock = obj({ type: str(), source: imageSource, cache_control: cacheControl }, ['type', 'source']);
const documentBlock = obj(
  { type: str(), source: docSource, title: str(), context: str(), citations, cache_control: cacheControl },
  ['type', 'source'],
);
const toolResultContent = union(
  str(),
  arr(tagged('type', { text: textBlock, image: imageBlock, document: documentBlock, search_result: obj({}, [], true) })),
);
const anthropicBlock = tagged('type', {
  text: textBlock,
  image: imageBlock,
  document: documentBlock,
  tool_use: obj({ type: str(), id: str(), name: str(), input: any, cache_control: cacheControl }, ['type', 'id', 'name', 'input']),
  tool_result: obj(
    { type: str(), tool_use_id: str(), content: toolResultContent, is_error: bool, cache_control: cacheControl },
    ['type', 'tool_use_id'],
  ),
  thinking: obj({ type: str(), thinking: str(), signature: str() }, ['type', 'thinking', 'signature']),
  redacted_thinking: obj({ type: str(), data: str() }, ['type', 'data']),
  server_tool_use: obj({}, [], true),
  web_search_tool_result: obj({}, [], true),
  search_result: obj({}, [], true),
});
const anthropicMessage = obj(
  { role: str({ enum: ['user', 'assistant', 'system'] }), content: union(str(), arr(anthropicBlock, 1)) },
  ['role', 'content'],
);
const anthropicTool = union(
  obj({ name: str(), description: str(), input_schema: any, cache_control: cacheControl, type: str({ enum: ['custom'] }), strict: bool }, ['name', 'input_schema']),
  // Server and client tools with a versioned type (`bash_20250124`, `text_editor_…`, `web_search_…`).
  obj({ type: str(), name: str(), cache_control: cacheControl }, ['type', 'name'], true),
);
const anthropicMessages = obj(
  {
    anthropic_version: str(),
    anthropic_beta: strings,
    max_tokens: int(1),
    messages: arr(anthropicMessage),
    system: union(str(), arr(textBlock)),
    temperature: num(0, 1),
    top_p: num(0, 1),
    top_k: int(0),
    stop_sequences: strings,
    tools: arr(anthropicTool),
    tool_choice: tagged('type', {
      auto: obj({ type: str(), disable_parallel_tool_use: bool }),
      any: obj({ type: str(), disable_parallel_tool_use: bool }),
      none: obj({ type: str() }),
      tool: obj({ type: str(), name: str(), disable_parallel_tool_use: bool }, ['type', 'name']),
    }),
    thinking: tagged('type', {
      enabled: obj({ type: str(), budget_tokens: int(1024) }, ['type', 'budget_tokens']),
      disabled: obj({ type: str() }),
      adaptive: obj({ type: str() }),
    }),
    output_config: obj({ effort: str(), format: obj({ type: str(), schema: any }, ['type'], true) }),
    metadata: obj({ user_id: str() }),
    context_management: any,
  },
  ['anthropic_version', 'max_tokens', 'messages'],
);
const anthropicText = obj(
  {
    prompt: str(),
    max_tokens_to_sample: int(0),
    temperature: num(0, 1),
    top_p: num(0, 1),
    top_k: int(0),
    stop_sequences: strings,
    anthropic_version: str(),
  },
  ['prompt', 'max_tokens_to_sample'],
);
const LEGACY_CLAUDE = new Set(['anthropic.claude-instant-v1', 'anthropic.claude-v2', 'anthropic.claude-v2:1']);

function anthropic(body: Record<string, unknown>, model: CatalogModel): string | undefined {
  if ('prompt' in body && !('messages' in body)) {
    if (!LEGACY_CLAUDE.has(model.id)) {
      const name = model.id.replace(/^anthropic\./, '').replace(/-v\d+(:\d+)?$/, '');
      return `"${name}" is not supported on this API. Please use the Messages API instead.`;
    }
    const found = check(anthropicText, body);
    return found.length ? malformed(found) : undefined;
  }
  const found = check(anthropicMessages, body);
  if (found.length === 0) return blankClaudeText(body);
  // Bedrock's Claude schema is "a text completion (never with messages) or a Messages body": a
  // Messages body that fails is reported with the first branch's complaint first.
  return found.length ? malformed(['#: subject must not be valid against schema {"required":["messages"]}', ...found]) : undefined;
}

/** Claude refuses an empty text block in its own words (a whitespace-only one is accepted through Converse, recorded). */
function blankClaudeText(body: Record<string, unknown>): string | undefined {
  for (const m of body.messages as Record<string, unknown>[]) {
    const content = typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : (m.content as Record<string, unknown>[]);
    for (const b of content) {
      if (b.type !== 'text' || typeof b.text !== 'string') continue;
      if (b.text === '') return 'messages: text content blocks must be non-empty';
    }
  }
  return undefined;
}

// --- Amazon Titan Text ---
const titan = obj(
  {
    inputText: str(),
    textGenerationConfig: obj({ maxTokenCount: int(0), temperature: num(0, 1), topP: num(0, 1), stopSequences: strings }),
  },
  ['inputText'],
);

// --- Amazon Nova (messages-v1) ---
const s3Location = obj({ uri: str(), bucketOwner: str() }, ['uri']);
const mediaSource = (s3: boolean) => (s3 ? union(obj({ bytes: str() }, ['bytes']), obj({ s3Location }, ['s3Location'])) : obj({ bytes: str() }, ['bytes']));
const novaImage = obj({ format: str({ enum: ['png', 'jpeg', 'gif', 'webp'] }), source: mediaSource(true) }, ['format', 'source']);
const novaVideo = obj({ format: str(), source: mediaSource(true) }, ['format', 'source']);
const novaDocument = obj({ format: str(), name: str(), source: mediaSource(true) }, ['format', 'name', 'source']);
const only = (key: string, schema: Schema) => obj({ [key]: schema }, [key]);
// A tool result carries text, JSON and images; a document or a video inside one is refused (recorded:
// "#/messages/2/content/0: extraneous key [toolResult] is not permitted").
const novaToolResult = obj(
  {
    toolUseId: str(),
    content: arr(union(only('text', str()), only('json', any), only('image', novaImage))),
    status: str({ enum: ['success', 'error'] }),
    // Server-tool results (`nova_code_interpreter_result`) carry their type (recorded).
    type: str(),
  },
  ['toolUseId', 'content'],
);
const novaBlocks: Record<string, Schema> = {
  text: str(),
  image: novaImage,
  video: novaVideo,
  document: novaDocument,
  toolUse: obj({ toolUseId: str(), name: str(), input: any, type: str() }, ['toolUseId', 'name', 'input']),
  toolResult: novaToolResult,
  reasoningContent: any,
  cachePoint: obj({ type: str({ enum: ['default'] }), ttl: str() }, ['type']),
  guardContent: any,
};
const novaInference = obj({
  max_new_tokens: int(1),
  maxTokens: int(1),
  temperature: num(0, 1),
  top_p: num(0, 1),
  topP: num(0, 1),
  top_k: int(0),
  topK: int(0),
  stopSequences: strings,
  reasoningConfig: obj({ type: str({ enum: ['enabled', 'disabled'] }), maxReasoningEffort: str({ enum: ['low', 'medium', 'high'] }) }),
});
const novaTool = obj({ toolSpec: obj({ name: str(), description: str(), inputSchema: obj({ json: any }, ['json']) }, ['name', 'inputSchema']) }, ['toolSpec']);
const nova = obj(
  {
    schemaVersion: str({ enum: ['messages-v1'] }),
    system: arr(obj({ text: str(), cachePoint: any })),
    messages: arr(obj({ role: str({ enum: ['user', 'assistant'] }), content: arr(any) }, ['role', 'content'])),
    inferenceConfig: novaInference,
    toolConfig: obj({ tools: arr(novaTool), toolChoice: any }, ['tools']),
  },
  ['messages'],
);

/** A Nova content block has exactly one member; when that member's value is wrong the block reports the key. */
export function novaContentFindings(messages: unknown): string[] {
  const out: string[] = [];
  if (!Array.isArray(messages)) return out;
  messages.forEach((m, i) => {
    const content = typeof m === 'object' && m !== null && Array.isArray((m as Record<string, unknown>).content) ? ((m as Record<string, unknown>).content as unknown[]) : [];
    content.forEach((block, j) => {
      const path = `#/messages/${i}/content/${j}`;
      if (typeof block !== 'object' || block === null || Array.isArray(block)) {
        out.push(`${path}: expected type: JSONObject, found: ${Array.isArray(block) ? 'JSONArray' : typeof block === 'string' ? 'String' : 'Null'}`);
        return;
      }
      for (const [key, value] of Object.entries(block)) {
        const schema = novaBlocks[key];
        if (!schema || check(schema, value, `${path}/${key}`).length > 0) out.push(`${path}: extraneous key [${key}] is not permitted`);
      }
    });
  });
  return out;
}

// --- Meta Llama ---
const llama = obj({ prompt: str(), temperature: num(0, 1), top_p: num(0, 1), max_gen_len: int(1), images: strings }, ['prompt']);

// --- Mistral: a prompt, or chat messages for Large 2 and later ---
const mistralPrompt = obj(
  { prompt: str(), max_tokens: int(1), stop: strings, temperature: num(0, 1), top_p: num(0, 1), top_k: int(0) },
  ['prompt'],
);
const mistralChat = obj(
  {
    messages: arr(obj({ role: str(), content: any, tool_calls: any, tool_call_id: str(), name: str(), prefix: bool }, ['role'])),
    max_tokens: int(1),
    stop: strings,
    temperature: num(0, 1),
    top_p: num(0, 1),
    tools: arr(any),
    tool_choice: any,
    response_format: any,
  },
  ['messages'],
);

// --- Cohere Command (legacy text) and Command R / R+ ---
const cohereText = obj(
  {
    prompt: str(),
    temperature: num(0, 5),
    p: num(0, 1),
    k: int(0, 500),
    max_tokens: int(1),
    stop_sequences: strings,
    return_likelihoods: str({ enum: ['GENERATION', 'ALL', 'NONE'] }),
    stream: bool,
    num_generations: int(1, 5),
    logit_bias: any,
    truncate: str({ enum: ['NONE', 'START', 'END'] }),
  },
  ['prompt'],
);
const cohereChat = obj(
  {
    message: str(),
    chat_history: arr(obj({ role: str({ enum: ['USER', 'CHATBOT', 'SYSTEM', 'TOOL'] }), message: str(), tool_calls: any, tool_results: any })),
    documents: arr(any),
    search_queries_only: bool,
    preamble: str(),
    max_tokens: int(1),
    temperature: num(0, 1),
    // The guide says 0.01-0.99; AWS accepts 1 (recorded).
    p: num(0, 1),
    k: num(0, 500),
    prompt_truncation: str(),
    frequency_penalty: num(0, 1),
    presence_penalty: num(0, 1),
    seed: int(),
    return_prompt: bool,
    tools: arr(obj({ name: str(), description: str(), parameter_definitions: any }, ['name', 'description'])),
    tool_results: arr(any),
    stop_sequences: strings,
    raw_prompting: bool,
  },
  ['message'],
);

// --- AI21 Jamba, DeepSeek, gpt-oss (OpenAI-shaped) ---
const jamba = obj(
  {
    messages: arr(obj({ role: str(), content: any, tool_calls: any, tool_call_id: str() }, ['role'])),
    max_tokens: int(1),
    temperature: num(0, 2),
    top_p: num(0, 1),
    stop: union(str(), strings),
    n: int(1, 16),
    frequency_penalty: num(),
    presence_penalty: num(),
    tools: arr(any),
    response_format: any,
    documents: arr(any),
  },
  ['messages'],
);
const deepseek = obj({ prompt: str(), temperature: num(0, 1), top_p: num(0, 1), max_tokens: int(1), stop: strings }, ['prompt']);
// OpenAI's Chat Completions body: Bedrock passes it on; `stream` must be false on InvokeModel.
const gptOss = obj({ messages: arr(obj({ role: str() }, ['role'], true)) }, ['messages'], true);

const jurassic = obj(
  {
    prompt: str(),
    maxTokens: int(),
    temperature: num(),
    topP: num(),
    stopSequences: strings,
    countPenalty: any,
    presencePenalty: any,
    frequencyPenalty: any,
  },
  ['prompt'],
);

/** The InvokeModel body finding for `model`, worded as AWS words it; undefined when the body is acceptable. */
export function checkInvokeBody(body: Record<string, unknown>, model: CatalogModel): string | undefined {
  const run = (schema: Schema, extra: string[] = []) => {
    const found = [...check(schema, body), ...extra];
    return found.length ? malformed(found) : undefined;
  };
  switch (model.kind) {
    case 'anthropic':
      return anthropic(body, model);
    case 'titan':
      return run(titan);
    case 'nova':
      return run(nova, novaContentFindings(body.messages));
    case 'llama':
      return run(llama);
    case 'mistral':
      return run('messages' in body ? mistralChat : mistralPrompt);
    case 'cohere':
      return run(model.id.startsWith('cohere.command-r') ? cohereChat : cohereText);
    case 'jamba':
      return run(jamba);
    case 'deepseek':
      return run(deepseek);
    case 'gpt-oss':
    case 'chat':
      return run(gptOss);
    case 'jurassic':
      return run(jurassic);
    default:
      // Embeddings, rerank and image bodies: checked by their own emulation, not here.
      return undefined;
  }
}
