import type { SonicSession } from '../../sonic/index.js';
import { HELP_FLAG, UsageError, type Command } from '../command.js';
import type { Io } from '../io.js';

const FRAME_BYTES = 1024; // 32 ms of 16 kHz 16-bit mono, the frame size Nova Sonic examples send
const TRAILING_SILENCE_MS = 800; // so the model hears the end of the question

export const sonic: Command = {
  name: 'sonic',
  summary: 'a Nova Sonic speech turn: a question as WAV (or text) in, the spoken answer as WAV out',
  usage: '[options] (--in question.wav | --text "...") [--out answer.wav]',
  description:
    'Runs one turn of a Nova Sonic session over InvokeModelWithBidirectionalStream (HTTP/2, every event\n' +
    'signed). --in takes a 16 kHz 16-bit mono WAV; --out writes the answer as a 24 kHz WAV; the\n' +
    'transcript of the answer goes to stdout, what the model heard to stderr. Without --endpoint,\n' +
    '--region or --profile (and with no AWS region and keys in the environment) it runs against the\n' +
    'embedded emulator, whose scripted model answers with synthetic tones; --emulator forces that.',
  flags: {
    in: { type: 'string', short: 'i', arg: '<wav>', help: 'the question: a 16 kHz 16-bit mono WAV file' },
    text: { type: 'string', arg: '<text>', help: 'the question as text (a text-only turn)' },
    out: { type: 'string', short: 'o', arg: '<wav>', help: 'write the spoken answer here (24 kHz WAV)' },
    model: { type: 'string', short: 'm', arg: '<id>', help: 'model id (default amazon.nova-sonic-v1:0)' },
    voice: { type: 'string', arg: '<id>', help: 'output voice (default matthew)' },
    system: { type: 'string', short: 's', arg: '<text>', help: 'system prompt' },
    emulator: { type: 'boolean', help: 'use the embedded emulator even when AWS is configured' },
    region: { type: 'string', arg: '<region>', help: 'AWS region (default: AWS_REGION / AWS_DEFAULT_REGION)' },
    profile: { type: 'string', arg: '<name>', help: 'AWS shared-config profile' },
    endpoint: { type: 'string', arg: '<url>', help: 'custom endpoint (for example an emulator\'s URL)' },
    ...HELP_FLAG,
  },
  examples: ['bedrock-wire sonic --text "What is the tallest mountain?" --out answer.wav', 'bedrock-wire sonic --in question.wav --out answer.wav'],
  async run(args, io) {
    if (args.positionals.length) throw new UsageError(`sonic takes no arguments, got "${args.positionals[0]}": use --text "..." or --in file.wav`);
    const inPath = args.string('in');
    const text = args.string('text');
    if (!inPath && !text) throw new UsageError('no question: pass --in question.wav (16 kHz mono) or --text "..."');
    const { readFile, writeFile } = await import('node:fs/promises');
    const { parseWav, encodeWav, startSonicSession } = await import('../../sonic/index.js');
    let pcm: Uint8Array | undefined;
    if (inPath) {
      let bytes: Uint8Array;
      try {
        bytes = await readFile(inPath);
      } catch (e) {
        throw new UsageError(`--in: cannot read ${inPath} (${(e as { code?: string }).code ?? 'error'})`);
      }
      const wav = parseWav(bytes, '--in');
      if (wav.sampleRate !== 16000) throw new UsageError(`--in: expected a 16 kHz WAV, got ${wav.sampleRate} Hz (convert it, e.g. sox in.wav -r 16000 -c 1 -b 16 out.wav)`);
      pcm = wav.pcm;
    }

    const embedded = args.bool('emulator') || !configured(args, io.env);
    const emu = embedded ? await (await import('../../emulator/index.js')).startEmulator() : undefined;
    if (emu) io.stderr.write(`sonic: the embedded emulator (${emu.url}); pass --region or --endpoint for Amazon Bedrock\n`);
    const runtime = emu
      ? { region: emu.region, endpoint: emu.url, credentials: emu.credentials, env: {} }
      : { region: args.string('region'), endpoint: args.string('endpoint'), profile: args.string('profile'), env: io.env, authMode: 'sigv4' as const };
    try {
      const session = startSonicSession({ runtime, modelId: args.string('model'), voice: args.string('voice'), system: args.string('system'), signal: io.signal });
      const { answer, audio, seconds } = await turn(session, pcm, text, io);
      if (answer) io.stdout.write(answer + '\n');
      const out = args.string('out');
      if (out) {
        await writeFile(out, encodeWav(audio, 24000));
        io.stderr.write(`sonic: ${seconds.toFixed(2)} s of speech written to ${out}\n`);
      } else io.stderr.write(`sonic: ${seconds.toFixed(2)} s of speech in the answer (pass --out answer.wav to keep it)\n`);
      return 0;
    } finally {
      await emu?.close();
    }
  },
};

