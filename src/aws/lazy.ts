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
