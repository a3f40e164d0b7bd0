/** What the commands read and write: the process's streams in `main`, buffers in tests. */
export interface Io {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  stdin: AsyncIterable<string | Uint8Array>;
  stdinIsTTY: boolean;
  /** Colours (dimmed reasoning) only on a terminal. Default false. */
  stdoutIsTTY?: boolean;
  env: Record<string, string | undefined>;
  /** Aborts the whole command (Ctrl-C, a closed stdout). */
  signal?: AbortSignal;
  /**
   * Ctrl-C handlers a command registers while it wants Ctrl-C for itself (the interactive chat:
   * stop the current reply, not the session). The newest one gets it; with none, Ctrl-C aborts
   * `signal`. Returns the unregister function.
   */
  onInterrupt?(handler: () => void): () => void;
  /** Secrets to mask in every write (set by `run`); commands add the config file's. */
  secrets?: import('../redact.js').Secrets;
}
