// Per-family request bodies and text extractors, written from the AWS model-parameter pages and
// the recorded captures, independent of src/codecs (the emulator is a check on them).
type J = any;

export interface FamilyCase {
  name: string;
  modelId: string;
  body(prompt: string, maxTokens: number): Record<string, unknown>;
  /** Text of a non-streaming InvokeModel body. */
  text(body: J): string;
  /** Text carried by one stream chunk's JSON. */
  chunkText(chunk: J): string;
  /** The answer within the text, for models that think aloud first. */
  answer?(text: string): string;
  /** Fields a streaming request adds (legacy Command streams token chunks only with `stream: true`, as recorded). */
  streamExtra?: Record<string, unknown>;
}

const openAiText = (b: J) => b.choices[0].message.content as string;
const openAiDelta = (c: J) => (c.choices?.[0]?.delta?.content as string | undefined) ?? '';

export const cases: FamilyCase[] = [
  {
    name: 'anthropic',
    modelId: 'us.anthropic.claude-3-5-haiku-20241022-v1:0',
    body: (p, max) => ({ anthropic_version: 'bedrock-2023-05-31', max_tokens: max, messages: [{ role: 'user', content: [{ type: 'text', text: p }] }] }),
    text: (b) => b.content.filter((c: J) => c.type === 'text').map((c: J) => c.text).join(''),
    chunkText: (c) => (c.type === 'content_block_delta' && c.delta.type === 'text_delta' ? c.delta.text : ''),
  },
  {
    name: 'anthropic-legacy',
    modelId: 'anthropic.claude-v2:1',
    body: (p, max) => ({ prompt: `\n\nHuman: ${p}\n\nAssistant:`, max_tokens_to_sample: max }),
    text: (b) => b.completion,
    chunkText: (c) => c.completion,
  },
  {
    name: 'titan',
    modelId: 'amazon.titan-text-express-v1',
    body: (p, max) => ({ inputText: `User: ${p}\nBot:`, textGenerationConfig: { maxTokenCount: max } }),
    text: (b) => b.results[0].outputText,
    chunkText: (c) => c.outputText,
  },
  {
    name: 'nova',
    modelId: 'us.amazon.nova-pro-v1:0',
    body: (p, max) => ({ schemaVersion: 'messages-v1', messages: [{ role: 'user', content: [{ text: p }] }], inferenceConfig: { maxTokens: max } }),
    text: (b) => b.output.message.content.filter((c: J) => 'text' in c).map((c: J) => c.text).join(''),
    chunkText: (c) => c.contentBlockDelta?.delta?.text ?? '',
  },
  {
    name: 'llama',
    modelId: 'meta.llama3-8b-instruct-v1:0',
    body: (p, max) => ({
      prompt: `<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n${p}<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n`,
      max_gen_len: max,
    }),
    text: (b) => b.generation,
    chunkText: (c) => c.generation,
  },
  {
    name: 'cohere-r',
    modelId: 'cohere.command-r-v1:0',
    body: (p, max) => ({ message: p, max_tokens: max }),
    text: (b) => b.text,
    chunkText: (c) => (c.event_type === 'text-generation' ? c.text : ''),
  },
  {
    name: 'cohere-text',
    modelId: 'cohere.command-text-v14',
    body: (p, max) => ({ prompt: p, max_tokens: max }),
    streamExtra: { stream: true },
    text: (b) => b.generations[0].text,
    chunkText: (c) => c.text ?? '',
  },
  {
    name: 'jamba',
    modelId: 'ai21.jamba-1-5-mini-v1:0',
    body: (p, max) => ({ messages: [{ role: 'user', content: p }], max_tokens: max }),
    text: openAiText,
    chunkText: openAiDelta,
  },
  {
    name: 'mistral',
    modelId: 'mistral.mistral-7b-instruct-v0:2',
    body: (p, max) => ({ prompt: `<s>[INST] ${p} [/INST]`, max_tokens: max }),
    text: (b) => b.outputs[0].text,
    chunkText: (c) => c.outputs[0].text,
  },
  {
    name: 'mistral-chat',
    modelId: 'mistral.mistral-large-2407-v1:0',
    body: (p, max) => ({ messages: [{ role: 'user', content: p }], max_tokens: max }),
    text: openAiText,
    chunkText: openAiDelta,
  },
  {
    name: 'deepseek',
    modelId: 'us.deepseek.r1-v1:0',
    body: (p, max) => ({ prompt: `<｜begin▁of▁sentence｜><｜User｜>${p}<｜Assistant｜>`, max_tokens: max }),
    text: (b) => b.choices[0].text,
    // R1 thinks first: the answer is what follows `</think>`.
    answer: (t) => t.replace(/^[\s\S]*<\/think>\s*/, ''),
    chunkText: (c) => c.choices[0].text,
  },
  {
    name: 'gpt-oss',
    modelId: 'openai.gpt-oss-20b-1:0',
    body: (p, max) => ({ messages: [{ role: 'user', content: p }], max_completion_tokens: max }),
    text: openAiText,
    chunkText: openAiDelta,
  },
];
