// Type test, checked by `tsc` (npm run typecheck): the Converse shapes are the service's, the
// stream events narrow on `type`, media types are literals. Each @ts-expect-error line must fail
// to compile, or tsc reports the directive as unused.
import type {
  BedrockRuntime,
  ConverseContentBlock,
  ConverseInput,
  ConverseOutput,
  ConverseStreamEvent,
  ConverseStreamEventType,
  ImagePart,
  StopReason,
} from '../../src/index.js';

declare const rt: BedrockRuntime;

// A request with every block kind the service takes, as the service spells it.
const input: ConverseInput = {
  modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
  system: [{ text: 'Be brief.' }, { cachePoint: { type: 'default' } }],
  messages: [
    {
      role: 'user',
      content: [
        { text: 'Summarize the report and the chart.' },
        { document: { format: 'pdf', name: 'report', source: { bytes: 'JVBERi0=' }, citations: { enabled: true } } },
        { document: { name: 'notes', source: { text: 'plain notes' } } },
        { image: { format: 'png', source: { s3Location: { uri: 's3://bucket/chart.png' } } } },
        { video: { format: 'mp4', source: { s3Location: { uri: 's3://bucket/clip.mp4', bucketOwner: '123456789012' } } } },
        { guardContent: { text: { text: 'check this', qualifiers: ['guard_content'] } } },
        { cachePoint: { type: 'default', ttl: '1h' } },
      ],
    },
    {
      role: 'assistant',
      content: [
        { reasoningContent: { reasoningText: { text: 'thinking', signature: 'sig' } } },
        { citationsContent: { content: [{ text: 'cited' }], citations: [{ title: 'report', location: { documentPage: { documentIndex: 0, start: 1, end: 2 } } }] } },
        { toolUse: { toolUseId: 't1', name: 'weather', input: { city: 'Paris' } } },
      ],
    },
    { role: 'user', content: [{ toolResult: { toolUseId: 't1', content: [{ json: { temp: 21 } }, { text: 'sunny' }], status: 'success' } }] },
  ],
  inferenceConfig: { maxTokens: 64, temperature: 0.2, stopSequences: ['END'] },
  toolConfig: {
    tools: [{ toolSpec: { name: 'weather', inputSchema: { json: { type: 'object', properties: { city: { type: 'string' } } } } } }, { cachePoint: { type: 'default' } }],
    toolChoice: { auto: {} },
  },
  guardrailConfig: { guardrailIdentifier: 'gr-1', guardrailVersion: '1', trace: 'enabled' },
  additionalModelRequestFields: { top_k: 5 },
  performanceConfig: { latency: 'optimized' },
  serviceTier: { type: 'flex' },
};
void input;

// @ts-expect-error a role the service does not take
const badRole: ConverseInput = { modelId: 'm', messages: [{ role: 'tool', content: [{ text: 'x' }] }] };
// @ts-expect-error an image format the service does not take
const badFormat: ConverseContentBlock = { image: { format: 'bmp', source: { bytes: '' } } };
// @ts-expect-error the unified request's part shape is not a Converse block
const unified: ConverseContentBlock = { type: 'text', text: 'x' };
// @ts-expect-error a document needs a name
const noName: ConverseContentBlock = { document: { format: 'pdf', source: { bytes: '' } } };
void badRole, badFormat, unified, noName;

// The response is typed: content blocks narrow with `in`, usage and stop reason are the service's.
async function response(): Promise<void> {
  const out: ConverseOutput = await rt.converse(input);
  for (const block of out.output.message.content) {
    if ('text' in block) {
      const text: string = block.text;
      void text;
    } else if ('toolUse' in block) {
      const id: string = block.toolUse.toolUseId;
      void id;
    } else if ('reasoningContent' in block && 'reasoningText' in block.reasoningContent) {
      const signature: string | undefined = block.reasoningContent.reasoningText.signature;
      void signature;
    }
  }
  const stop: StopReason = out.stopReason;
  const tokens: number = out.usage.inputTokens + out.usage.outputTokens;
  const cached: number | undefined = out.usage.cacheReadInputTokens;
  void stop, tokens, cached;
}

// The stream events are a discriminated union on `type`; a switch over them can be exhaustive.
async function stream(): Promise<void> {
  for await (const e of rt.converseStream(input)) {
    switch (e.type) {
      case 'messageStart': {
        const role: 'user' | 'assistant' = e.data.role;
        void role;
        break;
      }
      case 'contentBlockStart':
        if ('toolUse' in e.data.start) void e.data.start.toolUse.name;
        break;
      case 'contentBlockDelta': {
        const d = e.data.delta;
        if ('text' in d) void d.text.length;
        else if ('toolUse' in d) void JSON.parse(d.toolUse.input);
        else if ('reasoningContent' in d && 'signature' in d.reasoningContent) void d.reasoningContent.signature;
        break;
      }
      case 'contentBlockStop':
        void e.data.contentBlockIndex.toFixed();
        break;
      case 'messageStop': {
        const stop: StopReason = e.data.stopReason;
        void stop;
        break;
      }
      case 'metadata':
        void e.data.usage.totalTokens.toFixed(), e.data.metrics.latencyMs;
        break;
      default: {
        const none: never = e;
        void none;
      }
    }
    // @ts-expect-error `usage` exists only on the metadata event
    void e.data.usage;
  }
}
void response, stream;

const types: ConverseStreamEventType[] = ['messageStart', 'contentBlockStart', 'contentBlockDelta', 'contentBlockStop', 'messageStop', 'metadata'];
// @ts-expect-error not an event type of ConverseStream
const notAType: ConverseStreamEventType = 'chunk';
void types, notAType;

const png: ImagePart = { type: 'image', mediaType: 'image/png', data: new Uint8Array() };
// @ts-expect-error a media type no family accepts
const bmp: ImagePart = { type: 'image', mediaType: 'image/bmp', data: '' };
void png, bmp;

declare const anyEvent: ConverseStreamEvent;
if (anyEvent.type === 'contentBlockDelta') {
  // @ts-expect-error a delta event has no stop reason
  void anyEvent.data.stopReason;
}
