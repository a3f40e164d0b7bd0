/** What the commands read and write: the process's streams in `main`, buffers in tests. */
export interface Io {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  stdin: AsyncIterable<string | Uint8Array>;
  stdinIsTTY: boolean;
  env: Record<string, string | undefined>;
  signal?: AbortSignal;
  /** Secrets to mask in every write (set by `run`); commands add the config file's. */
  secrets?: import('../redact.js').Secrets;
}
