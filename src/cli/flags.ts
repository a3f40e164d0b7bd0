// Flag groups several commands share. A command spreads the groups it takes into its own table.
import { UsageError, type CommandArgs, type FlagTable } from './command.js';

/** Where to send requests and how to sign them. */
export const CONNECTION_FLAGS: FlagTable = {
  region: { type: 'string', arg: '<region>', help: 'AWS region (default: AWS_REGION / AWS_DEFAULT_REGION / the profile\'s region)' },
  profile: { type: 'string', arg: '<name>', help: 'AWS shared-config profile' },
  endpoint: { type: 'string', arg: '<url>', help: 'custom endpoint (for example the emulator\'s URL)' },
  config: { type: 'string', short: 'c', arg: '<file>', help: 'provider config (YAML or JSON, the llm.providers.bedrock schema)' },
  // Accepted only to explain why it is refused: a key on the command line ends up in shell
  // history and `ps` output.
  'api-key': { type: 'string', arg: '<key>', help: 'refused: export AWS_BEARER_TOKEN_BEDROCK instead' },
};

export const MODEL_FLAGS: FlagTable = {
  model: { type: 'string', short: 'm', arg: '<id>', help: 'model id, inference profile id or ARN (see bedrock-wire models)' },
  family: { type: 'string', arg: '<family>', help: 'model family when the id cannot tell it (an application inference profile ARN, a custom model)' },
};

export const JSON_FLAG: FlagTable = {
  json: { type: 'boolean', help: 'JSON output' },
};

/** What `providerFromFlags` reads. */
export interface ConnectionFlags {
  region?: string;
  profile?: string;
  endpoint?: string;
  config?: string;
  model?: string;
  healthCheckModel?: string;
}

export function connectionFlags(args: CommandArgs): ConnectionFlags {
  if (args.has('api-key')) {
    throw new UsageError('--api-key is read from the environment only: export AWS_BEARER_TOKEN_BEDROCK=<key> (a key on the command line leaks into shell history)');
  }
  return { region: args.string('region'), profile: args.string('profile'), endpoint: args.string('endpoint'), config: args.string('config'), model: args.string('model') };
}
