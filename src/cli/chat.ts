import type { LLMRequest, LLMResponse } from '../codecs/index.js';
import { UsageError, type CliFlags } from './args.js';
import { providerFromFlags } from './provider.js';
import type { Io } from './io.js';

async function readStdin(io: Io): Promise<string> {
  if (io.stdinIsTTY) return '';
  let text = '';
  for await (const chunk of io.stdin) text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  return text.trim();
}

/** `chat [prompt]`: streams the reply to stdout as it arrives; usage and latency on stderr. */
export async function chat(positionals: string[], flags: CliFlags, io: Io): Promise<number> {
  const prompt = positionals.join(' ').trim() || (await readStdin(io));
  if (!prompt) throw new UsageError('no prompt: pass it as an argument (bedrock-wire chat "hello") or on stdin');
  const provider = await providerFromFlags(flags, io.env, io.secrets);
  try {
    const model = flags.model ?? provider.config.defaultModel;
    if (!model) throw new UsageError('no model: pass --model <id> (see `bedrock-wire models`) or set defaultModel in the config');
    const request: LLMRequest = { model, messages: [{ role: 'user', content: prompt }] };
    if (flags.system) request.system = flags.system;
    if (flags.maxTokens !== undefined) request.maxTokens = flags.maxTokens;
    if (flags.temperature !== undefined) request.temperature = flags.temperature;

    const started = performance.now();
    let firstMs: number | undefined;
    let final: LLMResponse | undefined;
    for await (const chunk of provider.generateStream(request, { signal: io.signal })) {
      if (flags.json) {
        io.stdout.write(JSON.stringify(chunk) + '\n');
      } else if (chunk.type === 'text') {
        io.stdout.write(chunk.text);
      }
      if (firstMs === undefined && (chunk.type === 'text' || chunk.type === 'reasoning')) firstMs = performance.now() - started;
      if (chunk.type === 'finish') final = chunk.response;
    }
    const totalMs = performance.now() - started;
    if (!flags.json) io.stdout.write('\n');
    if (final) {
      const u = final.usage;
      io.stderr.write(
        `[${model}] ${final.finishReason} · ${u.inputTokens} in / ${u.outputTokens} out tokens · ` +
          `first token ${(firstMs ?? totalMs).toFixed(0)} ms · total ${totalMs.toFixed(0)} ms\n`,
      );
    }
    return 0;
  } finally {
    await provider.close();
  }
}
