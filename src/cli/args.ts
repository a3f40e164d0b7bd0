import { parseArgs } from 'node:util';

/** A misuse of the command line: printed as one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface CliFlags {
  model?: string;
  system?: string;
  maxTokens?: number;
  temperature?: number;
  region?: string;
  profile?: string;
  endpoint?: string;
  json: boolean;
  port?: number;
  config?: string;
  help: boolean;
}

export interface ParsedArgs {
  command: string | undefined;
  positionals: string[];
  flags: CliFlags;
}

function number(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`--${name} must be a number between ${min} and ${max}, got ${JSON.stringify(value)}`);
  return n;
}

export function parse(argv: string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        model: { type: 'string', short: 'm' },
        system: { type: 'string', short: 's' },
        'max-tokens': { type: 'string' },
        temperature: { type: 'string', short: 't' },
        region: { type: 'string' },
        profile: { type: 'string' },
        endpoint: { type: 'string' },
        config: { type: 'string', short: 'c' },
        port: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        // Accepted only to explain why it is refused: a key on the command line ends up in shell
        // history and `ps` output.
        'api-key': { type: 'string' },
      },
    });
  } catch (err) {
    // parseArgs' messages are already one clear line ("Unknown option '--foo'...").
    throw new UsageError((err as Error).message);
  }
  const v = parsed.values;
  if (v['api-key'] !== undefined) {
    throw new UsageError('--api-key is read from the environment only: export AWS_BEARER_TOKEN_BEDROCK=<key> (a key on the command line leaks into shell history)');
  }
  const [command, ...positionals] = parsed.positionals;
  return {
    command,
    positionals,
    flags: {
      model: v.model,
      system: v.system,
      maxTokens: number('max-tokens', v['max-tokens'], 1, 1_000_000),
      temperature: number('temperature', v.temperature, 0, 2),
      region: v.region,
      profile: v.profile,
      endpoint: v.endpoint,
      config: v.config,
      port: number('port', v.port, 0, 65535),
      json: v.json ?? false,
      help: v.help ?? false,
    },
  };
}

export const USAGE = `bedrock-wire <command> [options]

Commands:
  chat [prompt]   stream a reply to stdout (prompt from the argument or stdin)
  models          list the model catalog (--json for JSON)
  health          run the provider health check (exit code 0 healthy, 1 not)
  emulator        run the local Bedrock emulator in the foreground
  demo            stream a reply from every model family through the embedded emulator

Options:
  -m, --model <id>        model id, inference profile id or ARN
  -s, --system <text>     system prompt
      --max-tokens <n>    maximum output tokens
  -t, --temperature <x>   sampling temperature
      --region <region>   AWS region (default: AWS_REGION / AWS_DEFAULT_REGION)
      --profile <name>    AWS shared-config profile
      --endpoint <url>    custom endpoint (for example the emulator's URL)
  -c, --config <file>     provider config (YAML or JSON, the llm.providers.bedrock schema)
      --port <n>          emulator port (default: random)
      --json              one JSON line per chunk (chat) or JSON output (models)
  -h, --help              this help

Credentials: AWS_BEARER_TOKEN_BEDROCK (Bedrock API key), AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
[/ AWS_SESSION_TOKEN], AWS_PROFILE, or the default chain (SSO, web identity, ECS/EC2 roles).`;
