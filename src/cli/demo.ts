import { startEmulator, families } from '../emulator/index.js';
import { BedrockProvider } from '../provider/index.js';
import type { CliFlags } from './args.js';
import type { Io } from './io.js';

const PROMPT = 'In one sentence, why do small libraries start fast?';

/**
 * `demo`: starts the embedded emulator and streams a reply from one model of every family through
 * the whole stack — config, SigV4 signing, undici, event-stream framing, the family's codec — with
 * no AWS account and no network beyond loopback.
 */
export async function demo(flags: CliFlags, io: Io): Promise<number> {
  const emu = await startEmulator();
  // The demo's own environment: the user's AWS variables must not redirect or re-authenticate it.
  const provider = new BedrockProvider(
    { region: emu.region, endpoint: emu.url, credentials: emu.credentials },
    { env: {} },
  );
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
      for await (const chunk of provider.generateStream(
        { model, messages: [{ role: 'user', content: PROMPT }], maxTokens: flags.maxTokens ?? 64 },
        { signal: io.signal },
      )) {
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
}
