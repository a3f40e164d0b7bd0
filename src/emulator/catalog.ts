// The emulator's model list: which ids Bedrock Runtime knows, what each serves and takes. Written
// from AWS's user guide ("Supported foundation models", "Supported models and model features" for
// Converse, "Inference profiles: supported Regions and models", "Count tokens") and checked against
// the recorded verdicts in test/fixtures/recorded-http/. It is the emulator's own list, not the
// provider's catalog: the emulator never imports the client it checks.
import type { EmulatorFamily, Operation } from './types.js';

/** What a model is, for the emulator: a text family it serves, or a kind it only knows by name. */
export type ModelKind = EmulatorFamily | 'chat' | 'embedding' | 'rerank' | 'image' | 'jurassic';

export interface CatalogModel {
  /** Foundation model id (no geo prefix). */
  id: string;
  kind: ModelKind;
  operations: ReadonlySet<Operation>;
  /** Converse `toolConfig` (non-streaming). */
  tools: boolean;
  /** Converse `toolConfig` on ConverseStream. */
  streamingTools: boolean;
  image: boolean;
  document: boolean;
  video: boolean;
  reasoning: boolean;
  /** Media from `s3Location` (Nova only). */
  s3: boolean;
  /** On-demand calls need a cross-region inference profile id or ARN. */
  profileOnly: boolean;
}

