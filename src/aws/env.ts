/** Environment variables as this folder reads them; injectable for tests and edge runtimes. */
export type Env = Record<string, string | undefined>;

/** `process.env` where it exists (Node, Bun, Deno with compat), else an empty object (browsers, workers). */
export function defaultEnv(): Env {
  try {
    return (globalThis as { process?: { env?: Env } }).process?.env ?? {};
  } catch {
    return {};
  }
}

/**
 * The variable's value (in `env`, default `process.env`), trimmed; `undefined` when unset or blank.
 * A read that throws is unset: Deno without `--allow-env` throws `NotCapable` on every env access,
 * and a caller who passes everything explicitly must not need that permission.
 */
export function readEnv(env: Env | undefined, name: string): string | undefined {
  let value: unknown;
  try {
    value = (env ?? defaultEnv())[name];
  } catch {
    return undefined;
  }
  return (typeof value === 'string' && value.trim()) || undefined;
}

/** A view of `env` (default `process.env`) whose reads go through {@link readEnv}: never throw, blank is unset. */
export function safeEnv(env?: Env): Env {
  return new Proxy({} as Env, { get: (_, name) => (typeof name === 'string' ? readEnv(env, name) : undefined) });
}

/** `AWS_REGION`, else `AWS_DEFAULT_REGION`. */
export function envRegion(env: Env | undefined): string | undefined {
  return readEnv(env, 'AWS_REGION') || readEnv(env, 'AWS_DEFAULT_REGION');
}
