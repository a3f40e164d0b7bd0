import type { EmulatorFamily } from './types.js';

/** A model id resolved to its family and bare foundation-model name. */
export interface ModelRef {
  id: string;
  /** The foundation id without geo prefix or ARN (`anthropic.claude-3-5-haiku-20241022-v1:0`); '' for application profiles. */
  base: string;
  family: EmulatorFamily;
  /** True for application inference profile ARNs, whose family comes from the body shape. */
  fromBody: boolean;
}

const GEO = /^(us-gov|us|eu|apac|jp|au|ca|global)\./;

const PREFIXES: [string, EmulatorFamily][] = [
  ['anthropic.', 'anthropic'],
  ['amazon.titan-text', 'titan'],
  ['amazon.titan-tg1', 'titan'],
  ['amazon.nova', 'nova'],
  ['meta.llama', 'llama'],
  ['cohere.command', 'cohere'],
  ['ai21.jamba', 'jamba'],
  ['mistral.', 'mistral'],
  ['deepseek.', 'deepseek'],
  ['openai.gpt-oss', 'gpt-oss'],
];

/** Example ids per family, for demos and docs. All of them resolve, and the strict emulator takes each (profile-only models by their profile id). */
export const families: Readonly<Record<EmulatorFamily, readonly string[]>> = {
  anthropic: [
    'anthropic.claude-3-5-haiku-20241022-v1:0',
    'us.anthropic.claude-sonnet-4-20250514-v1:0',
    'us.anthropic.claude-3-7-sonnet-20250219-v1:0',
    'anthropic.claude-v2:1',
    'anthropic.claude-instant-v1',
  ],
  titan: ['amazon.titan-text-express-v1', 'amazon.titan-text-lite-v1', 'amazon.titan-text-premier-v1:0'],
  nova: ['amazon.nova-micro-v1:0', 'amazon.nova-lite-v1:0', 'us.amazon.nova-pro-v1:0'],
  llama: ['meta.llama3-8b-instruct-v1:0', 'us.meta.llama3-3-70b-instruct-v1:0'],
  cohere: ['cohere.command-r-v1:0', 'cohere.command-r-plus-v1:0', 'cohere.command-text-v14'],
  jamba: ['ai21.jamba-1-5-mini-v1:0', 'ai21.jamba-1-5-large-v1:0'],
  mistral: ['mistral.mistral-7b-instruct-v0:2', 'mistral.mixtral-8x7b-instruct-v0:1', 'mistral.mistral-large-2407-v1:0'],
  deepseek: ['us.deepseek.r1-v1:0'],
  'gpt-oss': ['openai.gpt-oss-20b-1:0', 'openai.gpt-oss-120b-1:0'],
};

/** Resolves a model id (foundation id, geo-prefixed profile id or ARN); undefined when no family matches. */
export function resolveModel(id: string, body?: Record<string, unknown>): ModelRef | undefined {
  let base = id;
  if (id.startsWith('arn:')) {
    const m = /:(foundation-model|inference-profile|application-inference-profile|provisioned-model)\/(.+)$/.exec(id);
    if (!m) return undefined;
    if (m[1] === 'application-inference-profile' || m[1] === 'provisioned-model') {
      return { id, base: '', family: familyFromBody(body), fromBody: true };
    }
    base = m[2];
  }
  base = base.replace(GEO, '');
  for (const [prefix, family] of PREFIXES) if (base.startsWith(prefix)) return { id, base, family, fromBody: false };
  return undefined;
}

/** Application profiles name no model: guess from the body, Anthropic when nothing else fits. */
function familyFromBody(body: Record<string, unknown> | undefined): EmulatorFamily {
  if (!body) return 'anthropic';
  if ('anthropic_version' in body) return 'anthropic';
  if ('inputText' in body) return 'titan';
  if ('schemaVersion' in body || 'inferenceConfig' in body) return 'nova';
  if ('max_gen_len' in body) return 'llama';
  if ('message' in body || 'chat_history' in body) return 'cohere';
  return 'anthropic';
}

/** The model name a response body reports: the id without vendor prefix and version suffix. */
export function modelName(ref: ModelRef, fallback: string): string {
  if (!ref.base) return fallback;
  const dot = ref.base.indexOf('.');
  return ref.base.slice(dot + 1).replace(/-v\d+(:\d+)?$/, '').replace(/:\d+$/, '');
}

