import type { LLMRequest, LLMResponse, ModelFamily } from '../../codecs/index.js';
import type { BedrockProvider } from '../../provider/index.js';
import { HELP_FLAG, UsageError, type Command, type CommandArgs } from '../command.js';
import { CONNECTION_FLAGS, JSON_FLAG, MODEL_FLAGS, connectionFlags } from '../flags.js';
import type { Io } from '../io.js';

const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

export const chat: Command = {
  name: 'chat',
  summary: 'stream a reply to stdout (prompt from the arguments, stdin, or both)',
  usage: '[options] [prompt...]',
  description:
    'The prompt is the arguments, then piped stdin after a blank line: `cat notes.md | bedrock-wire chat "summarize:"`\n' +
    'sends both. Usage and latency go to stderr; with --json every chunk (and an error) is one JSON line on stdout.\n' +
    'Reasoning is shown dimmed on a terminal; --reasoning shows it when piped too.',
  flags: {
    ...MODEL_FLAGS,
    system: { type: 'string', short: 's', arg: '<text>', help: 'system prompt' },
    'max-tokens': { type: 'string', arg: '<n>', help: 'maximum output tokens' },
    temperature: { type: 'string', short: 't', arg: '<x>', help: 'sampling temperature (0-2)' },
    attach: { type: 'string', short: 'a', multiple: true, arg: '<file>', help: 'send a file with the prompt: an image (png, jpeg, gif, webp) for models with vision, a document (pdf, csv, doc, docx, xls, xlsx, html, txt, md) for models with documents' },
    interactive: { type: 'boolean', short: 'i', help: 'a conversation: one message per line, /help for commands; Ctrl-C stops a reply' },
    reasoning: { type: 'boolean', help: 'show the model\'s reasoning even when stdout is not a terminal' },
    'reasoning-budget': { type: 'string', arg: '<tokens>', help: 'ask for extended thinking with this token budget (Anthropic)' },
    'reasoning-effort': { type: 'string', arg: '<low|medium|high>', help: 'ask for reasoning by effort (Anthropic adaptive thinking, Nova, gpt-oss and other open-weight models)' },
    cache: { type: 'boolean', help: 'prompt caching: a cache point after the system prompt (with --system), else after the prompt' },
    'json-schema': { type: 'string', arg: '<file>', help: 'answer with JSON of the schema in this file (structured output)' },
    guardrail: { type: 'string', arg: '<id:version>', help: 'apply a Bedrock guardrail (with its trace)' },
    ...JSON_FLAG,
    ...CONNECTION_FLAGS,
    ...HELP_FLAG,
  },
  examples: [
    'bedrock-wire chat -m amazon.nova-micro-v1:0 "Why is the sky blue?"',
    'git diff | bedrock-wire chat -m anthropic.claude-3-5-haiku-20241022-v1:0 "review this diff:"',
    'bedrock-wire chat --json -m amazon.nova-micro-v1:0 hi | jq -c .',
    'bedrock-wire chat -m amazon.nova-lite-v1:0 -a photo.png "what is in this picture?"',
    'bedrock-wire chat -m anthropic.claude-3-5-haiku-20241022-v1:0 -a report.pdf "summarize this report"',
    'bedrock-wire chat -i -m anthropic.claude-3-5-haiku-20241022-v1:0',
  ],
  async run(args, io) {
    const interactive = args.bool('interactive');
    const request = await requestFromArgs(args, io, interactive);
    const { providerFromFlags } = await import('../provider.js');
    const provider = await providerFromFlags(connectionFlags(args), io.env, io.secrets);
    try {
      request.model ||= provider.config.defaultModel ?? '';
      if (!request.model) throw new UsageError('no model: pass --model <id> (see `bedrock-wire models`) or set defaultModel in the config');
      const files = args.list('attach');
      const attach = files.length ? await import('../attach.js') : undefined;
      const parts = attach ? await attach.attachmentParts(files, request.model) : [];
      if (interactive) return await (await import('../interactive.js')).interactive(provider, request, parts, args, io);
      if (parts.length) request.messages[0].content = [{ type: 'text', text: request.messages[0].content as string }, ...parts];
      // Documents go where the model's body takes them (Converse when its own body has no place).
      const api = attach?.apiForDocuments(request.messages, provider.route(request).family);
      const final = await streamReply(provider, request, args, io, io.signal, api);
      if (final && !args.bool('json')) io.stderr.write(final.summary);
      return 0;
    } finally {
      await provider.close();
    }
  },
};

async function readStdin(io: Io): Promise<string> {
  if (io.stdinIsTTY) return '';
  let text = '';
  const decoder = new TextDecoder();
  for await (const chunk of io.stdin) text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  return (text + decoder.decode()).trim();
}

