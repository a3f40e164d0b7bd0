import { HELP_FLAG, UsageError, type Command } from '../command.js';

export const emulator: Command = {
  name: 'emulator',
  summary: 'run the local Bedrock emulator in the foreground',
  usage: '[options]',
  description: 'Prints the environment that points a client (this CLI, the SDK, bedrock-wire) at it. Ctrl-C stops it.',
  flags: {
    port: { type: 'string', arg: '<n>', help: 'port (default: a free one)' },
    region: { type: 'string', arg: '<region>', help: 'the region it answers as (default us-east-1)' },
    host: { type: 'string', arg: '<addr>', help: 'address to listen on (default 127.0.0.1; any other is reachable from other machines)' },
    ...HELP_FLAG,
  },
  examples: ['bedrock-wire emulator --port 8787'],
  async run(args, io) {
    if (args.positionals.length) throw new UsageError(`emulator takes no arguments, got "${args.positionals[0]}"`);
    const port = args.number('port', 0, 65535) ?? 0;
    const region = args.string('region');
    // Loopback unless --host says otherwise: the emulator's credentials are well known.
    const host = args.string('host');
    if (host !== undefined && !/^(localhost|127(\.\d{1,3}){3}|::1)$/.test(host)) {
      io.stderr.write(`warning: listening on ${host}: the emulator is reachable from other machines, with well-known test credentials\n`);
    }
    const { startEmulator } = await import('../../emulator/index.js');
    const emu = await startEmulator({ port, ...(region ? { region } : {}), ...(host ? { host } : {}) });
    io.stdout.write(
      [
        `Bedrock emulator listening on ${emu.url} (region ${emu.region})`,
        `  export AWS_ENDPOINT_URL_BEDROCK_RUNTIME=${emu.url}`,
        `  export AWS_REGION=${emu.region}`,
        `  export AWS_ACCESS_KEY_ID=${emu.credentials.accessKeyId}`,
        `  export AWS_SECRET_ACCESS_KEY=${emu.credentials.secretAccessKey}`,
        `  # or a Bedrock API key: export AWS_BEARER_TOKEN_BEDROCK=${emu.apiKey}`,
        "  (these are the emulator's own test credentials, not AWS secrets)",
        'Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
    await new Promise<void>((resolve) => {
      if (io.signal?.aborted) return resolve();
      io.signal?.addEventListener('abort', () => resolve(), { once: true });
    });
    await emu.close();
    return 0;
  },
};
