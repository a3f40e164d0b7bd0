import type { CliFlags } from './args.js';
import { providerFromFlags } from './provider.js';
import type { Io } from './io.js';

/** `health`: one minimal generate; exit code 0 when healthy, 1 when not. */
export async function health(flags: CliFlags, io: Io): Promise<number> {
  const provider = await providerFromFlags(flags, io.env, io.secrets);
  try {
    const h = await provider.getHealth({ signal: io.signal });
    if (flags.json) {
      io.stdout.write(JSON.stringify(h) + '\n');
    } else {
      io.stdout.write(`${h.status} · ${h.model} · ${h.latencyMs.toFixed(0)} ms${h.lastError ? ` · ${h.lastError.kind}: ${h.lastError.message}` : ''}\n`);
    }
    return h.status === 'healthy' ? 0 : 1;
  } finally {
    await provider.close();
  }
}
