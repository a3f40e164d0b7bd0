import type { Operation } from './types.js';

const OPERATIONS = new Set<string>(['invoke', 'invoke-with-response-stream', 'converse', 'converse-stream', 'count-tokens']);

/** `POST /model/{modelId}/{operation}`; the model id is URL-decoded once, like the service does. */
export function parseRoute(method: string, target: string): { operation: Operation; modelId: string } | undefined {
  if (method !== 'POST') return undefined;
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  const m = /^\/model\/([^/]+)\/([a-z-]+)$/.exec(path);
  if (!m || !OPERATIONS.has(m[2])) return undefined;
  let modelId: string;
  try {
    modelId = decodeURIComponent(m[1]);
  } catch {
    return undefined;
  }
  return { operation: m[2] as Operation, modelId };
}