/** Is AWS named on the command line or in the environment? Otherwise the emulator answers. */
function configured(args: { has(name: string): boolean }, env: Record<string, string | undefined>): boolean {
  if (args.has('endpoint') || args.has('region') || args.has('profile')) return true;
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  return Boolean(region && (env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE || env.AWS_CONTAINER_CREDENTIALS_FULL_URI || env.AWS_WEB_IDENTITY_TOKEN_FILE));
}

/** Sends the question, collects the answer until the model's turn ends, closes the session. */
export async function turn(session: SonicSession, pcm: Uint8Array | undefined, text: string | undefined, io: Io): Promise<{ answer: string; audio: Uint8Array; seconds: number }> {
  const sending = (async () => {
    if (text) await session.sendText(text);
    if (pcm) {
      for (let at = 0; at < pcm.length; at += FRAME_BYTES) await session.sendAudio(pcm.subarray(at, at + FRAME_BYTES));
      const silence = new Uint8Array(FRAME_BYTES);
      for (let ms = 0; ms < TRAILING_SILENCE_MS; ms += 32) await session.sendAudio(silence);
    }
  })();
  sending.catch(() => {}); // a failed send also ends the iteration below, with the reason
  const parts: Uint8Array[] = [];
  let bytes = 0;
  let answer = '';
  let turns = (text ? 1 : 0) + (pcm ? 1 : 0);
  for await (const o of session) {
    if (o.type === 'audio') {
      parts.push(o.pcm);
      bytes += o.pcm.length;
    } else if (o.type === 'text' && o.stage === 'FINAL') {
      if (o.role === 'USER') io.stderr.write(`heard: ${o.text}\n`);
      else answer += (answer ? ' ' : '') + o.text;
    } else if (o.type === 'contentEnd' && o.role === 'ASSISTANT' && o.contentType === 'TEXT' && o.stopReason !== 'PARTIAL_TURN') {
      if (--turns <= 0) void session.close().catch(() => {});
    }
  }
  await sending;
  const audio = new Uint8Array(bytes);
  let at = 0;
  for (const p of parts) {
    audio.set(p, at);
    at += p.length;
  }
  return { answer, audio, seconds: bytes / 2 / 24000 };
}

/** The demo's speech part: one text turn through the embedded emulator's Nova Sonic. */
export async function sonicDemo(emu: { url: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } }, prompt: string, io: Io): Promise<void> {
  const { startSonicSession, DEFAULT_SONIC_MODEL } = await import('../../sonic/index.js');
  io.stdout.write(`${'sonic'.padEnd(9)} ${DEFAULT_SONIC_MODEL} · InvokeModelWithBidirectionalStream over HTTP/2, every event signed\n  `);
  const t0 = performance.now();
  const session = startSonicSession({ runtime: { region: emu.region, endpoint: emu.url, credentials: emu.credentials, env: {} }, signal: io.signal });
  const { answer, seconds } = await turn(session, undefined, prompt, io);
  io.stdout.write(`${answer}\n  └ ${seconds.toFixed(1)} s of synthetic speech (24 kHz) in ${(performance.now() - t0).toFixed(0)} ms · bedrock-wire sonic --text "..." --out answer.wav\n`);
}
