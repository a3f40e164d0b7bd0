// The tiny app every bundler test builds: it imports `bedrock-wire` by its package name and
// exercises what an edge user does — SigV4 with explicit keys, a Bedrock API key, a typed error,
// and the error for missing credentials. `run()` is called by test/edge/runner.mjs (Node made to
// look like an edge runtime) and, through `fetch`, by workerd (miniflare).
import { AccessDeniedError, BedrockProvider, BedrockRuntime, ConfigurationError } from 'bedrock-wire';
import { crc32Impl } from 'bedrock-wire/eventstream';

export async function run({ url, region, accessKeyId, secretAccessKey, apiKey }) {
  const result = { hasProcess: typeof process !== 'undefined', crc32Impl };
  try {
    const model = 'anthropic.claude-3-5-haiku-20241022-v1:0';
    // SigV4 with explicit keys, streamed.
    const signed = new BedrockProvider({ region, endpoint: url, credentials: { accessKeyId, secretAccessKey } });
    let text = '';
    let final;
    for await (const c of signed.generateStream({ model, messages: [{ role: 'user', content: 'hello edge' }], maxTokens: 16 })) {
      if (c.type === 'text') text += c.text;
      if (c.type === 'finish') final = c.response;
    }
    await signed.close();
    result.streamText = text;
    result.finishReason = final?.finishReason;
    // A Bedrock API key (bearer), not streamed.
    const keyed = new BedrockProvider({ region, endpoint: url, apiKey });
    const r = await keyed.generate({ model: 'amazon.nova-micro-v1:0', messages: [{ role: 'user', content: 'hi from a worker' }], maxTokens: 8 });
    await keyed.close();
    result.generateText = r.content;
    // The wire client's typed Converse events.
    const rt = new BedrockRuntime({ region, endpoint: url, credentials: { accessKeyId, secretAccessKey } });
    const types = [];
    for await (const e of rt.converseStream({ modelId: model, messages: [{ role: 'user', content: [{ text: 'events' }] }], inferenceConfig: { maxTokens: 8 } })) types.push(e.type);
    await rt.close();
    result.converseEvents = types;
    // A typed error crosses the bundle boundary intact.
    const bad = new BedrockProvider({ region, endpoint: url, credentials: { accessKeyId, secretAccessKey: 'wrong-secret' } });
    try {
      await bad.generate({ model, messages: [{ role: 'user', content: 'x' }], maxTokens: 4 });
    } catch (e) {
      result.errorName = e.name;
      result.errorIsAccessDenied = e instanceof AccessDeniedError;
    }
    await bad.close();
    // No credentials and no environment: the edge build says what to pass, when the client is made.
    try {
      new BedrockRuntime({ region, endpoint: url, env: {} });
      result.noCredentials = 'constructed';
    } catch (e) {
      result.noCredentials = e instanceof ConfigurationError ? e.message : `${e.name}: ${e.message}`;
    }
  } catch (e) {
    result.error = `${e?.name}: ${e?.message}`;
  }
  return result;
}

export default {
  async fetch(request) {
    return Response.json(await run(Object.fromEntries(new URL(request.url).searchParams)));
  },
};
