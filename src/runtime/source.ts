// Where the model-kind entries (embeddings, images, rerank) get their wire client: the caller's
// BedrockRuntime, a BedrockProvider's (anything with a `runtime`), or options to build one from —
// the same region, auth and endpoint settings, never a second config.
import { BedrockRuntime } from './client.js';
import type { BedrockRuntimeOptions } from './types.js';

/** A `BedrockRuntime`, a `BedrockProvider` (or anything with a `runtime`), or runtime options. */
export type RuntimeSource = BedrockRuntime | { runtime: BedrockRuntime } | BedrockRuntimeOptions;

/**
 * Runs `use` with the source's client. A client built here from options lives for this call
 * only (closed after it); pass a runtime or provider to reuse connections.
 */
export async function withRuntime<T>(source: RuntimeSource, use: (rt: BedrockRuntime) => Promise<T>): Promise<T> {
  if (source instanceof BedrockRuntime) return use(source);
  const shared = (source as { runtime?: unknown }).runtime;
  if (shared instanceof BedrockRuntime) return use(shared);
  const rt = new BedrockRuntime(source as BedrockRuntimeOptions);
  try {
    return await use(rt);
  } finally {
    await rt.close();
  }
}
