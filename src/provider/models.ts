// The model catalog: what each Bedrock text model accepts and returns. The seed's list, corrected
// where the AWS model cards disagree, plus current Claude, Nova, Mistral, DeepSeek and gpt-oss.
//
// Sources (checked 2025): AWS Bedrock user guide "Supported foundation models" and the per-model
// cards (context window, max output, modalities), "Inference profiles: supported Regions and
// models" (which models are served only through a cross-region profile), "model-parameters-openai"
// (gpt-oss ids and 128K context), Anthropic's model overview pages (Claude output limits).
// Deviations from the seed: its Claude 4 Sonnet id `anthropic.claude-4-sonnet-20250514-v1:0` does
// not exist on Bedrock (the id is `anthropic.claude-sonnet-4-20250514-v1:0`; the seed's spelling is
// kept as an alias); Titan Text Premier's output limit is 3,072 tokens, not 8,192; Claude 3.7 Sonnet
// and Sonnet 4 produce up to 64K tokens, not 50K.
import type { ModelFamily } from '../codecs/index.js';
import { stripGeoPrefix } from '../codecs/index.js';

/** The seed's ModelCapability, as strings. */
export type ModelCapability =
  | 'text_generation'
  | 'chat'
  | 'streaming'
  | 'tools'
  | 'streaming_tools'
  | 'vision'
  | 'reasoning'
  | 'system_prompt'
  // Not text models (bedrock-wire/embeddings, /images, /rerank): these have none of the above.
  | 'embedding'
  | 'image'
  | 'rerank';

export interface ModelInfo {
  /** The foundation model id (no geo prefix). */
  id: string;
  name: string;
  provider: 'bedrock';
  /**
   * The codec family of a text model; for embedding, image and rerank models, the vendor's. Absent
   * for an allow-listed id no family codec places (qwen, kimi, an application-profile ARN): it is
   * served through Converse.
   */
  family?: ModelFamily | 'stability' | 'amazon';
  /** Text models: the context window. Embedding, image and rerank models: the input limit (tokens, characters for image prompts). */
  contextWindow: number;
  maxOutputTokens: number;
  capabilities: ModelCapability[];
  supportsTools: boolean;
  supportsStreamingTools: boolean;
  supportsVision: boolean;
  /** Takes documents (pdf, csv, doc, docx, xls, xlsx, html, txt, md): AWS's "document chat" column. */
  supportsDocuments: boolean;
  supportsReasoning: boolean;
  supportsSystemPrompt: boolean;
  /** Offered through cross-region inference profiles (`us.<id>`, `eu.<id>` ...). */
  inferenceProfiles: boolean;
  /** On-demand calls need a cross-region profile id (`us.<id>`) or ARN. */
  requiresInferenceProfile: boolean;
  description: string;
  /** Other spellings that resolve to this entry. */
  aliases?: string[];
}

// The capabilities in their stable order, each with its flag letter in the catalog rows below
// ('' = every text model has it).
const CAPABILITIES: ReadonlyArray<[ModelCapability, string]> = [
  ['text_generation', ''],
  ['chat', ''],
  ['streaming', ''],
  ['tools', 't'],
  ['streaming_tools', 's'],
  ['vision', 'v'],
  ['reasoning', 'r'],
  ['system_prompt', 'y'],
  ['embedding', 'e'],
  ['image', 'i'],
  ['rerank', 'k'],
];

/**
 * One entry from its facts; `flags` are the letters of the table below. The provider also builds
 * its entries for allow-listed ids outside the catalog with it (no flags, 0 = unknown limits).
 */
export function modelInfo(id: string, name: string, family: ModelInfo['family'] | undefined, contextWindow: number, maxOutputTokens: number, flags: string, description: string): ModelInfo {
  const has = (flag: string) => flags.includes(flag);
  const info: ModelInfo = {
    id,
    name,
    provider: 'bedrock',
    family,
    contextWindow,
    maxOutputTokens,
    // '' = every text model; an embedding / image / rerank model (e, i, k) is not one.
    capabilities: CAPABILITIES.filter(([, f]) => (f ? has(f) : !/[eik]/.test(flags))).map(([c]) => c),
    supportsTools: has('t'),
    supportsStreamingTools: has('s'),
    supportsVision: has('v'),
    supportsDocuments: has('d'),
    supportsReasoning: has('r'),
    supportsSystemPrompt: has('y'),
    inferenceProfiles: has('o') || has('p'),
    requiresInferenceProfile: has('p'),
    description,
  };
  if (family === undefined) delete info.family;
  return info;
}

