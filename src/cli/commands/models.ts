import type { ModelInfo } from '../../provider/index.js';
import { HELP_FLAG, UsageError, type Command } from '../command.js';
import { CONNECTION_FLAGS, JSON_FLAG, connectionFlags } from '../flags.js';

function table(models: ModelInfo[]): string {
  const rows = models.map((m) => [
    m.id,
    m.family,
    m.contextWindow ? `${Math.round(m.contextWindow / 1000)}k` : '?',
    m.maxOutputTokens ? String(m.maxOutputTokens) : '?',
    [...m.capabilities.filter((c) => c === 'embedding' || c === 'image' || c === 'rerank'), m.supportsTools && 'tools', m.supportsVision && 'vision', m.supportsDocuments && 'documents', m.supportsReasoning && 'reasoning', m.requiresInferenceProfile && 'profile-only']
      .filter(Boolean)
      .join(','),
  ]);
  const head = ['MODEL', 'FAMILY', 'CONTEXT', 'MAX OUT', 'CAPABILITIES'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [head, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n') + '\n';
}

export const models: Command = {
  name: 'models',
  summary: 'list the model catalog (or the config file\'s allow-list); no network',
  usage: '[options]',
  flags: { ...JSON_FLAG, config: CONNECTION_FLAGS.config, region: CONNECTION_FLAGS.region, ...HELP_FLAG },
  examples: ['bedrock-wire models', 'bedrock-wire models --json | jq -r \'.[] | select(.supportsVision) | .id\''],
  async run(args, io) {
    if (args.positionals.length) throw new UsageError(`models takes no arguments, got "${args.positionals[0]}"`);
    const { providerFromFlags } = await import('../provider.js');
    const flags = connectionFlags(args);
    // The catalog needs no credentials; a region is only needed to build a client, so default it.
    const provider = await providerFromFlags({ ...flags, region: flags.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION ?? 'us-east-1' }, io.env, io.secrets);
    try {
      const list = provider.getModels();
      io.stdout.write(args.bool('json') ? JSON.stringify(list, null, 2) + '\n' : table(list));
      return 0;
    } finally {
      await provider.close();
    }
  },
};
