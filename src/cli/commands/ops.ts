// embed, image, rerank, guardrail: the model kinds and ApplyGuardrail from the command line. Each
// builds the provider from the same flags as chat (region, profile, endpoint, config) and imports
// its entry inside `run`, so --help loads none of them.
import { HELP_FLAG, UsageError, type Command, type CommandArgs } from '../command.js';
import { CONNECTION_FLAGS, JSON_FLAG, MODEL_FLAGS, connectionFlags } from '../flags.js';
import type { Io } from '../io.js';

async function withProvider<T>(args: CommandArgs, io: Io, use: (p: import('../../provider/index.js').BedrockProvider) => Promise<T>): Promise<T> {
  const { providerFromFlags } = await import('../provider.js');
  const provider = await providerFromFlags(connectionFlags(args), io.env);
  try {
    return await use(provider);
  } finally {
    await provider.close();
  }
}

/** The text from the arguments, else stdin. */
async function textOf(args: CommandArgs, io: Io, what: string): Promise<string> {
  if (args.positionals.length) return args.positionals.join(' ');
  if (!io.stdinIsTTY) {
    let s = '';
    for await (const chunk of io.stdin) s += typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk as Uint8Array);
    if (s.trim()) return s.replace(/\n$/, '');
  }
  throw new UsageError(`give the ${what} as arguments or on stdin`);
}

function requireModel(args: CommandArgs, name: string): string {
  const m = args.string('model');
  if (!m) throw new UsageError(`${name} needs -m <model> (see bedrock-wire models)`);
  return m;
}

export const embedCommand: Command = {
  name: 'embed',
  summary: 'embedding vectors for texts, as JSON',
  usage: '-m <model> [options] <text...>',
  description: 'Each argument is one text (or one text from stdin). Prints {"model","embeddings","usage"} as JSON.',
  flags: {
    model: MODEL_FLAGS.model,
    dimensions: { type: 'string', arg: '<n>', help: 'vector length, where the model offers several' },
    'input-type': { type: 'string', arg: '<type>', help: 'search_document (default), search_query, classification, clustering' },
    ...CONNECTION_FLAGS,
    ...HELP_FLAG,
  },
  examples: ['bedrock-wire embed -m amazon.titan-embed-text-v2:0 "hello world"', 'bedrock-wire embed -m cohere.embed-v4:0 --dimensions 256 one two three'],
  async run(args, io) {
    const model = requireModel(args, 'embed');
    const input = args.positionals.length ? args.positionals : [await textOf(args, io, 'text')];
    const { embed } = await import('../../embeddings/index.js');
    const dimensions = args.number('dimensions', 1, 100_000);
    const r = await withProvider(args, io, (p) => embed(p, { model, input, dimensions, inputType: args.string('input-type') }, { signal: io.signal }));
    io.stdout.write(JSON.stringify({ model: r.model, embeddings: r.embeddings, usage: r.usage }) + '\n');
    return 0;
  },
};

export const imageCommand: Command = {
  name: 'image',
  summary: 'generate an image from a prompt into a PNG file',
  usage: '-m <model> -o <file.png> [options] <prompt...>',
  description: 'With --count N > 1 the files are <name>-1.png, <name>-2.png, ...',
  flags: {
    model: MODEL_FLAGS.model,
    output: { type: 'string', short: 'o', arg: '<file>', help: 'where to write the PNG' },
    size: { type: 'string', arg: '<WxH>', help: 'Titan / Nova Canvas size, e.g. 1024x1024' },
    'aspect-ratio': { type: 'string', arg: '<w:h>', help: 'Stability aspect ratio, e.g. 16:9' },
    count: { type: 'string', arg: '<n>', help: 'images (Titan / Nova Canvas, 1-5)' },
    seed: { type: 'string', arg: '<n>', help: 'seed' },
    'negative-prompt': { type: 'string', arg: '<text>', help: 'what not to draw' },
    ...JSON_FLAG,
    ...CONNECTION_FLAGS,
    ...HELP_FLAG,
  },
  examples: ['bedrock-wire image -m amazon.nova-canvas-v1:0 -o out.png "a lighthouse at dusk"'],
  async run(args, io) {
    const model = requireModel(args, 'image');
    const out = args.string('output');
    if (!out) throw new UsageError('image needs -o <file.png>');
    const prompt = await textOf(args, io, 'prompt');
    const { generateImage } = await import('../../images/index.js');
    const count = args.number('count', 1, 5);
    const r = await withProvider(args, io, (p) =>
      generateImage(p, { model, prompt, size: args.string('size'), aspectRatio: args.string('aspect-ratio'), count, seed: args.number('seed', 0, 4294967294), negativePrompt: args.string('negative-prompt') }, { signal: io.signal }),
    );
    const { writeFile } = await import('node:fs/promises');
    const files = r.images.length === 1 ? [out] : r.images.map((_, i) => out.replace(/(\.png)?$/i, `-${i + 1}.png`));
    await Promise.all(r.images.map((img, i) => writeFile(files[i], img)));
    io.stdout.write(args.bool('json') ? JSON.stringify({ model, files, bytes: r.images.map((i) => i.length), seeds: r.seeds }) + '\n' : files.map((f, i) => `${f} (${r.images[i].length} bytes)`).join('\n') + '\n');
    return 0;
  },
};