// Every model, newest first within a family. One row per model:
//   id|name|context window|max output tokens|flags|description (`*` = the name)|aliases (comma-separated)
// Flags: t tools, s tool calls streamed too ("Streaming tool use" in AWS's "Supported models and
// model features" table for Converse: Claude 3+, Nova, Jamba 1.5, Command R/R+ and gpt-oss; not
// Llama 3.1-3.3 or Mistral Large 2, whose generateStream with tools is refused unsent), v vision
// (image input; not Claude 3.5 Haiku, per the same table), d documents ("Document chat" in the same
// table: every text model here but Nova Micro and Titan Text Premier), r reasoning, y system prompt field, o offered through cross-region
// inference profiles, p served on demand only through them.
// Anthropic, Nova, Llama and DeepSeek models have cross-region profiles; Titan Text, Jamba,
// Command R, the older Mistral models and gpt-oss have none.
const CATALOG: Record<ModelFamily, string[]> = {
  // Claude 3.5 Sonnet v2, 3.7 and later are served only through inference profiles (3.5 Sonnet v2
  // on demand in us-west-2 alone; its us./apac. profiles work everywhere); 3.5 Haiku takes text only.
  anthropic: [
    'anthropic.claude-opus-4-5-20251101-v1:0|Claude Opus 4.5|200000|64000|tsvdryop|* via AWS Bedrock',
    'anthropic.claude-opus-4-1-20250805-v1:0|Claude Opus 4.1|200000|32000|tsvdryop|* via AWS Bedrock',
    'anthropic.claude-opus-4-20250514-v1:0|Claude Opus 4|200000|32000|tsvdryop|* via AWS Bedrock',
    'anthropic.claude-sonnet-4-5-20250929-v1:0|Claude Sonnet 4.5|200000|64000|tsvdryop|* via AWS Bedrock',
    'anthropic.claude-haiku-4-5-20251001-v1:0|Claude Haiku 4.5|200000|64000|tsvdryop|* via AWS Bedrock',
    'anthropic.claude-sonnet-4-20250514-v1:0|Claude Sonnet 4|200000|64000|tsvdryop|Claude 4 Sonnet via AWS Bedrock - flagship model|anthropic.claude-4-sonnet-20250514-v1:0',
    'anthropic.claude-3-7-sonnet-20250219-v1:0|Claude 3.7 Sonnet|200000|64000|tsvdryop|* via AWS Bedrock',
    'anthropic.claude-3-5-sonnet-20241022-v2:0|Claude 3.5 Sonnet v2|200000|8192|tsvdyop|* via AWS Bedrock',
    'anthropic.claude-3-5-sonnet-20240620-v1:0|Claude 3.5 Sonnet|200000|8192|tsvdyo|* via AWS Bedrock',
    'anthropic.claude-3-5-haiku-20241022-v1:0|Claude 3.5 Haiku|200000|8192|tsdyo|* via AWS Bedrock - fast and small',
    'anthropic.claude-3-haiku-20240307-v1:0|Claude 3 Haiku|200000|4096|tsvdyo|* via AWS Bedrock',
    // Legacy text-completion models (\n\nHuman: prompts): no tools, no images, no system field.
    'anthropic.claude-v2:1|Claude 2.1|200000|4096|d|Anthropic * (legacy)',
    'anthropic.claude-v2|Claude 2|100000|4096|d|Anthropic * (legacy)',
    'anthropic.claude-instant-v1|Claude Instant|100000|4096|d|Anthropic * (legacy)',
  ],
  // messages-v1. Premier is served only through inference profiles.
  nova: [
    'amazon.nova-premier-v1:0|Nova Premier|1000000|32000|tsvdyop|Amazon * - most capable Nova model',
    'amazon.nova-pro-v1:0|Nova Pro|300000|10000|tsvdyo|Amazon * - multimodal',
    'amazon.nova-lite-v1:0|Nova Lite|300000|10000|tsvdyo|Amazon * - low-cost multimodal',
    'amazon.nova-micro-v1:0|Nova Micro|128000|10000|tsyo|Amazon * - text only, lowest latency',
  ],
  // No tools, no system field (the codec folds a system prompt into the text). Express and Lite
  // accept maxTokenCount 8,192 / 4,096, but their 8K / 4K context window (prompt included) bounds it.
  titan: [
    'amazon.titan-text-premier-v1:0|Titan Text Premier|32000|3072||Amazon * - enterprise text model',
    'amazon.titan-text-express-v1|Titan Text Express|8000|8000|d|Amazon * - fast text generation',
    'amazon.titan-text-lite-v1|Titan Text Lite|4000|4000|d|Amazon *',
  ],
  // AI21 Jamba: OpenAI-shaped chat.
  jamba: [
    'ai21.jamba-1-5-large-v1:0|Jamba 1.5 Large|256000|4096|tsdy|AI21 * - hybrid SSM-Transformer model',
    'ai21.jamba-1-5-mini-v1:0|Jamba 1.5 Mini|256000|4096|tsdy|AI21 *',
  ],
  // Cohere Command R / R+; the legacy Command text models take a prompt, no tools.
  cohere: [
    'cohere.command-r-plus-v1:0|Command R+|128000|4000|tsdy|Cohere * - RAG-optimized model',
    'cohere.command-r-v1:0|Command R|128000|4000|tsdy|Cohere *',
    'cohere.command-text-v14|Command|4000|4000|d|Cohere * (legacy text model)',
    'cohere.command-light-text-v14|Command Light|4000|4000|d|Cohere * (legacy text model)',
  ],
  // Meta Llama 3.x. Tools (3.1, 3.2 11B/90B, 3.3) and images (3.2 11B/90B) are served through
  // Converse: the InvokeModel body is a raw prompt, so the provider sends such requests there. 3.2
  // 3B and later on demand only through inference profiles; 3.2 1B also by its bare id (recorded in
  // us-east-1). Llama 3 8B/70B: 8K context, no tools. (Llama 2 is end of life on Bedrock: not listed;
  // its ids still get the Llama 2 template.)
  llama: [
    'meta.llama3-3-70b-instruct-v1:0|Llama 3.3 70B Instruct|128000|8192|tdyop|Meta * via Bedrock',
    'meta.llama3-2-90b-instruct-v1:0|Llama 3.2 90B Vision Instruct|128000|8192|tvdyop|Meta * - image input',
    'meta.llama3-2-11b-instruct-v1:0|Llama 3.2 11B Vision Instruct|128000|8192|tvdyop|Meta * - image input',
    'meta.llama3-2-3b-instruct-v1:0|Llama 3.2 3B Instruct|128000|8192|dyop|Meta * - text only',
    'meta.llama3-2-1b-instruct-v1:0|Llama 3.2 1B Instruct|128000|8192|dyo|Meta * - text only',
    'meta.llama3-1-70b-instruct-v1:0|Llama 3.1 70B Instruct|128000|8192|tdyo|Meta *',
    'meta.llama3-1-8b-instruct-v1:0|Llama 3.1 8B Instruct|128000|8192|tdyo|Meta *',
    'meta.llama3-70b-instruct-v1:0|Llama 3 70B Instruct|8000|2048|dy|Meta * (legacy)',
    'meta.llama3-8b-instruct-v1:0|Llama 3 8B Instruct|8000|2048|dy|Meta * (legacy)',
  ],
  // Large 2 takes chat messages and tools; 7B / 8x7B take an [INST] prompt.
  mistral: [
    'mistral.mistral-large-2407-v1:0|Mistral Large 2 (24.07)|128000|8192|tdy|Mistral Large 2',
    'mistral.mixtral-8x7b-instruct-v0:1|Mixtral 8x7B Instruct|32000|4096|dy|*',
    'mistral.mistral-7b-instruct-v0:2|Mistral 7B Instruct|32000|8192|dy|*',
  ],
  // DeepSeek R1: reasoning, no tools, inference profile only.
  deepseek: ['deepseek.r1-v1:0|DeepSeek-R1|128000|32768|dryop|* reasoning model'],
  // OpenAI gpt-oss (Chat Completions bodies). The AWS page gives the 128K context; the output limit
  // is not stated there, 32K is the conservative figure used by peers.
  'gpt-oss': [
    'openai.gpt-oss-120b-1:0|gpt-oss-120b|128000|32768|tsdry|OpenAI * open-weight model',
    'openai.gpt-oss-20b-1:0|gpt-oss-20b|128000|32768|tsdry|OpenAI * open-weight model',
  ],
};