// One row per model: `id|kind|operations|capabilities`.
// Operations: i invoke, s invoke-with-response-stream, c converse, C converse-stream, k count-tokens.
// Capabilities: t tools, T tools while streaming, v image, d document, V video, r reasoning,
// 3 s3Location sources, p served on demand only through an inference profile.
const ROWS = [
  // Anthropic. Claude 3.5 Sonnet v2, 3.7 and every Claude 4 are profile-only; CountTokens takes the bare id.
  'anthropic.claude-instant-v1|anthropic|iscC|d',
  'anthropic.claude-v2|anthropic|iscC|d',
  'anthropic.claude-v2:1|anthropic|iscC|d',
  'anthropic.claude-3-haiku-20240307-v1:0|anthropic|iscCk|tTvd',
  'anthropic.claude-3-sonnet-20240229-v1:0|anthropic|iscC|tTvd',
  'anthropic.claude-3-opus-20240229-v1:0|anthropic|iscC|tTvd',
  'anthropic.claude-3-5-sonnet-20240620-v1:0|anthropic|iscCk|tTvd',
  'anthropic.claude-3-5-haiku-20241022-v1:0|anthropic|iscCk|tTd',
  'anthropic.claude-3-5-sonnet-20241022-v2:0|anthropic|iscCk|tTvdp',
  'anthropic.claude-3-7-sonnet-20250219-v1:0|anthropic|iscCk|tTvdrp',
  'anthropic.claude-sonnet-4-20250514-v1:0|anthropic|iscCk|tTvdrp',
  'anthropic.claude-opus-4-20250514-v1:0|anthropic|iscCk|tTvdrp',
  'anthropic.claude-opus-4-1-20250805-v1:0|anthropic|iscCk|tTvdrp',
  'anthropic.claude-sonnet-4-5-20250929-v1:0|anthropic|iscCk|tTvdrp',
  'anthropic.claude-haiku-4-5-20251001-v1:0|anthropic|iscCk|tTvdrp',
  'anthropic.claude-opus-4-5-20251101-v1:0|anthropic|iscCk|tTvdrp',
  'anthropic.claude-sonnet-4-6|anthropic|iscCk|tTvdrp',
  'anthropic.claude-opus-4-6-v1|anthropic|iscCk|tTvdrp',
  'anthropic.claude-opus-4-8|anthropic|iscCk|tTvdrp',
  'anthropic.claude-sonnet-5|anthropic|iscCk|tTvdrp',
  // Amazon Titan Text: no tools, no images.
  'amazon.titan-tg1-large|titan|iscC|d',
  'amazon.titan-text-lite-v1|titan|iscC|d',
  'amazon.titan-text-express-v1|titan|iscC|d',
  // Document chat: "Yes (except Titan Text Premier)" in AWS's Converse model-features table.
  'amazon.titan-text-premier-v1:0|titan|iscC|',
  // Amazon Nova: the only family that takes S3 locations; Micro is text only (no document chat,
  // no vision in AWS's Converse model-features table).
  'amazon.nova-micro-v1:0|nova|iscC|tT',
  'amazon.nova-lite-v1:0|nova|iscC|tTvdV3',
  'amazon.nova-pro-v1:0|nova|iscC|tTvdV3',
  'amazon.nova-premier-v1:0|nova|iscC|tTvdV3p',
  'amazon.nova-2-lite-v1:0|nova|iscC|tTvdVr3p',
  // Meta Llama: tools through Converse (not while streaming); 3.2 and later are profile-only.
  'meta.llama2-13b-chat-v1|llama|iscC|d',
  'meta.llama2-70b-chat-v1|llama|iscC|d',
  'meta.llama3-8b-instruct-v1:0|llama|iscC|d',
  'meta.llama3-70b-instruct-v1:0|llama|iscC|d',
  'meta.llama3-1-8b-instruct-v1:0|llama|iscC|td',
  'meta.llama3-1-70b-instruct-v1:0|llama|iscC|td',
  'meta.llama3-1-405b-instruct-v1:0|llama|iscC|td',
  // 3.2 1B called by its bare id in us-east-1 is recorded (openllmetry converse-stream capture).
  'meta.llama3-2-1b-instruct-v1:0|llama|iscC|d',
  'meta.llama3-2-3b-instruct-v1:0|llama|iscC|dp',
  'meta.llama3-2-11b-instruct-v1:0|llama|iscC|tvdp',
  'meta.llama3-2-90b-instruct-v1:0|llama|iscC|tvdp',
  'meta.llama3-3-70b-instruct-v1:0|llama|iscC|tdp',
  'meta.llama4-scout-17b-instruct-v1:0|llama|iscC|tvdp',
  'meta.llama4-maverick-17b-instruct-v1:0|llama|iscC|tvdp',
  // Cohere: legacy Command text models (no Converse tools, no system), Command R / R+.
  'cohere.command-text-v14|cohere|iscC|d',
  'cohere.command-light-text-v14|cohere|iscC|d',
  'cohere.command-r-v1:0|cohere|iscC|tTd',
  'cohere.command-r-plus-v1:0|cohere|iscC|tTd',
  // AI21.
  'ai21.jamba-1-5-mini-v1:0|jamba|iscC|tTd',
  'ai21.jamba-1-5-large-v1:0|jamba|iscC|tTd',
  'ai21.jamba-instruct-v1:0|jamba|iscC|d',
  'ai21.j2-mid-v1|jurassic|i|',
  'ai21.j2-ultra-v1|jurassic|i|',
  // Mistral.
  'mistral.mistral-7b-instruct-v0:2|mistral|iscC|d',
  'mistral.mixtral-8x7b-instruct-v0:1|mistral|iscC|d',
  'mistral.mistral-small-2402-v1:0|mistral|iscC|td',
  'mistral.mistral-large-2402-v1:0|mistral|iscC|td',
  'mistral.mistral-large-2407-v1:0|mistral|iscC|td',
  'mistral.pixtral-large-2502-v1:0|mistral|iscC|tvdp',
  'mistral.mistral-large-3-675b-instruct|chat|iscC|tTvd',
  // DeepSeek R1: no tools, profile-only.
  'deepseek.r1-v1:0|deepseek|iscC|drp',
  'deepseek.v3-v1:0|chat|iscC|tTd',
  // OpenAI open-weight models.
  'openai.gpt-oss-20b-1:0|gpt-oss|iscC|tTdr',
  'openai.gpt-oss-120b-1:0|gpt-oss|iscC|tTdr',
  // Open-weight chat models: Converse, and InvokeModel with an OpenAI Chat Completions body (answered
  // in that shape, like gpt-oss).
  'qwen.qwen3-32b-v1:0|chat|iscC|tTd',
  'qwen.qwen3-coder-30b-a3b-v1:0|chat|iscC|tTd',
  'google.gemma-3-27b-it|chat|iscC|tTvd',
  'minimax.minimax-m2|chat|iscC|tTd',
  'moonshot.kimi-k2-thinking|chat|iscC|tTdr',
  'nvidia.nemotron-nano-12b-v2|chat|iscC|tTd',
  'writer.palmyra-x4-v1:0|chat|iscC|tdp',
  'writer.palmyra-x5-v1:0|chat|iscC|tdp',
  'zai.glm-4.7-flash|chat|iscC|tTd',
  // Embeddings, rerank and images: InvokeModel only.
  'amazon.titan-embed-text-v1|embedding|i|',
  'amazon.titan-embed-text-v2:0|embedding|i|',
  'amazon.titan-embed-image-v1|embedding|i|',
  'amazon.nova-2-multimodal-embeddings-v1:0|embedding|i|',
  'cohere.embed-english-v3|embedding|i|',
  'cohere.embed-multilingual-v3|embedding|i|',
  'cohere.embed-v4:0|embedding|i|',
  'cohere.rerank-v3-5:0|rerank|i|',
  'amazon.rerank-v1:0|rerank|i|',
  'amazon.titan-image-generator-v1|image|i|',
  'amazon.titan-image-generator-v2:0|image|i|',
  'amazon.nova-canvas-v1:0|image|i|',
];

