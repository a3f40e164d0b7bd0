// Exact request bodies per family, and ValidationError for what a family cannot honour.

import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { encodeConverseRequest, getCodec } from '../../src/codecs/index.js';
import type { LLMRequest, ModelFamily } from '../../src/codecs/index.js';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
const PNG64 = Buffer.from(PNG).toString('base64');
const WEATHER = { name: 'get_weather', description: 'Weather for a city', inputSchema: { type: 'object', properties: { city: { type: 'string', description: 'City' } }, required: ['city'] } };

const enc = (family: ModelFamily, request: Omit<LLMRequest, 'model'>, modelId: string, stream = false) =>
  getCodec(family).encodeRequest({ model: modelId, ...request }, { modelId, stream });

const chat: Omit<LLMRequest, 'model'> = {
  system: 'Be brief.',
  messages: [
    { role: 'user', content: 'Hi' },
    { role: 'assistant', content: 'Hello!' },
    { role: 'user', content: 'Capital of France?' },
  ],
  maxTokens: 100,
  temperature: 0.5,
  topP: 0.9,
};

const toolTurns: Omit<LLMRequest, 'model'> = {
  messages: [
    { role: 'user', content: 'Weather in Paris?' },
    { role: 'assistant', content: [{ type: 'text', text: 'Checking.' }, { type: 'tool-call', id: 't1', name: 'get_weather', arguments: { city: 'Paris' } }] },
    { role: 'tool', toolCallId: 't1', content: '18C' },
  ],
  tools: [WEATHER],
  toolChoice: 'auto',
};

describe('anthropic', () => {
  const id = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
  it('system, multi-turn, sampling', () => {
    expect(enc('anthropic', { ...chat, topK: 40, stopSequences: ['END'] }, id)).toEqual({
      anthropic_version: 'bedrock-2023-05-31', max_tokens: 100, system: 'Be brief.',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'Hello!' }] },
        { role: 'user', content: [{ type: 'text', text: 'Capital of France?' }] },
      ],
      temperature: 0.5, top_p: 0.9, top_k: 40, stop_sequences: ['END'],
    });
  });
  it('images, tools, tool results, reasoning', () => {
    const body = enc('anthropic', {
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image', mediaType: 'image/png', data: PNG }] },
        { role: 'assistant', content: [{ type: 'reasoning', text: 'hmm', signature: 'sig' }, { type: 'tool-call', id: 't1', name: 'get_weather', arguments: { city: 'Paris' } }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 't1', content: 'oops', isError: true }] },
      ],
      tools: [WEATHER], toolChoice: { name: 'get_weather' }, reasoning: { budgetTokens: 2000 },
    }, `us.${id}`);
    expect(body).toEqual({
      anthropic_version: 'bedrock-2023-05-31', max_tokens: 6096,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG64 } }] },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'hmm', signature: 'sig' }, { type: 'tool_use', id: 't1', name: 'get_weather', input: { city: 'Paris' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'oops', is_error: true }] },
      ],
      tools: [{ name: 'get_weather', description: 'Weather for a city', input_schema: WEATHER.inputSchema }],
      tool_choice: { type: 'tool', name: 'get_weather' },
      thinking: { type: 'enabled', budget_tokens: 2000 },
    });
  });
  it('extra merges last', () => {
    const body = enc('anthropic', { messages: [{ role: 'user', content: 'x' }], extra: { anthropic_beta: ['b'], max_tokens: 7 } }, id);
    expect(body.anthropic_beta).toEqual(['b']);
    expect(body.max_tokens).toBe(7);
  });
  it('legacy text completion for claude-v2 / instant', () => {
    expect(enc('anthropic', chat, 'anthropic.claude-v2:1')).toEqual({
      prompt: 'Be brief.\n\nHuman: Hi\n\nAssistant: Hello!\n\nHuman: Capital of France?\n\nAssistant:',
      max_tokens_to_sample: 100, temperature: 0.5, top_p: 0.9,
    });
    expect(() => enc('anthropic', toolTurns, 'anthropic.claude-instant-v1')).toThrow(ValidationError);
  });
  it('reasoning sent back without a signature is refused', () => {
    expect(() => enc('anthropic', { messages: [{ role: 'assistant', content: [{ type: 'reasoning', text: 'x' }] }] }, id)).toThrow(/signature/);
  });
});

