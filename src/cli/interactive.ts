// `bedrock-wire chat -i`: a conversation kept across turns. Lines are read from stdin (a terminal
// or a pipe); replies stream as they arrive. Ctrl-C stops the current reply, not the session;
// at the prompt it ends the session (exit 130), as does Ctrl-D (exit 0).
import type { ContentPart, LLMRequest, Message } from '../codecs/index.js';
import { partialResponse, type BedrockProvider } from '../provider/index.js';
import { apiForDocuments, attachmentParts } from './attach.js';
import type { CommandArgs } from './command.js';
import { streamReply } from './commands/chat.js';
import { describeError, errorJson } from './describe.js';
import type { Io } from './io.js';

const HELP = `commands:
  /reset          forget the conversation
  /model [id]     show or switch the model (the conversation is kept)
  /attach <file>  send an image or a document with the next message
  /help           this list
  /exit           end the session (or Ctrl-D)
Ctrl-C stops a reply; at the prompt it ends the session.
`;

/** Lines of stdin; ends on EOF or when `signal` aborts. */
async function* lines(io: Io, signal: AbortSignal | undefined): AsyncGenerator<string> {
  const it = io.stdin[Symbol.asyncIterator]();
  const decoder = new TextDecoder();
  let buf = '';
  const aborted = new Promise<IteratorResult<string | Uint8Array>>((resolve) => {
    if (signal?.aborted) return resolve({ done: true, value: undefined });
    signal?.addEventListener('abort', () => resolve({ done: true, value: undefined }), { once: true });
  });
  for (;;) {
    let nl: number;
    while ((nl = buf.indexOf('\n')) !== -1) {
      const line = buf.slice(0, nl).replace(/\r$/, '');
      buf = buf.slice(nl + 1);
      yield line;
    }
    const r = await Promise.race([it.next(), aborted]);
    if (r.done) break;
    buf += typeof r.value === 'string' ? r.value : decoder.decode(r.value, { stream: true });
  }
  if (signal?.aborted) return;
  buf += decoder.decode();
  if (buf) yield buf;
}

export async function interactive(provider: BedrockProvider, base: LLMRequest, first: ContentPart[], args: CommandArgs, io: Io): Promise<number> {
  let model = base.model;
  let messages: Message[] = [];
  let pending: ContentPart[] = first;
  const json = args.bool('json');
  const prompt = (): void => void io.stderr.write(`${model}> `);
  io.stderr.write(`bedrock-wire chat · ${model} · /help for commands, Ctrl-D to end\n`);

  const turn = async (text: string): Promise<void> => {
    const content: string | ContentPart[] = pending.length ? [{ type: 'text', text }, ...pending] : text;
    pending = [];
    messages.push({ role: 'user', content });
    const stop = new AbortController();
    const onSession = (): void => stop.abort(io.signal?.reason);
    io.signal?.addEventListener('abort', onSession, { once: true });
    const off = io.onInterrupt?.(() => stop.abort(new Error('reply stopped')));
    try {
      const request = { ...base, model, messages: [...messages] };
      // A document anywhere in the conversation decides the API for every later turn too.
      const api = apiForDocuments(request.messages, provider.route(request).family);
      const result = await streamReply(provider, request, args, io, stop.signal, api);
      messages.push({ role: 'assistant', content: result?.response.content ?? '' });
      if (result && !json) io.stderr.write(result.summary);
    } catch (err) {
      if (io.signal?.aborted) throw err;
      // What had arrived stays in the conversation, so the next turn can refer to it.
      const partial = partialResponse(err)?.content;
      if (partial) messages.push({ role: 'assistant', content: partial });
      else messages.pop();
      if (stop.signal.aborted) io.stderr.write('\n[reply stopped]\n');
      else if (json) io.stdout.write(JSON.stringify(errorJson(err)) + '\n');
      else io.stderr.write(`bedrock-wire: ${describeError(err)}\n`);
    } finally {
      off?.();
      io.signal?.removeEventListener('abort', onSession);
    }
  };

  if (base.messages.length) {
    const m = base.messages[0];
    if (typeof m.content === 'string' && m.content) await turn(m.content);
  }
  prompt();
  for await (const raw of lines(io, io.signal)) {
    const line = raw.trim();
    if (line.startsWith('/')) {
      const [cmd, ...rest] = line.split(/\s+/);
      const arg = rest.join(' ');
      if (cmd === '/exit' || cmd === '/quit') return 0;
      else if (cmd === '/reset') {
        messages = [];
        pending = [];
        io.stderr.write('(conversation cleared)\n');
      } else if (cmd === '/model') {
        if (arg) model = arg;
        io.stderr.write(`(model: ${model})\n`);
      } else if (cmd === '/attach') {
        try {
          pending.push(...(await attachmentParts([arg], model, pending)));
          io.stderr.write(`(attached ${arg} to the next message)\n`);
        } catch (err) {
          io.stderr.write(`bedrock-wire: ${describeError(err)}\n`);
        }
      } else if (cmd === '/help') io.stderr.write(HELP);
      else io.stderr.write(`unknown command ${cmd}; /help lists them\n`);
    } else if (line) {
      await turn(line);
    }
    prompt();
  }
  if (!io.signal?.aborted) io.stderr.write('\n');
  return 0;
}
