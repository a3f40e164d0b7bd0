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
  | 'system_prompt';

export interface ModelInfo {
  /** The foundation model id (no geo prefix). */
  id: string;
  name: string;
  provider: 'bedrock';
  family: ModelFamily;
  contextWindow: number;
  maxOutputTokens: number;
  capabilities: ModelCapability[];
  supportsTools: boolean;
  supportsStreamingTools: boolean;
  supportsVision: boolean;
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

interface Spec {
  id: string;
  name: string;
  family: ModelFamily;
  ctx: number;
  out: number;
  tools?: boolean;
  streamTools?: boolean;
  vision?: boolean;
  reasoning?: boolean;
  system?: boolean;
  profile?: boolean;
  /** Offered through profiles; default by family (see PROFILE_FAMILIES). */
  xr?: boolean;
  aliases?: string[];
  desc: string;
}

// Families whose current models all have cross-region profiles (AWS "Supported Regions and models
// for inference profiles"); Titan Text, Jamba, Command R and the older Mistral models have none.
const PROFILE_FAMILIES: readonly ModelFamily[] = ['anthropic', 'nova', 'llama', 'deepseek'];

function info(s: Spec): ModelInfo {
  const tools = s.tools ?? false;
  const streamTools = s.streamTools ?? tools;
  const vision = s.vision ?? false;
  const reasoning = s.reasoning ?? false;
  const system = s.system ?? true;
  const capabilities: ModelCapability[] = ['text_generation', 'chat', 'streaming'];
  if (tools) capabilities.push('tools');
  if (streamTools) capabilities.push('streaming_tools');
  if (vision) capabilities.push('vision');
  if (reasoning) capabilities.push('reasoning');
  if (system) capabilities.push('system_prompt');
  const m: ModelInfo = {
    id: s.id,
    name: s.name,
    provider: 'bedrock',
    family: s.family,
    contextWindow: s.ctx,
    maxOutputTokens: s.out,
    capabilities,
    supportsTools: tools,
    supportsStreamingTools: streamTools,
    supportsVision: vision,
    supportsReasoning: reasoning,
    supportsSystemPrompt: system,
    inferenceProfiles: s.xr ?? (s.profile || PROFILE_FAMILIES.includes(s.family)),
    requiresInferenceProfile: s.profile ?? false,
    description: s.desc,
  };
  if (s.aliases) m.aliases = s.aliases;
  return m;
}

const claude = (id: string, name: string, out: number, extra: Partial<Spec>, desc: string): Spec => ({
  id, name, family: 'anthropic', ctx: 200_000, out, tools: true, vision: true, desc, ...extra,
});

/** Every model the provider knows, newest first within a family. Frozen: copy before changing. */
export const MODELS: readonly ModelInfo[] = Object.freeze(
  [
    // Anthropic Claude. Claude 3.7 and later are served only through inference profiles.
    claude('anthropic.claude-opus-4-5-20251101-v1:0', 'Claude Opus 4.5', 64_000, { reasoning: true, profile: true }, 'Claude Opus 4.5 via AWS Bedrock'),
    claude('anthropic.claude-opus-4-1-20250805-v1:0', 'Claude Opus 4.1', 32_000, { reasoning: true, profile: true }, 'Claude Opus 4.1 via AWS Bedrock'),
    claude('anthropic.claude-opus-4-20250514-v1:0', 'Claude Opus 4', 32_000, { reasoning: true, profile: true }, 'Claude Opus 4 via AWS Bedrock'),
    claude('anthropic.claude-sonnet-4-5-20250929-v1:0', 'Claude Sonnet 4.5', 64_000, { reasoning: true, profile: true }, 'Claude Sonnet 4.5 via AWS Bedrock'),
    claude('anthropic.claude-haiku-4-5-20251001-v1:0', 'Claude Haiku 4.5', 64_000, { reasoning: true, profile: true }, 'Claude Haiku 4.5 via AWS Bedrock'),
    claude('anthropic.claude-sonnet-4-20250514-v1:0', 'Claude Sonnet 4', 64_000,
      { reasoning: true, profile: true, aliases: ['anthropic.claude-4-sonnet-20250514-v1:0'] }, 'Claude 4 Sonnet via AWS Bedrock - flagship model'),
    claude('anthropic.claude-3-7-sonnet-20250219-v1:0', 'Claude 3.7 Sonnet', 64_000, { reasoning: true, profile: true }, 'Claude 3.7 Sonnet via AWS Bedrock'),
    claude('anthropic.claude-3-5-sonnet-20241022-v2:0', 'Claude 3.5 Sonnet v2', 8_192, {}, 'Claude 3.5 Sonnet v2 via AWS Bedrock'),
    claude('anthropic.claude-3-5-sonnet-20240620-v1:0', 'Claude 3.5 Sonnet', 8_192, {}, 'Claude 3.5 Sonnet via AWS Bedrock'),
    // 3.5 Haiku takes text only on Bedrock.
    claude('anthropic.claude-3-5-haiku-20241022-v1:0', 'Claude 3.5 Haiku', 8_192, { vision: false }, 'Claude 3.5 Haiku via AWS Bedrock - fast and small'),
    claude('anthropic.claude-3-haiku-20240307-v1:0', 'Claude 3 Haiku', 4_096, {}, 'Claude 3 Haiku via AWS Bedrock'),

    // Amazon Nova (messages-v1). Premier is served only through inference profiles.
    { id: 'amazon.nova-premier-v1:0', name: 'Nova Premier', family: 'nova', ctx: 1_000_000, out: 32_000, tools: true, vision: true, profile: true, desc: 'Amazon Nova Premier - most capable Nova model' },
    { id: 'amazon.nova-pro-v1:0', name: 'Nova Pro', family: 'nova', ctx: 300_000, out: 10_000, tools: true, vision: true, desc: 'Amazon Nova Pro - multimodal' },
    { id: 'amazon.nova-lite-v1:0', name: 'Nova Lite', family: 'nova', ctx: 300_000, out: 10_000, tools: true, vision: true, desc: 'Amazon Nova Lite - low-cost multimodal' },
    { id: 'amazon.nova-micro-v1:0', name: 'Nova Micro', family: 'nova', ctx: 128_000, out: 10_000, tools: true, desc: 'Amazon Nova Micro - text only, lowest latency' },

    // Amazon Titan Text: no tools, no system field (the codec folds a system prompt into the text).
    { id: 'amazon.titan-text-premier-v1:0', name: 'Titan Text Premier', family: 'titan', ctx: 32_000, out: 3_072, system: false, desc: 'Amazon Titan Text Premier - enterprise text model' },
    // maxTokenCount accepts 8,192 / 4,096, but the 8K / 4K context window (prompt included) bounds it.
    { id: 'amazon.titan-text-express-v1', name: 'Titan Text Express', family: 'titan', ctx: 8_000, out: 8_000, system: false, desc: 'Amazon Titan Text Express - fast text generation' },
    { id: 'amazon.titan-text-lite-v1', name: 'Titan Text Lite', family: 'titan', ctx: 4_000, out: 4_000, system: false, desc: 'Amazon Titan Text Lite' },

    // AI21 Jamba (OpenAI-shaped chat).
    { id: 'ai21.jamba-1-5-large-v1:0', name: 'Jamba 1.5 Large', family: 'jamba', ctx: 256_000, out: 4_096, tools: true, streamTools: false, desc: 'AI21 Jamba 1.5 Large - hybrid SSM-Transformer model' },
    { id: 'ai21.jamba-1-5-mini-v1:0', name: 'Jamba 1.5 Mini', family: 'jamba', ctx: 256_000, out: 4_096, tools: true, streamTools: false, desc: 'AI21 Jamba 1.5 Mini' },

    // Cohere Command R / R+.
    { id: 'cohere.command-r-plus-v1:0', name: 'Command R+', family: 'cohere', ctx: 128_000, out: 4_000, tools: true, streamTools: false, desc: 'Cohere Command R+ - RAG-optimized model' },
    { id: 'cohere.command-r-v1:0', name: 'Command R', family: 'cohere', ctx: 128_000, out: 4_000, tools: true, streamTools: false, desc: 'Cohere Command R' },

    // Meta Llama 3.x. Tool use is available through Converse (InvokeModel takes a raw prompt);
    // 3.2+ on-demand only through inference profiles.
    { id: 'meta.llama3-3-70b-instruct-v1:0', name: 'Llama 3.3 70B Instruct', family: 'llama', ctx: 128_000, out: 8_192, tools: true, streamTools: false, profile: true, desc: 'Meta Llama 3.3 70B Instruct via Bedrock' },
    { id: 'meta.llama3-1-70b-instruct-v1:0', name: 'Llama 3.1 70B Instruct', family: 'llama', ctx: 128_000, out: 8_192, tools: true, streamTools: false, desc: 'Meta Llama 3.1 70B Instruct' },
    { id: 'meta.llama3-1-8b-instruct-v1:0', name: 'Llama 3.1 8B Instruct', family: 'llama', ctx: 128_000, out: 8_192, tools: true, streamTools: false, desc: 'Meta Llama 3.1 8B Instruct' },

    // Mistral. Large 2 takes chat messages and tools; 7B / 8x7B take an [INST] prompt.
    { id: 'mistral.mistral-large-2407-v1:0', name: 'Mistral Large 2 (24.07)', family: 'mistral', ctx: 128_000, out: 8_192, tools: true, streamTools: false, desc: 'Mistral Large 2' },
    { id: 'mistral.mixtral-8x7b-instruct-v0:1', name: 'Mixtral 8x7B Instruct', family: 'mistral', ctx: 32_000, out: 4_096, desc: 'Mixtral 8x7B Instruct' },
    { id: 'mistral.mistral-7b-instruct-v0:2', name: 'Mistral 7B Instruct', family: 'mistral', ctx: 32_000, out: 8_192, desc: 'Mistral 7B Instruct' },

    // DeepSeek R1: reasoning, no tools, inference profile only.
    { id: 'deepseek.r1-v1:0', name: 'DeepSeek-R1', family: 'deepseek', ctx: 128_000, out: 32_768, reasoning: true, profile: true, desc: 'DeepSeek-R1 reasoning model' },

    // OpenAI gpt-oss (Chat Completions bodies). The AWS page gives the 128K context; the output
    // limit is not stated there, 32K is the conservative figure used by peers.
    { id: 'openai.gpt-oss-120b-1:0', name: 'gpt-oss-120b', family: 'gpt-oss', ctx: 128_000, out: 32_768, tools: true, reasoning: true, desc: 'OpenAI gpt-oss-120b open-weight model' },
    { id: 'openai.gpt-oss-20b-1:0', name: 'gpt-oss-20b', family: 'gpt-oss', ctx: 128_000, out: 32_768, tools: true, reasoning: true, desc: 'OpenAI gpt-oss-20b open-weight model' },
  ].map((s) => Object.freeze(info(s as Spec))),
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
  const order: ModelCapability[] = ['text_generation', 'chat', 'streaming', 'tools', 'streaming_tools', 'vision', 'reasoning', 'system_prompt'];
  const have = new Set(models.flatMap((m) => m.capabilities));
  return order.filter((c) => have.has(c));
}
