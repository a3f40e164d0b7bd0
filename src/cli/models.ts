import type { ModelInfo } from '../provider/index.js';
import type { CliFlags } from './args.js';
import { providerFromFlags } from './provider.js';
import type { Io } from './io.js';

function table(models: ModelInfo[]): string {
  const rows = models.map((m) => [
    m.id,
    m.family,
    m.contextWindow ? `${Math.round(m.contextWindow / 1000)}k` : '?',
    m.maxOutputTokens ? String(m.maxOutputTokens) : '?',
    [m.supportsTools && 'tools', m.supportsVision && 'vision', m.supportsReasoning && 'reasoning', m.requiresInferenceProfile && 'profile-only']
      .filter(Boolean)
      .join(','),
  ]);
  const head = ['MODEL', 'FAMILY', 'CONTEXT', 'MAX OUT', 'CAPABILITIES'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [head, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n') + '\n';
}

/** `models`: the catalog (or the configured allow-list) as a table or JSON. No network. */
export async function models(flags: CliFlags, io: Io): Promise<number> {
  // The catalog needs no credentials; a region is only needed to build a client, so default it.
  const provider = await providerFromFlags({ ...flags, region: flags.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION ?? 'us-east-1' }, io.env, io.secrets);
  try {
    const list = provider.getModels();
    io.stdout.write(flags.json ? JSON.stringify(list, null, 2) + '\n' : table(list));
    return 0;
  } finally {
    await provider.close();
  }
}
