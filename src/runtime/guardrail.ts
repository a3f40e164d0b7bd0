// ApplyGuardrail: `POST /guardrail/{guardrailIdentifier}/version/{guardrailVersion}/apply`
// (client-bedrock-runtime schemas). The service answers 200 whether or not the guardrail
// intervenes; `action` says which. Its JSON carries explicit nulls for absent parts and both the
// documented `outputs` and an older `output`: nulls are dropped here, `outputs` wins.
import { ValidationError } from '../errors.js';
import { toBase64 } from '../base64.js';
import type { BedrockRuntime } from './client.js';
import type { CallOptions } from './types.js';

/** One piece of content to check: text (with optional qualifiers) or an image. */
export type GuardrailContent =
  | string
  | { text: string; qualifiers?: Array<'grounding_source' | 'query' | 'guard_content'> }
  | { image: { format: 'png' | 'jpeg'; bytes: Uint8Array | string } };

export interface ApplyGuardrailInput {
  guardrailIdentifier: string;
  guardrailVersion: string;
  source: 'INPUT' | 'OUTPUT';
  /** A string or an array of blocks; a string is one text block. */
  content: GuardrailContent | GuardrailContent[];
  /** `FULL` also reports what did not intervene. Default: the service's (`INTERVENTIONS`). */
  outputScope?: 'INTERVENTIONS' | 'FULL';
}

export interface ApplyGuardrailOutput {
  action: 'NONE' | 'GUARDRAIL_INTERVENED' | (string & {});
  actionReason?: string;
  /** The text to use instead of the input when the guardrail intervened (masked or blocked message). */
  outputs: Array<{ text?: string }>;
  /** Per-policy findings, as the service sends them (nulls removed). */
  assessments: any[];
  usage?: Record<string, number>;
  guardrailCoverage?: { textCharacters?: { guarded?: number; total?: number }; images?: { guarded?: number; total?: number } };
  requestId: string;
}

const SEGMENT = /^[A-Za-z0-9:/._-]{1,2048}$/;

export async function applyGuardrail(rt: BedrockRuntime, input: ApplyGuardrailInput, opts?: CallOptions): Promise<ApplyGuardrailOutput> {
  const { guardrailIdentifier: id, guardrailVersion: version, source, outputScope } = input;
  for (const [name, v] of [['guardrailIdentifier', id], ['guardrailVersion', version]] as const) {
    if (typeof v !== 'string' || !SEGMENT.test(v)) throw new ValidationError(`${name}: expected a guardrail id or ARN and a version (DRAFT or a number), got ${JSON.stringify(v)}`);
  }
  if (source !== 'INPUT' && source !== 'OUTPUT') throw new ValidationError(`source: expected 'INPUT' or 'OUTPUT', got ${JSON.stringify(source)}`);
  const list = Array.isArray(input.content) ? input.content : [input.content];
  if (list.length === 0) throw new ValidationError('content: expected at least one text or image block');
  const content = list.map((c, i) => {
    if (typeof c === 'string') return { text: { text: c } };
    if (c && 'text' in c && typeof c.text === 'string') return { text: c.qualifiers ? { text: c.text, qualifiers: c.qualifiers } : { text: c.text } };
    if (c && 'image' in c && c.image) {
      const { format, bytes } = c.image;
      return { image: { format, source: { bytes: typeof bytes === 'string' ? bytes : toBase64(bytes) } } };
    }
    throw new ValidationError(`content[${i}]: expected a string, { text } or { image: { format, bytes } }`);
  });
  const body: Record<string, unknown> = { source, content };
  if (outputScope !== undefined) body.outputScope = outputScope;
  // The identifier may be an ARN: encode it once in the path (':' and '/'), as the SDK does.
  const path = `/guardrail/${encodeURIComponent(id)}/version/${encodeURIComponent(version)}/apply`;
  const { output, ...r } = dropNulls(await rt.request<Record<string, any>>('POST', path, body, opts));
  return { ...r, outputs: r.outputs ?? output ?? [], assessments: r.assessments ?? [] } as ApplyGuardrailOutput;
}

/** A copy without null members (arrays keep their length: a null item stays). */
export function dropNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map(dropNulls) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = dropNulls(v);
  return out as T;
}
