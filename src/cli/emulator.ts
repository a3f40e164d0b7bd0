import { startEmulator } from '../emulator/index.js';
import type { CliFlags } from './args.js';
import type { Io } from './io.js';

/** `emulator`: runs the local Bedrock emulator until interrupted; prints how to point a client at it. */
export async function emulator(flags: CliFlags, io: Io): Promise<number> {
  const emu = await startEmulator({ port: flags.port ?? 0, ...(flags.region ? { region: flags.region } : {}) });
  io.stdout.write(
    [
      `Bedrock emulator listening on ${emu.url} (region ${emu.region})`,
      `  export AWS_ENDPOINT_URL_BEDROCK_RUNTIME=${emu.url}`,
      `  export AWS_REGION=${emu.region}`,
      `  export AWS_ACCESS_KEY_ID=${emu.credentials.accessKeyId}`,
      `  export AWS_SECRET_ACCESS_KEY=${emu.credentials.secretAccessKey}`,
      `  # or a Bedrock API key: export AWS_BEARER_TOKEN_BEDROCK=${emu.apiKey}`,
      '  (these are the emulator\'s own test credentials, not AWS secrets)',
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
}
