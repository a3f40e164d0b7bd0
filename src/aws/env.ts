/** Environment variables as this folder reads them; injectable for tests and edge runtimes. */
export type Env = Record<string, string | undefined>;

/** `process.env` where it exists (Node, Bun, Deno with compat), else an empty object (browsers, workers). */
export function defaultEnv(): Env {
  return (globalThis as { process?: { env?: Env } }).process?.env ?? {};
}

/** The variable's value (in `env`, default `process.env`), trimmed; `undefined` when unset or blank. */
export function readEnv(env: Env | undefined, name: string): string | undefined {
  return (env ?? defaultEnv())[name]?.trim() || undefined;
}

/** `AWS_REGION`, else `AWS_DEFAULT_REGION`. */
export function envRegion(env: Env | undefined): string | undefined {
  return readEnv(env, 'AWS_REGION') || readEnv(env, 'AWS_DEFAULT_REGION');
}