export const rerankCommand: Command = {
  name: 'rerank',
  summary: 'order documents by relevance to a query',
  usage: '-m <model> -q <query> [options] <document...>',
  description: 'Each argument is one document (or one document per line on stdin). Prints index, score and document, best first.',
  flags: {
    model: MODEL_FLAGS.model,
    query: { type: 'string', short: 'q', arg: '<text>', help: 'the query' },
    top: { type: 'string', short: 'n', arg: '<n>', help: 'results to keep (default: all)' },
    ...JSON_FLAG,
    ...CONNECTION_FLAGS,
    ...HELP_FLAG,
  },
  examples: ['bedrock-wire rerank -m cohere.rerank-v3-5:0 -q "capital of France" "Paris is in France" "Bananas are yellow"'],
  async run(args, io) {
    const model = requireModel(args, 'rerank');
    const query = args.string('query');
    if (!query) throw new UsageError('rerank needs -q <query>');
    const documents = args.positionals.length ? args.positionals : (await textOf(args, io, 'documents')).split('\n').filter((l) => l.trim());
    const { rerank } = await import('../../rerank/index.js');
    const r = await withProvider(args, io, (p) => rerank(p, { model, query, documents, topN: args.number('top', 1, documents.length) }, { returnDocuments: true, signal: io.signal }));
    io.stdout.write(args.bool('json') ? JSON.stringify(r.results) + '\n' : r.results.map((x) => `${x.index}\t${x.score.toFixed(4)}\t${x.document}`).join('\n') + '\n');
    return 0;
  },
};

export const guardrailCommand: Command = {
  name: 'guardrail',
  summary: 'check text with a guardrail (ApplyGuardrail): exit 0 none, 3 intervened',
  usage: '-g <id> [options] <text...>',
  flags: {
    guardrail: { type: 'string', short: 'g', arg: '<id>', help: 'guardrail id or ARN' },
    version: { type: 'string', arg: '<v>', help: 'guardrail version (default DRAFT)' },
    output: { type: 'boolean', help: 'check model output (source OUTPUT) instead of user input' },
    ...JSON_FLAG,
    ...CONNECTION_FLAGS,
    ...HELP_FLAG,
  },
  examples: ['bedrock-wire guardrail -g gr0abc123 --version 1 "text to check"'],
  async run(args, io) {
    const guardrailIdentifier = args.string('guardrail');
    if (!guardrailIdentifier) throw new UsageError('guardrail needs -g <guardrail id>');
    const content = await textOf(args, io, 'text');
    const r = await withProvider(args, io, (p) =>
      p.runtime.applyGuardrail({ guardrailIdentifier, guardrailVersion: args.string('version') ?? 'DRAFT', source: args.bool('output') ? 'OUTPUT' : 'INPUT', content }, { signal: io.signal }),
    );
    io.stdout.write(args.bool('json') ? JSON.stringify(r) + '\n' : `${r.action}${r.actionReason ? ` · ${r.actionReason}` : ''}${r.outputs.length ? `\n${r.outputs.map((o) => o.text ?? '').join('\n')}` : ''}\n`);
    return r.action === 'GUARDRAIL_INTERVENED' ? 3 : 0;
  },
};