const OPS: Record<string, Operation> = {
  i: 'invoke',
  s: 'invoke-with-response-stream',
  c: 'converse',
  C: 'converse-stream',
  k: 'count-tokens',
};

/** Every model the emulator knows. */
export const catalog: readonly CatalogModel[] = ROWS.map((row) => {
  const [id, kind, ops, caps] = row.split('|');
  const has = (c: string) => caps.includes(c);
  return Object.freeze({
    id,
    kind: kind as ModelKind,
    operations: new Set([...ops].map((o) => OPS[o])),
    tools: has('t'),
    streamingTools: has('T'),
    image: has('v'),
    document: has('d'),
    video: has('V'),
    reasoning: has('r'),
    s3: has('3'),
    profileOnly: has('p'),
  });
});

const byId = new Map(catalog.map((m) => [m.id, m]));

/** Geo prefixes of system inference profiles. */
const GEO = /^(us-gov|us|eu|apac|jp|au|ca|global)\./;

/** How a request named its model. */
export type ModelAddress = 'foundation' | 'profile' | 'application-profile' | 'provisioned';

export interface ModelLookup {
  model: CatalogModel;
  address: ModelAddress;
}

/**
 * Finds the model a path names: a foundation id, a geo-prefixed system profile id, or the ARN of
 * either. Application-profile and provisioned-model ARNs name no model: `profiles` maps them (or
 * any other id) to a foundation id. Undefined when Bedrock would not know the id.
 */
export function lookupModel(modelId: string, profiles: Readonly<Record<string, string>> = {}): ModelLookup | undefined {
  const mapped = profiles[modelId];
  if (mapped !== undefined) {
    const target = lookupModel(mapped);
    return target && { model: target.model, address: modelId.includes(':provisioned-model/') ? 'provisioned' : 'application-profile' };
  }
  let id = modelId;
  let viaArn: 'foundation' | 'profile' | undefined;
  if (id.startsWith('arn:')) {
    const m = /^arn:aws[a-z-]*:bedrock:[a-z0-9-]+:(\d{12})?:(foundation-model|inference-profile)\/(.+)$/.exec(id);
    if (!m) return undefined;
    viaArn = m[2] === 'foundation-model' ? 'foundation' : 'profile';
    id = m[3];
  }
  const geo = GEO.exec(id);
  if (viaArn === 'foundation' && geo) return undefined;
  if (viaArn === 'profile' && !geo) return undefined;
  const model = byId.get(geo ? id.slice(geo[0].length) : id);
  if (!model) return undefined;
  return { model, address: geo ? 'profile' : 'foundation' };
}

/** True for ARNs that name no model (application inference profiles, provisioned throughput). */
export function isOpaqueArn(modelId: string): boolean {
  return /^arn:aws[a-z-]*:bedrock:[a-z0-9-]+:\d{12}:(application-inference-profile|provisioned-model)\//.test(modelId);
}
