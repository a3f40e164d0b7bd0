// The strict emulator's answers, case by case: each refusal with AWS's status, error type and words
// (recorded ones quoted from test/fixtures/verdicts/), and `lenient: true` as the escape hatch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStreamDecoder } from '../../src/eventstream/index.js';
import { families, startEmulator, type Emulator } from '../../src/emulator/index.js';
import { lookupModel } from '../../src/emulator/catalog.js';

let strict: Emulator;
let lenient: Emulator;
beforeAll(async () => {
  strict = await startEmulator({ verifyAuth: false, seed: 5 });
  lenient = await startEmulator({ verifyAuth: false, seed: 5, lenient: true });
});
afterAll(async () => {
  await strict.close();
  await lenient.close();
});

async function post(emu: Emulator, modelId: string, operation: string, body: unknown) {
  const res = await fetch(`${emu.url}/model/${encodeURIComponent(modelId)}/${operation}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('x-amzn-errortype'), bytes, json: () => JSON.parse(Buffer.from(bytes).toString('utf8')) };
}

/** The events of a ConverseStream answer: `:event-type` and the parsed payload. */
async function streamEvents(emu: Emulator, modelId: string, body: unknown): Promise<Array<{ type: string; data: unknown }>> {
  const r = await post(emu, modelId, 'converse-stream', body);
  expect(r.status).toBe(200);
  return new EventStreamDecoder().push(r.bytes).map((m) => ({ type: String(m.headers[':event-type']?.value), data: JSON.parse(Buffer.from(m.payload).toString()) }));
}

async function refused(modelId: string, operation: string, body: unknown, message: string | RegExp) {
  const r = await post(strict, modelId, operation, body);
  expect(r.status).toBe(400);
  expect(r.type).toBe('ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/');
  if (typeof message === 'string') expect(r.json()).toEqual({ message });
  else expect(r.json().message).toMatch(message);
}

const claude = { anthropic_version: 'bedrock-2023-05-31', max_tokens: 50, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] };
const converse = { messages: [{ role: 'user', content: [{ text: 'hi' }] }] };
const tools = { tools: [{ toolSpec: { name: 'get_weather', inputSchema: { json: { type: 'object', properties: {} } } } }] };

describe('model ids', () => {
  it('every example id the emulator lists is in its model list and callable on demand', () => {
    for (const id of Object.values(families).flat()) {
      const found = lookupModel(id);
      expect(found, id).toBeDefined();
      expect(found!.model.profileOnly && found!.address === 'foundation', id).toBe(false);
    }
  });

  it('an unknown id is a 400 ValidationException, not a 404', async () => {
    await refused('us.does-not-exist-model-v1:0', 'converse', converse, 'The provided model identifier is invalid.');
    await refused('anthropic.claude-not-a-model-v1:0', 'invoke', claude, 'The provided model identifier is invalid.');
    await refused('us.amazon.nova-micro-v1:O', 'converse', converse, 'The provided model identifier is invalid.');
  });

  it('a profile-only model by its bare id gets the on-demand throughput answer; its profile id and ARN work', async () => {
    const id = 'anthropic.claude-3-7-sonnet-20250219-v1:0';
    await refused(
      id,
      'invoke',
      claude,
      `Invocation of model ID ${id} with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`,
    );
    expect((await post(strict, `us.${id}`, 'invoke', claude)).status).toBe(200);
    expect((await post(strict, `arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.${id}`, 'invoke', claude)).status).toBe(200);
  });

  it('CountTokens takes the bare id of a model that counts; a profile id is refused (recorded)', async () => {
    const body = { input: { converse } };
    expect((await post(strict, 'anthropic.claude-sonnet-4-20250514-v1:0', 'count-tokens', body)).status).toBe(200);
    await refused('us.anthropic.claude-sonnet-4-20250514-v1:0', 'count-tokens', body, "The provided model doesn't support counting tokens.");
    await refused('amazon.nova-pro-v1:0', 'count-tokens', body, "The provided model doesn't support counting tokens.");
  });

  it('operations a model does not serve', async () => {
    await refused('amazon.titan-embed-text-v2:0', 'converse', converse, "This action doesn't support the model that you provided. Try again with a supported text or chat model.");
    await refused('amazon.titan-embed-text-v2:0', 'invoke-with-response-stream', { inputText: 'x' }, 'The model is unsupported for streaming.');
  });

  it('open-weight chat models take an OpenAI Chat Completions body on InvokeModel', async () => {
    const r = await post(strict, 'qwen.qwen3-32b-v1:0', 'invoke', { messages: [{ role: 'user', content: 'hi' }], max_tokens: 20 });
    expect(r.status).toBe(200);
    expect(r.json().choices[0].message.role).toBe('assistant');
  });

  it('an application profile ARN can be mapped to its model', async () => {
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123';
    const mapped = await startEmulator({ verifyAuth: false, profiles: { [arn]: 'amazon.titan-text-express-v1' } });
    try {
      const r = await post(mapped, arn, 'converse', { ...converse, toolConfig: tools });
      expect(r.status).toBe(400);
      expect(r.json().message).toBe("This model doesn't support tool use.");
    } finally {
      await mapped.close();
    }
  });
});

describe('InvokeModel bodies, worded like Bedrock', () => {
  it('unknown keys in an Anthropic body', async () => {
    await refused(
      'anthropic.claude-3-haiku-20240307-v1:0',
      'invoke',
      { ...claude, stream: true, model: 'x' },
      'Malformed input request: #: subject must not be valid against schema {"required":["messages"]}#: extraneous key [stream] is not permitted#: extraneous key [model] is not permitted, please reformat your input and try again.',
    );
  });

  it('a missing required key and a wrong type', async () => {
    await refused(
      'anthropic.claude-3-haiku-20240307-v1:0',
      'invoke',
      { anthropic_version: 'bedrock-2023-05-31', max_tokens: '50' },
      'Malformed input request: #: subject must not be valid against schema {"required":["messages"]}#: required key [messages] not found#/max_tokens: expected type: Integer, found: String, please reformat your input and try again.',
    );
    await refused('amazon.titan-text-express-v1', 'invoke', { prompt: 'hi' }, 'Malformed input request: #: required key [inputText] not found#: extraneous key [prompt] is not permitted, please reformat your input and try again.');
  });

  it('a text-completion body to a Messages-only Claude', async () => {
    await refused(
      'anthropic.claude-3-haiku-20240307-v1:0',
      'invoke',
      { prompt: '\n\nHuman: hi\n\nAssistant:', max_tokens_to_sample: 10 },
      '"claude-3-haiku-20240307" is not supported on this API. Please use the Messages API instead.',
    );
  });

  it('what AWS accepts is accepted: Cohere k: 0 and p: 1, Nova max_new_tokens, Claude cache_control', async () => {
    expect((await post(strict, 'cohere.command-text-v14', 'invoke', { prompt: 'hi', k: 0, p: 1, max_tokens: 5 })).status).toBe(200);
    expect((await post(strict, 'amazon.nova-lite-v1:0', 'invoke', { ...converse, inferenceConfig: { max_new_tokens: 5, top_p: 1 } })).status).toBe(200);
    const cached = { ...claude, system: [{ type: 'text', text: 'be brief', cache_control: { type: 'ephemeral', ttl: '1h' } }] };
    expect((await post(strict, 'anthropic.claude-3-haiku-20240307-v1:0', 'invoke', cached)).status).toBe(200);
  });
});

describe('Converse', () => {
  it("content as a string, not blocks (the wording follows AWS's published 'format of the value' message)", async () => {
    await refused('amazon.nova-lite-v1:0', 'converse', { messages: [{ role: 'user', content: 'hello' }] }, 'The format of the value at messages.0.content is invalid. Provide a list for the field and try again.');
  });

  it('a video block to Claude; an S3 image to Claude (recorded)', async () => {
    const video = { video: { format: 'mp4', source: { bytes: 'AAAA' } } };
    await refused(
      'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      'converse',
      { messages: [{ role: 'user', content: [{ text: 'what is this' }, video] }] },
      "This model doesn't support the video content block that you provided. Update the content block and try again.",
    );
    const image = { image: { format: 'jpeg', source: { s3Location: { uri: 's3://bucket/kiwi.jpg' } } } };
    await refused(
      'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      'converse',
      { messages: [{ role: 'user', content: [{ text: 'what is this' }, image] }] },
      "This model doesn't support the s3Uri field. Remove s3Uri and try again.",
    );
    expect((await post(strict, 'us.amazon.nova-pro-v1:0', 'converse', { messages: [{ role: 'user', content: [{ text: 'what' }, video] }] })).status).toBe(200);
  });

  it('a document inside a Nova tool result (recorded)', async () => {
    const body = {
      messages: [
        { role: 'user', content: [{ text: 'get the file' }] },
        { role: 'assistant', content: [{ toolUse: { toolUseId: 't1', name: 'get_file', input: {} } }] },
        {
          role: 'user',
          content: [{ toolResult: { toolUseId: 't1', content: [{ document: { name: 'D', format: 'pdf', source: { s3Location: { uri: 's3://b/d.pdf' } } } }], status: 'success' } }],
        },
      ],
      toolConfig: tools,
    };
    await refused(
      'us.amazon.nova-2-lite-v1:0',
      'converse',
      body,
      'The model returned the following errors: Malformed input request: #/messages/2/content/0: extraneous key [toolResult] is not permitted, please reformat your input and try again.',
    );
  });

  it("documents to the models without document chat in AWS's table (Nova Micro, Titan Text Premier): the recorded content-block refusal, for documents", async () => {
    const doc = { document: { name: 'notes', format: 'txt', source: { bytes: Buffer.from('Paris is in France.').toString('base64') } } };
    const body = { messages: [{ role: 'user', content: [{ text: 'Summarise' }, doc] }] };
    const words = "This model doesn't support the document content block that you provided. Update the content block and try again.";
    for (const op of ['converse', 'converse-stream']) {
      await refused('us.amazon.nova-micro-v1:0', op, body, words);
      await refused('amazon.nova-micro-v1:0', op, body, words);
      await refused('amazon.titan-text-premier-v1:0', op, body, words);
    }
    for (const model of ['us.amazon.nova-lite-v1:0', 'amazon.titan-text-express-v1', 'anthropic.claude-3-haiku-20240307-v1:0']) {
      expect((await post(strict, model, 'converse', body)).status, model).toBe(200);
    }
  });

  it('a text (or content) document source needs citations enabled, for any model; bytes do not; Nova Lite takes bytes', async () => {
    const body = (source: unknown, citations?: boolean) => ({
      messages: [{ role: 'user', content: [{ text: 'Summarise' }, { document: { name: 'notes', format: 'txt', source, ...(citations === undefined ? {} : { citations: { enabled: citations } }) } }] }],
    });
    const words = 'DocumentSource object at messages.0.content.1.document.source must set one of the following keys: bytes, s3Location.';
    for (const model of ['us.amazon.nova-lite-v1:0', 'us.anthropic.claude-sonnet-4-20250514-v1:0', 'meta.llama3-1-70b-instruct-v1:0']) {
      await refused(model, 'converse', body({ text: 'Paris is in France.' }), words);
      await refused(model, 'converse', body({ content: [{ text: 'Paris is in France.' }] }, false), words);
    }
    expect((await post(strict, 'us.anthropic.claude-sonnet-4-20250514-v1:0', 'converse', body({ text: 'Paris is in France.' }, true))).status).toBe(200);
    expect((await post(strict, 'us.amazon.nova-lite-v1:0', 'converse', body({ bytes: Buffer.from('Paris is in France.').toString('base64') }))).status).toBe(200);
  });

  it('tools to models without tool use: Titan, DeepSeek R1; tool blocks without toolConfig', async () => {
    await refused('amazon.titan-text-express-v1', 'converse', { ...converse, toolConfig: tools }, "This model doesn't support tool use.");
    await refused('us.deepseek.r1-v1:0', 'converse', { ...converse, toolConfig: tools }, "This model doesn't support tool use.");
    await refused('meta.llama3-1-70b-instruct-v1:0', 'converse-stream', { ...converse, toolConfig: tools }, "This model doesn't support tool use in streaming mode.");
    const history = {
      messages: [
        { role: 'user', content: [{ text: 'x' }] },
        { role: 'assistant', content: [{ toolUse: { toolUseId: 't1', name: 'f', input: {} } }] },
        { role: 'user', content: [{ toolResult: { toolUseId: 't1', content: [{ text: 'ok' }] } }] },
      ],
    };
    await refused('amazon.nova-lite-v1:0', 'converse', history, 'The toolConfig field must be defined when using toolUse and toolResult content blocks.');
  });

  it('a tool name outside [a-zA-Z0-9_-]+ (a dotted MCP name) and an empty text block', async () => {
    const dotted = { tools: [{ toolSpec: { name: 'files.read', inputSchema: { json: { type: 'object' } } } }] };
    await refused(
      'amazon.nova-lite-v1:0',
      'converse',
      { ...converse, toolConfig: dotted },
      "1 validation error detected: Value 'files.read' at 'toolConfig.tools.1.member.toolSpec.name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+",
    );
    await refused(
      'amazon.nova-lite-v1:0',
      'converse',
      { messages: [{ role: 'user', content: [{ text: 'hi' }, { text: '' }] }] },
      'The text field in the ContentBlock object at messages.0.content.1 is blank. Add text to the text field, and try again.',
    );
    await refused('anthropic.claude-3-haiku-20240307-v1:0', 'invoke', { ...claude, messages: [{ role: 'user', content: '' }] }, 'messages: text content blocks must be non-empty');
  });

  it("unknown additionalModelRequestFields for Claude, in Anthropic's words", async () => {
    await refused(
      'us.anthropic.claude-sonnet-4-20250514-v1:0',
      'converse',
      { ...converse, additionalModelRequestFields: { guardrails: {} } },
      'The model returned the following errors: guardrails: Extra inputs are not permitted',
    );
    const thinking = { ...converse, inferenceConfig: { maxTokens: 3000 }, additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 1024 }, top_k: 5 } };
    expect((await post(strict, 'us.anthropic.claude-sonnet-4-20250514-v1:0', 'converse', thinking)).status).toBe(200);
  });

  it('role order and ranges', async () => {
    await refused('amazon.nova-lite-v1:0', 'converse', { messages: [{ role: 'assistant', content: [{ text: 'x' }] }] }, 'A conversation must start with a user message. Try again with a conversation that starts with a user message.');
    await refused(
      'amazon.nova-lite-v1:0',
      'converse',
      { ...converse, inferenceConfig: { temperature: 2 } },
      "1 validation error detected: Value '2' at 'inferenceConfig.temperature' failed to satisfy constraint: Member must have value less than or equal to 1",
    );
  });

  it('the answer repeats performanceConfig and serviceTier (recorded)', async () => {
    const r = await post(strict, 'amazon.nova-lite-v1:0', 'converse', { ...converse, performanceConfig: { latency: 'optimized' }, serviceTier: { type: 'flex' } });
    expect(r.json()).toMatchObject({ performanceConfig: { latency: 'optimized' }, serviceTier: { type: 'flex' } });
  });

  it('a guardrail trace when asked for, in the recorded shape (nothing blocked: "No action.")', async () => {
    const r = await post(strict, 'amazon.nova-lite-v1:0', 'converse', { ...converse, guardrailConfig: { guardrailIdentifier: 'gr1', guardrailVersion: 'DRAFT', trace: 'enabled' } });
    const g = r.json().trace.guardrail;
    expect(g.actionReason).toBe('No action.');
    expect(g.inputAssessment.gr1.appliedGuardrailDetails).toMatchObject({ guardrailId: 'gr1', guardrailVersion: 'DRAFT', guardrailOrigin: ['REQUEST'] });
    expect(g.outputAssessments.gr1[0].invocationMetrics.guardrailCoverage.textCharacters.total).toBeGreaterThan(0);
    expect((await post(strict, 'amazon.nova-lite-v1:0', 'converse', converse)).json().trace).toBeUndefined();
  });

  it('a guardrail that intervened says so in its trace (Converse and ConverseStream): blocked, the word policy that matched, no output assessment', async () => {
    const guardrailConfig = { guardrailIdentifier: 'gr1', guardrailVersion: 'DRAFT', trace: 'enabled' };
    const blocked = { ...converse, messages: [{ role: 'user', content: [{ text: 'say something BLOCKED' }] }], guardrailConfig };
    const r = (await post(strict, 'amazon.nova-lite-v1:0', 'converse', blocked)).json();
    expect(r.stopReason).toBe('guardrail_intervened');
    const g = r.trace.guardrail;
    expect(g.actionReason).toBe('Guardrail blocked.');
    expect(g.inputAssessment.gr1.wordPolicy).toEqual({ customWords: [{ action: 'BLOCKED', detected: true, match: 'BLOCKED' }], managedWordLists: [] });
    expect(g.inputAssessment.gr1.invocationMetrics.usage.wordPolicyUnits).toBe(1);
    expect(g.outputAssessments).toBeUndefined();
    // The stream's metadata event carries the same trace.
    const events = await streamEvents(strict, 'amazon.nova-lite-v1:0', blocked);
    const meta = events.find((e) => e.type === 'metadata')!.data as { trace: { guardrail: Record<string, unknown> } };
    expect(meta.trace.guardrail.actionReason).toBe('Guardrail blocked.');
    expect(events.find((e) => e.type === 'messageStop')!.data).toMatchObject({ stopReason: 'guardrail_intervened' });
    // Without the word: no action, as before.
    const passed = (await post(strict, 'amazon.nova-lite-v1:0', 'converse', { ...converse, guardrailConfig })).json().trace.guardrail;
    expect(passed.actionReason).toBe('No action.');
    expect(passed.inputAssessment.gr1.wordPolicy).toBeUndefined();
  });

  it('usage carries serverToolUsage, as every recent recording does', async () => {
    const r = await post(strict, 'amazon.nova-lite-v1:0', 'converse', converse);
    expect(r.json().usage.serverToolUsage).toEqual({});
  });
});

describe('prompt cache counts, as recorded', () => {
  it('Converse: the prefix up to the cache point is written once, then read; Claude lists the write per TTL', async () => {
    const emu = await startEmulator({ verifyAuth: false });
    try {
      const body = { system: [{ text: 'a long shared system prompt for caching' }, { cachePoint: { type: 'default' } }], ...converse };
      const first = (await post(emu, 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'converse', body)).json().usage;
      expect(first.cacheWriteInputTokens).toBeGreaterThan(0);
      expect(first).toMatchObject({ cacheReadInputTokens: 0, cacheWriteInputTokenCount: first.cacheWriteInputTokens, cacheDetails: [{ inputTokens: first.cacheWriteInputTokens, ttl: '5m' }] });
      const second = (await post(emu, 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'converse', body)).json().usage;
      expect(second).toMatchObject({ cacheReadInputTokens: first.cacheWriteInputTokens, cacheReadInputTokenCount: first.cacheWriteInputTokens, cacheWriteInputTokens: 0 });
      expect(second.cacheDetails).toBeUndefined();
      // Nova reports cache counts on Converse only when asked to cache; older Claude never.
      expect((await post(emu, 'us.amazon.nova-lite-v1:0', 'converse', converse)).json().usage.cacheReadInputTokens).toBeUndefined();
      expect((await post(emu, 'us.amazon.nova-lite-v1:0', 'converse', body)).json().usage.cacheWriteInputTokens).toBeGreaterThan(0);
      expect((await post(emu, 'anthropic.claude-3-haiku-20240307-v1:0', 'converse', body)).json().usage.cacheReadInputTokens).toBeUndefined();
    } finally {
      await emu.close();
    }
  });

  it('InvokeModel: Claude 3.7+ cache_control counts in usage, cache_creation and the x-amzn-bedrock-cache-* headers', async () => {
    const emu = await startEmulator({ verifyAuth: false });
    try {
      const body = { ...claude, system: [{ type: 'text', text: 'shared instructions to cache', cache_control: { type: 'ephemeral', ttl: '1h' } }] };
      const res = await fetch(`${emu.url}/model/${encodeURIComponent('us.anthropic.claude-sonnet-4-20250514-v1:0')}/invoke`, { method: 'POST', body: JSON.stringify(body) });
      const usage = (await res.json()).usage;
      expect(usage.cache_creation_input_tokens).toBeGreaterThan(0);
      expect(usage.cache_creation).toEqual({ ephemeral_1h_input_tokens: usage.cache_creation_input_tokens, ephemeral_5m_input_tokens: 0 });
      expect(res.headers.get('x-amzn-bedrock-cache-write-input-token-count')).toBe(String(usage.cache_creation_input_tokens));
      expect(res.headers.get('x-amzn-bedrock-cache-read-input-token-count')).toBe('0');
    } finally {
      await emu.close();
    }
  });
});

describe('lenient: true', () => {
  it('accepts what strict refuses: odd bodies, unknown ids of a known family, bare profile-only ids', async () => {
    expect((await post(lenient, 'anthropic.claude-3-haiku-20240307-v1:0', 'invoke', { ...claude, stream: true })).status).toBe(200);
    expect((await post(lenient, 'anthropic.claude-not-a-model-v1:0', 'invoke', claude)).status).toBe(200);
    expect((await post(lenient, 'anthropic.claude-3-7-sonnet-20250219-v1:0', 'invoke', claude)).status).toBe(200);
    expect((await post(lenient, 'amazon.nova-lite-v1:0', 'converse', { messages: [{ role: 'user', content: 'hello' }] })).status).toBe(200);
  });

  it('still refuses ids of no known family, with AWS answer', async () => {
    const r = await post(lenient, 'acme.model-v1', 'invoke', claude);
    expect(r.status).toBe(400);
    expect(r.json()).toEqual({ message: 'The provided model identifier is invalid.' });
  });
});

describe('stream shapes from the recordings', () => {
  const chunks = (bytes: Uint8Array) =>
    new EventStreamDecoder().push(bytes).map((m) => JSON.parse(Buffer.from(JSON.parse(Buffer.from(m.payload).toString()).bytes, 'base64').toString()));

  it('legacy Cohere Command: one generations frame unless stream: true; index per generation', async () => {
    const one = chunks((await post(strict, 'cohere.command-light-text-v14', 'invoke-with-response-stream', { prompt: 'Say this is a test', max_tokens: 10 })).bytes);
    expect(one).toHaveLength(1);
    expect(Object.keys(one[0]).sort()).toEqual(['amazon-bedrock-invocationMetrics', 'generations', 'id', 'prompt']);
    const many = chunks((await post(strict, 'cohere.command-light-text-v14', 'invoke-with-response-stream', { prompt: 'hi', max_tokens: 10, stream: true, num_generations: 2 })).bytes);
    expect(many.length).toBeGreaterThan(2);
    expect(new Set(many.slice(0, -1).map((c) => c.index))).toEqual(new Set([0, 1]));
    expect(many.at(-1)).toMatchObject({ is_finished: true });
  });

  it("Jamba's last choice chunk carries stop_reason", async () => {
    const all = chunks((await post(strict, 'ai21.jamba-1-5-mini-v1:0', 'invoke-with-response-stream', { messages: [{ role: 'user', content: 'hi' }], max_tokens: 500 })).bytes);
    const last = all.filter((c) => c.choices).at(-1);
    expect(last.choices[0]).toMatchObject({ finish_reason: 'stop', stop_reason: 518 });
  });
});

describe('SigV4 date', () => {
  it('more than 5 minutes off → 403 Signature expired / not yet current, in AWS words; checkSignatureDate: false turns it off', async () => {
    const { SignatureV4 } = await import('@smithy/signature-v4');
    const { Sha256 } = await import('@aws-crypto/sha256-js');
    const now = new Date('2026-01-10T12:00:00Z');
    const sendAt = async (emu: Emulator, signingDate: Date) => {
      const url = new URL(emu.url);
      const body = JSON.stringify(converse);
      const signer = new SignatureV4({ service: 'bedrock', region: emu.region, credentials: emu.credentials, sha256: Sha256 });
      const path = `/model/${encodeURIComponent('amazon.nova-lite-v1:0')}/converse`;
      const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path, query: {}, headers: { host: url.host, 'content-type': 'application/json' }, body }, { signingDate });
      const res = await fetch(emu.url + path, { method: 'POST', headers: signed.headers as Record<string, string>, body });
      return { status: res.status, type: res.headers.get('x-amzn-errortype'), json: (await res.json()) as { message?: string } };
    };
    const emu = await startEmulator({ clock: () => now });
    const off = await startEmulator({ clock: () => now, checkSignatureDate: false });
    try {
      const old = await sendAt(emu, new Date('2026-01-10T11:50:00Z'));
      expect(old.status).toBe(403);
      expect(old.type).toBe('InvalidSignatureException:http://internal.amazon.com/coral/com.amazon.coral.service/');
      expect(old.json.message).toBe('Signature expired: 20260110T115000Z is now earlier than 20260110T115500Z (20260110T120000Z - 5 min.)');
      const ahead = await sendAt(emu, new Date('2026-01-10T12:06:00Z'));
      expect(ahead.json.message).toBe('Signature not yet current: 20260110T120600Z is still later than 20260110T120500Z (20260110T120000Z + 5 min.)');
      expect((await sendAt(emu, new Date('2026-01-10T11:56:00Z'))).status).toBe(200);
      expect((await sendAt(off, new Date('2026-01-10T11:50:00Z'))).status).toBe(200);
    } finally {
      await emu.close();
      await off.close();
    }
  });
});

describe('auth errors', () => {
  it('carry the coral service suffix, as recorded', async () => {
    const emu = await startEmulator();
    try {
      const r = await post(emu, 'amazon.nova-lite-v1:0', 'converse', converse);
      expect(r.status).toBe(403);
      expect(r.type).toBe('MissingAuthenticationTokenException:http://internal.amazon.com/coral/com.amazon.coral.service/');
    } finally {
      await emu.close();
    }
  });
});
