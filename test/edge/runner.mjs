// Runs the browser/edge bundle of the core in a Node process made to look like an edge runtime:
// no `process` (so no env, no getBuiltinModule: no Node crypto, no zlib), no undici (the bundle's
// `undici` import is aliased to a module that throws), only the web globals — fetch, Web Crypto,
// streams, TextEncoder. Prints one JSON line with what happened.
const [bundle, url, region, accessKeyId, secretAccessKey, apiKey, framingBundle, mode] = process.argv.slice(2);
const log = console.log.bind(console);
// `keep-process`: the browser build used inside Node (a test runner, SSR): it must fall back to fetch.
if (mode !== 'keep-process') delete globalThis.process;
const result = { hasProcess: typeof process !== 'undefined' };
try {
  const lib = await import(bundle);
  result.crc32Impl = (await import(framingBundle)).crc32Impl;
  const model = 'anthropic.claude-3-5-haiku-20241022-v1:0';
  // SigV4 with explicit keys, over the fetch transport.
  const signed = new lib.BedrockProvider({ region, endpoint: url, credentials: { accessKeyId, secretAccessKey } }, { fetch: globalThis.fetch });
  let text = '';
  let final;
  for await (const c of signed.generateStream({ model, messages: [{ role: 'user', content: 'hello edge' }], maxTokens: 16 })) {
    if (c.type === 'text') text += c.text;
    if (c.type === 'finish') final = c.response;
  }
  await signed.close();
  result.streamText = text;
  result.finishReason = final?.finishReason;
  // A Bedrock API key (bearer), non-streaming, through the global fetch picked by default.
  const keyed = new lib.BedrockProvider({ region, endpoint: url, apiKey });
  const r = await keyed.generate({ model: 'amazon.nova-micro-v1:0', messages: [{ role: 'user', content: 'hi from a worker' }], maxTokens: 8 });
  await keyed.close();
  result.generateText = r.content;
  // A typed error crosses the bundle boundary intact.
  const bad = new lib.BedrockProvider({ region, endpoint: url, credentials: { accessKeyId, secretAccessKey: 'wrong-secret' } }, { fetch: globalThis.fetch });
  try {
    await bad.generate({ model, messages: [{ role: 'user', content: 'x' }], maxTokens: 4 });
  } catch (e) {
    result.errorName = e.name;
    result.errorIsAccessDenied = e instanceof lib.AccessDeniedError;
  }
  await bad.close();
} catch (e) {
  result.error = `${e?.name}: ${e?.message}`;
}
log(JSON.stringify(result));