/** The request the flags describe (model may be empty: the config's default fills it). */
async function requestFromArgs(args: CommandArgs, io: Io, interactive: boolean): Promise<LLMRequest> {
  const maxTokens = args.number('max-tokens', 1, 1_000_000);
  const temperature = args.number('temperature', 0, 2);
  const budget = args.number('reasoning-budget', 1, 1_000_000);
  const typed = args.positionals.join(' ').trim();
  // Interactive: stdin is the conversation, an argument the first message.
  const piped = interactive ? '' : await readStdin(io);
  const prompt = typed && piped ? `${typed}\n\n${piped}` : typed || piped;
  if (!prompt && !interactive) throw new UsageError('no prompt: pass it as an argument (bedrock-wire chat "hello") or on stdin');
  const request: LLMRequest = { model: args.string('model') ?? '', messages: prompt ? [{ role: 'user', content: prompt }] : [] };
  const system = args.string('system');
  if (system) request.system = system;
  if (maxTokens !== undefined) request.maxTokens = maxTokens;
  if (temperature !== undefined) request.temperature = temperature;
  if (budget !== undefined) request.reasoning = { budgetTokens: budget };
  const family = args.string('family');
  if (family) request.family = family as ModelFamily; // the codecs name the accepted families when it is wrong
  await vocabularyFromArgs(args, request);
  return request;
}

/** --reasoning-effort, --cache, --json-schema, --guardrail: the request vocabulary where a flag makes sense. */
async function vocabularyFromArgs(args: CommandArgs, request: LLMRequest): Promise<void> {
  const effort = args.string('reasoning-effort');
  if (effort !== undefined) {
    if (!['low', 'medium', 'high'].includes(effort)) throw new UsageError(`--reasoning-effort: expected low, medium or high, got ${JSON.stringify(effort)}`);
    request.reasoning = { ...request.reasoning, effort: effort as 'low' };
  }
  if (args.bool('cache')) {
    if (request.system) request.cache = { system: {} };
    else request.messages = [{ role: 'user', content: [{ type: 'text', text: request.messages[0]!.content as string }, { type: 'cache-point' }] }];
  }
  const schemaFile = args.string('json-schema');
  if (schemaFile !== undefined) {
    const { readFile } = await import('node:fs/promises');
    let schema: unknown;
    try {
      schema = JSON.parse(await readFile(schemaFile, 'utf8'));
    } catch (e) {
      throw new UsageError(`--json-schema: cannot read a JSON schema from ${schemaFile} (${(e as Error).message})`);
    }
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) throw new UsageError(`--json-schema: ${schemaFile} does not hold a JSON object`);
    request.responseFormat = { type: 'json', schema: schema as Record<string, unknown> };
  }
  const guardrail = args.string('guardrail');
  if (guardrail !== undefined) {
    const at = guardrail.lastIndexOf(':');
    if (at <= 0 || at === guardrail.length - 1) throw new UsageError(`--guardrail: expected <id>:<version> (e.g. abc123:1 or abc123:DRAFT), got ${JSON.stringify(guardrail)}`);
    request.guardrail = { id: guardrail.slice(0, at), version: guardrail.slice(at + 1), trace: 'enabled' };
  }
}

export interface ReplyResult {
  response: LLMResponse;
  /** The stderr line: model, finish reason, usage, latency. */
  summary: string;
}

/**
 * Streams one reply to stdout: text as it arrives, reasoning dimmed (terminal) or plain
 * (`--reasoning`), or every chunk as a JSON line (`--json`). Resolves with the final response.
 */
export async function streamReply(
  provider: BedrockProvider,
  request: LLMRequest,
  args: CommandArgs,
  io: Io,
  signal: AbortSignal | undefined,
  api?: 'invoke' | 'converse',
): Promise<ReplyResult | undefined> {
  const json = args.bool('json');
  const showReasoning = args.bool('reasoning') || Boolean(io.stdoutIsTTY);
  const dim = Boolean(io.stdoutIsTTY);
  const started = performance.now();
  let firstMs: number | undefined;
  let final: LLMResponse | undefined;
  let inReasoning = false;
  let wrote = false;
  for await (const chunk of provider.generateStream(request, api ? { signal, api } : { signal })) {
    if (firstMs === undefined && (chunk.type === 'text' || chunk.type === 'reasoning')) firstMs = performance.now() - started;
    if (chunk.type === 'finish') final = chunk.response;
    if (json) {
      io.stdout.write(JSON.stringify(chunk) + '\n');
      continue;
    }
    if (chunk.type === 'reasoning' && showReasoning && chunk.text) {
      if (!inReasoning && dim) io.stdout.write(DIM);
      inReasoning = true;
      io.stdout.write(chunk.text);
      wrote = true;
    } else if (chunk.type === 'text' && chunk.text) {
      if (inReasoning) io.stdout.write((dim ? RESET : '') + '\n\n');
      inReasoning = false;
      io.stdout.write(chunk.text);
      wrote = true;
    }
  }
  if (!json) {
    if (inReasoning && dim) io.stdout.write(RESET);
    if (wrote) io.stdout.write('\n');
  }
  if (!final) return undefined;
  const totalMs = performance.now() - started;
  const u = final.usage;
  return {
    response: final,
    summary:
      `[${request.model}] ${final.finishReason} · ${u.inputTokens} in / ${u.outputTokens} out tokens · ` +
      `first token ${(firstMs ?? totalMs).toFixed(0)} ms · total ${totalMs.toFixed(0)} ms\n`,
  };
}

