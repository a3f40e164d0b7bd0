// Every byte the CLI prints passes through here: the secrets it was given (env keys, the config
// file's keys) are masked by value, also when a streamed reply splits one across writes.
import { Secrets } from '../redact.js';
import type { Io } from './io.js';

export interface MaskedIo extends Io {
  /** Add the secrets of a config file or a provider once they are known. */
  secrets: Secrets;
  /** Prints what the writers still hold back. */
  flush(): void;
}

export function maskedIo(io: Io): MaskedIo {
  const secrets = new Secrets().add(io.env.AWS_SECRET_ACCESS_KEY, io.env.AWS_SESSION_TOKEN, io.env.AWS_BEARER_TOKEN_BEDROCK);
  const wrap = (w: Io['stdout']) => {
    const m = secrets.stream();
    return { w, m, write: (text: string) => w.write(m.push(String(text))) };
  };
  const out = wrap(io.stdout);
  const err = wrap(io.stderr);
  return {
    ...io,
    stdout: out,
    stderr: err,
    secrets,
    flush() {
      for (const x of [out, err]) {
        const rest = x.m.end();
        if (rest) x.w.write(rest);
      }
    },
  };
}

/** The secrets a provider config holds (keys given in a file or in flags). */
export function configSecrets(secrets: Secrets | undefined, config: Record<string, unknown>): void {
  if (!secrets) return;
  const c = config.credentials as Record<string, unknown> | undefined;
  secrets.add(config.apiKey, config.api_key, c?.secretAccessKey, c?.sessionToken, c?.secret_access_key, c?.session_token);
}
