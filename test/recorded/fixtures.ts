// The recorded Bedrock interactions (test/fixtures/verdicts, copied from the shared recorded-http
// collection with provenance; see its README), read once for the request and response tests.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Recorded {
  file: string;
  operation: string;
  model_id: string;
  family: string;
  request: { uri: string; headers: Record<string, string>; body_text: string | null; body_base64: string | null };
  response: { status: number; headers: Record<string, string>; body_text: string | null; body_base64: string | null };
}

const DIR = fileURLToPath(new URL('../fixtures/verdicts/', import.meta.url));

/** The families whose requests and responses this package's codecs express (generation). */
export const GENERATION = ['converse', 'anthropic', 'nova', 'titan', 'cohere-command', 'cohere-r', 'llama', 'mistral', 'jamba'] as const;
/** Recorded families outside the codecs: embeddings, rerank, CountTokens, Jurassic-2, an embedding profile. */
export const OUTSIDE = ['cohere-embed', 'titan-embed', 'cohere-rerank', 'count-tokens', 'ai21-j2', 'other'] as const;

export function load(family: string): Recorded[] {
  return JSON.parse(readFileSync(`${DIR}${family}.json`, 'utf8')) as Recorded[];
}

export function requestJson(r: Recorded): unknown {
  const text = r.request.body_text ?? (r.request.body_base64 ? Buffer.from(r.request.body_base64, 'base64').toString('utf8') : '');
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function responseBytes(r: Recorded): Uint8Array {
  if (r.response.body_base64) return new Uint8Array(Buffer.from(r.response.body_base64, 'base64'));
  return new TextEncoder().encode(r.response.body_text ?? '');
}

/** Header lookup, case-insensitive (recorders kept various cases). */
export function header(h: Record<string, string>, name: string): string | undefined {
  for (const [k, v] of Object.entries(h)) if (k.toLowerCase() === name) return Array.isArray(v) ? v[0] : v;
  return undefined;
}

/** Generation interactions of a family: the Nova folder also holds Nova multimodal embeddings (outside the codecs). */
export function recordedRequests(family: string): Recorded[] {
  return load(family).filter((r) => !/embed/.test(r.model_id));
}