describe('converse', () => {
  it('full body', () => {
    const body = encodeConverseRequest({ model: 'x', ...toolTurns, system: 'S', maxTokens: 50, topK: 5, reasoning: { budgetTokens: 1024 },
      messages: [...toolTurns.messages, { role: 'user', content: [{ type: 'image', mediaType: 'image/jpeg', data: PNG64 }] }] },
      { modelId: 'us.anthropic.claude-3-7-sonnet-20250219-v1:0' });
    expect(body).toEqual({
      messages: [
        { role: 'user', content: [{ text: 'Weather in Paris?' }] },
        { role: 'assistant', content: [{ text: 'Checking.' }, { toolUse: { toolUseId: 't1', name: 'get_weather', input: { city: 'Paris' } } }] },
        { role: 'user', content: [{ toolResult: { toolUseId: 't1', content: [{ text: '18C' }] } }, { image: { format: 'jpeg', source: { bytes: PNG64 } } }] },
      ],
      system: [{ text: 'S' }],
      inferenceConfig: { maxTokens: 50 },
      toolConfig: { tools: [{ toolSpec: { name: 'get_weather', description: 'Weather for a city', inputSchema: { json: WEATHER.inputSchema } } }], toolChoice: { auto: {} } },
      additionalModelRequestFields: { top_k: 5, thinking: { type: 'enabled', budget_tokens: 1024 } },
    });
  });
  it('refuses what has no Converse field', () => {
    const base = { model: 'x', messages: [{ role: 'user' as const, content: 'x' }] };
    expect(() => encodeConverseRequest({ ...base, topK: 3 }, { modelId: 'meta.llama3-8b-instruct-v1:0' })).toThrow(ValidationError);
    expect(() => encodeConverseRequest({ ...base, tools: [WEATHER], toolChoice: 'none' }, { modelId: 'amazon.nova-pro-v1:0' })).toThrow(/none/);
    expect(encodeConverseRequest({ ...base, topK: 3 }, { modelId: 'amazon.nova-pro-v1:0' }).additionalModelRequestFields).toEqual({ inferenceConfig: { topK: 3 } });
  });
});

describe('nova', () => {
  it('messages-v1 with system, image, tools', () => {
    const body = enc('nova', { ...toolTurns, system: 'S', maxTokens: 10, topK: 20, toolChoice: 'required' }, 'us.amazon.nova-pro-v1:0');
    expect(body).toEqual({
      schemaVersion: 'messages-v1', system: [{ text: 'S' }],
      messages: [
        { role: 'user', content: [{ text: 'Weather in Paris?' }] },
        { role: 'assistant', content: [{ text: 'Checking.' }, { toolUse: { toolUseId: 't1', name: 'get_weather', input: { city: 'Paris' } } }] },
        { role: 'user', content: [{ toolResult: { toolUseId: 't1', content: [{ text: '18C' }] } }] },
      ],
      inferenceConfig: { max_new_tokens: 10, top_k: 20 },
      toolConfig: { tools: [{ toolSpec: { name: 'get_weather', description: 'Weather for a city', inputSchema: { json: WEATHER.inputSchema } } }], toolChoice: { any: {} } },
    });
  });
});

describe('titan', () => {
  it('User/Bot prompt, system prepended (documented fallback)', () => {
    expect(enc('titan', { ...chat, stopSequences: ['User:'] }, 'amazon.titan-text-express-v1')).toEqual({
      inputText: 'Be brief.\nUser: Hi\nBot: Hello!\nUser: Capital of France?\nBot:',
      textGenerationConfig: { maxTokenCount: 100, temperature: 0.5, topP: 0.9, stopSequences: ['User:'] },
    });
  });
  it.each([
    ['tools', { tools: [WEATHER] }],
    ['images', { messages: [{ role: 'user', content: [{ type: 'image', mediaType: 'image/png', data: PNG }] }] }],
    ['topK', { topK: 5 }],
    ['reasoning', { reasoning: { budgetTokens: 100 } }],
  ])('refuses %s', (_, extra) => {
    expect(() => enc('titan', { messages: [{ role: 'user', content: 'x' }], ...(extra as object) }, 'amazon.titan-text-lite-v1')).toThrow(ValidationError);
  });
});

