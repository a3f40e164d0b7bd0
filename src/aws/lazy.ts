/**
 * `load()` on first use, once: concurrent callers share the promise. A failure is forgotten, so
 * the next call tries again (a missing optional package may be installed, a network blip passes).
 */
export function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}

/**
 * A dynamic import's namespace, or the package's exports where a bundler handed them over as
 * `default` alone (esbuild `--splitting` does for a CommonJS package, which is what the `main`
 * field of the @smithy and @aws-sdk packages gives a node build).
 */
export function interop<T extends object>(ns: T): T {
  const d = (ns as { default?: unknown }).default;
  return Object.keys(ns).length === 1 && d !== null && typeof d === 'object' ? (d as T) : ns;
}
