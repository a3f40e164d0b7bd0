import { HELP_FLAG, UsageError, type Command } from '../command.js';

const PROMPT = 'In one sentence, why do small libraries start fast?';

export const demo: Command = {
  name: 'demo',
  summary: 'stream a reply from every model family through the embedded emulator (no AWS account)',
  usage: '[options]',
  description:
    'Starts the embedded emulator and streams a reply from one model of every family through the whole\n' +
    'stack: config, SigV4 signing, undici, event-stream framing, the family\'s codec. Loopback only.',
  flags: { 'max-tokens': { type: 'string', arg: '<n>', help: 'maximum output tokens per reply (default 64)' }, ...HELP_FLAG },
  async run(args, io) {
    if (args.positionals.length) throw new UsageError(`demo takes no arguments, got "${args.positionals[0]}"`);
    const maxTokens = args.number('max-tokens', 1, 1_000_000) ?? 64;
    const { startEmulator, families } = await import('../../emulator/index.js');
    const { BedrockProvider } = await import('../../provider/index.js');
    const emu = await startEmulator();
    // The demo's own environment: the user's AWS variables must not redirect or re-authenticate it.
    const provider = new BedrockProvider({ region: emu.region, endpoint: emu.url, credentials: emu.credentials }, { env: {} });
    let chunks = 0;
    let bytes = 0;
    const firstChunkMs: number[] = [];
    const started = performance.now();
    try {
      io.stdout.write(`bedrock-wire demo · emulator ${emu.url} · prompt: "${PROMPT}"\n\n`);
      for (const [family, ids] of Object.entries(families)) {
        const model = ids[0];
        io.stdout.write(`${family.padEnd(9)} ${model}\n  `);
        const t0 = performance.now();
        let first = true;
        for await (const chunk of provider.generateStream({ model, messages: [{ role: 'user', content: PROMPT }], maxTokens }, { signal: io.signal })) {
          chunks++;
          if (chunk.type === 'text') {
            if (first) firstChunkMs.push(performance.now() - t0);
            first = false;
            bytes += chunk.text.length;
            io.stdout.write(chunk.text);
          } else if (chunk.type === 'finish') {
            const r = chunk.response;
            io.stdout.write(`\n  └ ${r.finishReason} · ${r.usage.inputTokens} in / ${r.usage.outputTokens} out tokens\n`);
          }
        }
      }
      const seconds = (performance.now() - started) / 1000;
      // Speech: the same prompt through Nova Sonic's bidirectional stream (after the timing above).
      await (await import('./sonic.js')).sonicDemo(emu, PROMPT, io);
      const ttfc = firstChunkMs.reduce((a, b) => a + b, 0) / Math.max(1, firstChunkMs.length);
      io.stdout.write(
        `\n${Object.keys(families).length} families · ${chunks} chunks · ${bytes} chars of text in ${seconds.toFixed(2)} s ` +
          `(${Math.round(chunks / seconds)} chunks/s incl. connection setup) · mean time to first chunk ${ttfc.toFixed(1)} ms\n`,
      );
      return 0;
    } finally {
      await provider.close();
      await emu.close();
    }
  },
};
