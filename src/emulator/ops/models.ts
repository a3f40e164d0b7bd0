// The non-chat models the emulator answers through InvokeModel, by the bare model name (no geo
// prefix, no ARN). Its own table: the emulator never imports the library's codecs.
export type OpsKind =
  | 'titan-embed-v1' | 'titan-embed-v2' | 'titan-embed-image' | 'cohere-embed-v3' | 'cohere-embed-v4' | 'nova-embed'
  | 'titan-image' | 'nova-canvas' | 'stability'
  | 'cohere-rerank' | 'amazon-rerank';

const PREFIXES: Array<[string, OpsKind]> = [
  ['amazon.titan-embed-text-v2', 'titan-embed-v2'],
  ['amazon.titan-embed-text-v1', 'titan-embed-v1'],
  ['amazon.titan-embed-g1-text', 'titan-embed-v1'],
  ['amazon.titan-embed-image-v1', 'titan-embed-image'],
  ['cohere.embed-english-v3', 'cohere-embed-v3'],
  ['cohere.embed-multilingual-v3', 'cohere-embed-v3'],
  ['cohere.embed-v4', 'cohere-embed-v4'],
  ['amazon.nova-2-multimodal-embeddings', 'nova-embed'],
  ['amazon.titan-image-generator', 'titan-image'],
  ['amazon.nova-canvas', 'nova-canvas'],
  ['stability.', 'stability'],
  ['cohere.rerank', 'cohere-rerank'],
  ['amazon.rerank', 'amazon-rerank'],
];

/** Example ids per kind (demos, docs); all of them resolve. */
export const opsModels = {
  embeddings: ['amazon.titan-embed-text-v1', 'amazon.titan-embed-text-v2:0', 'amazon.titan-embed-image-v1', 'cohere.embed-english-v3', 'cohere.embed-multilingual-v3', 'cohere.embed-v4:0', 'amazon.nova-2-multimodal-embeddings-v1:0'],
  images: ['amazon.titan-image-generator-v2:0', 'amazon.nova-canvas-v1:0', 'stability.sd3-5-large-v1:0', 'stability.stable-image-ultra-v1:1', 'stability.stable-image-core-v1:1'],
  rerank: ['cohere.rerank-v3-5:0', 'amazon.rerank-v1:0'],
} as const;

/** The bare model name of an id, geo-prefixed id or foundation/profile ARN ('' for other ARNs). */
export function bareModel(id: string): string {
  const arn = /^arn:[^:]+:bedrock:[^:]*:[^:]*:(foundation-model|inference-profile)\/(.+)$/.exec(id);
  if (id.startsWith('arn:') && !arn) return '';
  return (arn ? arn[2] : id).replace(/^(us-gov|us|eu|apac|jp|au|ca|global)\./, '');
}

export function opsKind(id: string): OpsKind | undefined {
  const base = bareModel(id);
  for (const [prefix, kind] of PREFIXES) if (base.startsWith(prefix)) return kind;
  return undefined;
}