// Embedding (e), image (i) and rerank (k) models, for bedrock-wire/embeddings, /images and /rerank.
// The context column is the input limit: tokens per text (embeddings, rerank query + document),
// characters per prompt (image models). Max output is 0: they answer vectors, images or scores.
// Sources: the AWS model cards and request-parameter pages of each model (checked 2025).
const KINDS: Record<string, string[]> = {
  titan: [
    'amazon.titan-embed-text-v2:0|Titan Text Embeddings V2|8192|0|e|Amazon * - 256, 512 or 1024 dimensions',
    'amazon.titan-embed-text-v1|Titan Embeddings G1 - Text|8192|0|e|Amazon * - 1536 dimensions',
    'amazon.titan-embed-image-v1|Titan Multimodal Embeddings G1|128|0|ev|Amazon * - text and image, 256, 384 or 1024 dimensions',
    'amazon.titan-image-generator-v2:0|Titan Image Generator G1 v2|512|0|iv|Amazon * - generation, inpaint, outpaint, variation, background removal',
    'amazon.titan-image-generator-v1|Titan Image Generator G1|512|0|iv|Amazon * - generation, inpaint, outpaint, variation',
  ],
  nova: [
    'amazon.nova-2-multimodal-embeddings-v1:0|Nova Multimodal Embeddings|8192|0|ev|Amazon * - 256 to 3072 dimensions',
    'amazon.nova-canvas-v1:0|Nova Canvas|1024|0|iv|Amazon * - image generation and editing',
  ],
  cohere: [
    'cohere.embed-v4:0|Embed v4|128000|0|evo|Cohere * - text and images, 256 to 1536 dimensions',
    'cohere.embed-english-v3|Embed English v3|512|0|ev|Cohere * - 1024 dimensions',
    'cohere.embed-multilingual-v3|Embed Multilingual v3|512|0|ev|Cohere * - 1024 dimensions',
    'cohere.rerank-v3-5:0|Rerank 3.5|4096|0|k|Cohere * - InvokeModel or bedrock-agent-runtime Rerank',
  ],
  amazon: ['amazon.rerank-v1:0|Amazon Rerank 1.0|4096|0|k|* - bedrock-agent-runtime Rerank'],
  stability: [
    'stability.sd3-5-large-v1:0|Stable Diffusion 3.5 Large|10000|0|iv|Stability AI *',
    'stability.stable-image-ultra-v1:1|Stable Image Ultra|10000|0|iv|Stability AI *',
    'stability.stable-image-core-v1:1|Stable Image Core|10000|0|iv|Stability AI *',
  ],
};

