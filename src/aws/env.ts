/** Environment variables as this folder reads them; injectable for tests and edge runtimes. */
export type Env = Record<string, string | undefined>;

/** `process.env` where it exists (Node, Bun, Deno with compat), else an empty object (browsers, workers). */
export function defaultEnv(): Env {
  return (globalThis as { process?: { env?: Env } }).process?.env ?? {};
}

/** The variable's value, trimmed; `undefined` when unset or blank. */
export function readEnv(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}
