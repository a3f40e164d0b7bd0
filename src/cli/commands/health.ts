import { HELP_FLAG, UsageError, type Command } from '../command.js';
import { CONNECTION_FLAGS, JSON_FLAG, MODEL_FLAGS, connectionFlags } from '../flags.js';

export const health: Command = {
  name: 'health',
  summary: 'one minimal request to a model: exit code 0 healthy, 1 not',
  usage: '[options]',
  description: 'Checks -m MODEL, else the config\'s healthCheckModel (default: a small model every account has).',
  flags: { model: MODEL_FLAGS.model, ...JSON_FLAG, ...CONNECTION_FLAGS, ...HELP_FLAG },
  examples: ['bedrock-wire health -m amazon.nova-micro-v1:0', 'bedrock-wire health --json'],
  async run(args, io) {
    if (args.positionals.length) throw new UsageError(`health takes no arguments, got "${args.positionals[0]}" (the model is -m <id>)`);
    const { providerFromFlags } = await import('../provider.js');
    const flags = connectionFlags(args);
    const provider = await providerFromFlags({ ...flags, healthCheckModel: flags.model }, io.env, io.secrets);
    try {
      const h = await provider.getHealth({ signal: io.signal });
      if (args.bool('json')) {
        io.stdout.write(JSON.stringify(h) + '\n');
      } else {
        io.stdout.write(`${h.status} · ${h.model} · ${h.latencyMs.toFixed(0)} ms${h.lastError ? ` · ${h.lastError.kind}: ${h.lastError.message}` : ''}\n`);
      }
      return h.status === 'healthy' ? 0 : 1;
    } finally {
      await provider.close();
    }
  },
};