/** Every model the provider knows, newest first within a family; text models first. Frozen: copy before changing. */
export const MODELS: readonly ModelInfo[] = Object.freeze(
  [...Object.entries(CATALOG), ...Object.entries(KINDS)].flatMap(([family, rows]) =>
    rows.map((row) => {
      const [id, name, ctx, out, flags, desc, aliases] = row.split('|');
      const m = modelInfo(id, name, family as ModelInfo['family'], +ctx, +out, flags, desc.replace('*', name));
      if (aliases) m.aliases = aliases.split(',');
      return Object.freeze(m);
    }),
  ),
);

const byId = new Map<string, ModelInfo>();
for (const m of MODELS) {
  byId.set(m.id, m);
  for (const a of m.aliases ?? []) byId.set(a, m);
}

/**
 * The catalog entry for a foundation id, an alias, a geo-prefixed profile id (`us.<id>`), or an
 * ARN of a foundation model or system inference profile. Application profile ARNs carry no model
 * and give undefined.
 */
export function findModel(modelId: string): ModelInfo | undefined {
  let id = modelId;
  if (id.startsWith('arn:')) {
    const m = /:(?:foundation-model|inference-profile)\/(.+)$/.exec(id);
    if (!m) return undefined;
    id = m[1];
  }
  return byId.get(id) ?? byId.get(stripGeoPrefix(id));
}

/** The canonical id for an alias (`anthropic.claude-4-sonnet-...` → `anthropic.claude-sonnet-4-...`), keeping a geo prefix. */
export function canonicalModelId(modelId: string): string {
  if (modelId.startsWith('arn:')) return modelId;
  const m = findModel(modelId);
  if (!m) return modelId;
  const bare = stripGeoPrefix(modelId);
  return bare === m.id ? modelId : modelId.slice(0, modelId.length - bare.length) + m.id;
}

/** The union of the capabilities of `models` (the seed's `GetCapabilities()`), in a stable order. */
export function capabilitiesOf(models: readonly ModelInfo[]): ModelCapability[] {
  const have = new Set(models.flatMap((m) => m.capabilities));
  return CAPABILITIES.map(([c]) => c).filter((c) => have.has(c));
}