describe('llama', () => {
  it('Llama 3 chat template', () => {
    expect(enc('llama', chat, 'meta.llama3-1-8b-instruct-v1:0')).toEqual({
      prompt:
        '<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>' +
        '<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>' +
        '<|start_header_id|>assistant<|end_header_id|>\n\nHello!<|eot_id|>' +
        '<|start_header_id|>user<|end_header_id|>\n\nCapital of France?<|eot_id|>' +
        '<|start_header_id|>assistant<|end_header_id|>\n\n',
      max_gen_len: 100, temperature: 0.5, top_p: 0.9,
    });
  });
  it('Llama 2 ids get the Llama 2 [INST] template (system in <<SYS>>), bare, geo-prefixed or in an ARN', () => {
    const prompt =
      '<s>[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nHi [/INST] Hello! </s>' +
      '<s>[INST] Capital of France? [/INST]';
    for (const id of ['meta.llama2-13b-chat-v1', 'us.meta.llama2-70b-chat-v1', 'arn:aws:bedrock:us-east-1::foundation-model/meta.llama2-13b-chat-v1']) {
      expect(enc('llama', chat, id), id).toEqual({ prompt, max_gen_len: 100, temperature: 0.5, top_p: 0.9 });
    }
    // A last assistant turn is left open (a prefill); no system, no <<SYS>>.
    expect(enc('llama', { messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Well,' }] }, 'meta.llama2-13b-chat-v1').prompt).toBe('<s>[INST] Hi [/INST] Well,');
    expect(() => enc('llama', { messages: [{ role: 'assistant', content: 'x' }] }, 'meta.llama2-13b-chat-v1')).toThrow(/starts with a user message/);
  });
  it('refuses images and tools', () => {
    expect(() => enc('llama', { messages: [{ role: 'user', content: [{ type: 'image', mediaType: 'image/png', data: PNG }] }] }, 'meta.llama3-8b-instruct-v1:0')).toThrow(/llama models do not support image input/);
    expect(() => enc('llama', toolTurns, 'meta.llama3-8b-instruct-v1:0')).toThrow(/llama models do not support tools/);
  });
});

describe('cohere', () => {
  it('Command R: chat_history, preamble, tools and tool results', () => {
    const body = enc('cohere', { ...toolTurns, system: 'S', topK: 3 }, 'cohere.command-r-plus-v1:0');
    expect(body).toEqual({
      message: '',
      chat_history: [
        { role: 'USER', message: 'Weather in Paris?' },
        { role: 'CHATBOT', message: 'Checking.', tool_calls: [{ name: 'get_weather', parameters: { city: 'Paris' } }] },
      ],
      preamble: 'S', k: 3,
      tools: [{ name: 'get_weather', description: 'Weather for a city', parameter_definitions: { city: { description: 'City', type: 'str', required: true } } }],
      tool_results: [{ call: { name: 'get_weather', parameters: { city: 'Paris' } }, outputs: [{ text: '18C' }] }],
    });
    expect(enc('cohere', chat, 'cohere.command-r-v1:0')).toEqual({
      message: 'Capital of France?',
      chat_history: [{ role: 'USER', message: 'Hi' }, { role: 'CHATBOT', message: 'Hello!' }],
      preamble: 'Be brief.', max_tokens: 100, temperature: 0.5, p: 0.9,
    });
  });
  it('legacy Command prompt; images and forced tool choice refused', () => {
    expect(enc('cohere', { messages: [{ role: 'user', content: 'Hi' }], system: 'S' }, 'cohere.command-text-v14')).toEqual({ prompt: 'S\n\nHi' });
    expect(() => enc('cohere', { ...toolTurns, toolChoice: 'required' }, 'cohere.command-r-v1:0')).toThrow(ValidationError);
    expect(() => enc('cohere', { messages: [{ role: 'user', content: [{ type: 'image', mediaType: 'image/png', data: PNG }] }] }, 'cohere.command-r-v1:0')).toThrow(ValidationError);
  });
});

describe('jamba, mistral, deepseek, gpt-oss', () => {
  it('jamba: OpenAI-shaped messages', () => {
    expect(enc('jamba', { ...chat, stopSequences: ['##'] }, 'ai21.jamba-1-5-large-v1:0')).toEqual({
      messages: [
        { role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello!' }, { role: 'user', content: 'Capital of France?' },
      ],
      max_tokens: 100, temperature: 0.5, top_p: 0.9, stop: ['##'],
    });
    expect(() => enc('jamba', toolTurns, 'ai21.jamba-1-5-mini-v1:0')).toThrow(/jamba models do not support tools/);
  });
  it('mistral text completion: [INST] prompt, system folded into the first instruction', () => {
    expect(enc('mistral', { ...chat, topK: 50 }, 'mistral.mistral-7b-instruct-v0:2')).toEqual({
      prompt: '<s>[INST] Be brief.\n\nHi [/INST] Hello!</s>[INST] Capital of France? [/INST]',
      max_tokens: 100, temperature: 0.5, top_p: 0.9, top_k: 50,
    });
    expect(() => enc('mistral', toolTurns, 'mistral.mixtral-8x7b-instruct-v0:1')).toThrow(ValidationError);
  });
  it('mistral large: chat completion with tools', () => {
    expect(enc('mistral', { ...toolTurns, toolChoice: 'required', maxTokens: 5 }, 'mistral.mistral-large-2407-v1:0')).toEqual({
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: 'Checking.', tool_calls: [{ id: 't1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 't1', content: '18C' },
      ],
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Weather for a city', parameters: WEATHER.inputSchema } }],
      tool_choice: 'any', max_tokens: 5,
    });
  });
  it('deepseek: R1 template opening the reasoning section', () => {
    expect(enc('deepseek', chat, 'us.deepseek.r1-v1:0')).toEqual({
      prompt: '<｜begin▁of▁sentence｜>Be brief.<｜User｜>Hi<｜Assistant｜>Hello!<｜end▁of▁sentence｜><｜User｜>Capital of France?<｜Assistant｜><think>\n',
      max_tokens: 100, temperature: 0.5, top_p: 0.9,
    });
    expect(() => enc('deepseek', { ...chat, reasoning: { budgetTokens: 10 } }, 'us.deepseek.r1-v1:0')).toThrow(ValidationError);
  });
  it('gpt-oss: chat completions, stream flag follows the operation', () => {
    const body = enc('gpt-oss', { ...toolTurns, toolChoice: { name: 'get_weather' }, maxTokens: 9 }, 'openai.gpt-oss-20b-1:0');
    expect(body).toMatchObject({ max_completion_tokens: 9, stream: false, tool_choice: { type: 'function', function: { name: 'get_weather' } } });
    expect(enc('gpt-oss', { messages: [{ role: 'user', content: 'x' }] }, 'openai.gpt-oss-20b-1:0', true).stream).toBe(true);
    expect(() => enc('gpt-oss', { messages: [{ role: 'user', content: 'x' }], reasoning: { budgetTokens: 5 } }, 'openai.gpt-oss-120b-1:0')).toThrow(/reasoning: \{ effort/);
  });
});

describe('common', () => {
  it('system messages join the system prompt; consecutive turns merge', () => {
    const body = enc('anthropic', {
      system: 'A',
      messages: [{ role: 'system', content: 'B' }, { role: 'user', content: 'x' }, { role: 'user', content: 'y' }],
    }, 'anthropic.claude-3-haiku-20240307-v1:0');
    expect(body.system).toBe('A\n\nB');
    expect(body.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'x' }, { type: 'text', text: 'y' }] }]);
  });
  it('a tool message with string content needs its call id', () => {
    expect(() => enc('nova', { messages: [{ role: 'tool', content: 'r' }] }, 'amazon.nova-lite-v1:0')).toThrow(/toolCallId/);
  });
});
