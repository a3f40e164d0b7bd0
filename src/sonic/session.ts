// A typed Amazon Nova Sonic session over InvokeModelWithBidirectionalStream: builds the input event
// sequence (sessionStart → promptStart → contents with unique names, each started and ended →
// promptEnd → sessionEnd) so the caller never writes it, and turns the output events into typed
// ones (text with its generation stage, audio PCM, tool use, turn end, barge-in, usage).
import { toBase64 } from '../base64.js';
import { ValidationError } from '../errors.js';
import { BedrockRuntime } from '../runtime/client.js';
import type { BidirectionalStream } from '../runtime/bidi.js';
import type { BedrockRuntimeOptions } from '../runtime/types.js';

export const DEFAULT_SONIC_MODEL = 'amazon.nova-sonic-v1:0';

export interface SonicTool {
  name: string;
  description?: string;
  /** JSON Schema of the tool's input (an object; sent as the string the service wants). */
  inputSchema?: object;
}

export interface SonicToolUse {
  name: string;
  toolUseId: string;
  /** The tool's input, parsed from the model's JSON (the raw text when it is not JSON). */
  input: unknown;
}

export interface SonicSessionOptions {
  /** A client to use (left open by `close()`), or the options to make one (closed with the session). */
  runtime?: BedrockRuntime | BedrockRuntimeOptions;
  /** Default `amazon.nova-sonic-v1:0`. */
  modelId?: string;
  /** Output voice. Default `matthew`. */
  voice?: string;
  /** The system prompt. */
  system?: string;
  tools?: SonicTool[];
  /** Answers each tool use: its return value (JSON) is sent back as the tool result. */
  onToolUse?: (use: SonicToolUse) => unknown;
  /** LPCM 16-bit mono input rate. Default 16000. */
  inputSampleRate?: number;
  /** LPCM 16-bit mono output rate. Default 24000. */
  outputSampleRate?: number;
  inference?: { maxTokens?: number; topP?: number; temperature?: number };
  signal?: AbortSignal;
  /** Passed to the stream: whole-session limit (default 490 000 ms). */
  maxDurationMs?: number;
}

export type SonicStage = 'SPECULATIVE' | 'FINAL';

/** One output of the session. */
export type SonicOutput =
  | { type: 'text'; role: string; stage: SonicStage; text: string; contentId: string }
  | { type: 'audio'; pcm: Uint8Array; sampleRate: number; contentId: string }
  | { type: 'toolUse'; name: string; toolUseId: string; input: unknown; contentId: string }
  /** A content ended: `stopReason` END_TURN, PARTIAL_TURN, TOOL_USE or INTERRUPTED. */
  | { type: 'contentEnd'; role: string; contentType: string; stopReason: string; contentId: string }
  /** Barge-in: the model stopped speaking because the user spoke (drop queued audio). `source` client: `interrupt()`. */
  | { type: 'interrupted'; source: 'model' | 'client' }
  | { type: 'usage'; inputTokens: number; outputTokens: number; totalTokens: number; details: unknown }
  | { type: 'completionStart' | 'completionEnd'; completionId: string; stopReason?: string }
  /** Any other event (Nova 2's userSpeechStart / userSpeechEnd, future ones), as sent. */
  | { type: 'event'; name: string; data: Record<string, unknown> };

export interface SonicSession extends AsyncIterable<SonicOutput> {
  /** Sends 16-bit mono LPCM at `inputSampleRate` (any length; ~32 ms frames are usual). Opens the audio content on first use. */
  sendAudio(pcm: Uint8Array): Promise<void>;
  /** A user text turn (closes an open audio content first). */
  sendText(text: string): Promise<void>;
  /** The result of a tool use (any JSON value; a string is sent as is). */
  sendToolResult(toolUseId: string, result: unknown): Promise<void>;
  /** Stops the current answer on this side: its remaining audio is dropped and `interrupted` (client) is yielded. */
  interrupt(): void;
  /** Ends the input (open content, promptEnd, sessionEnd, the signed end frame); the iterator ends with the last answers. */
  close(): Promise<void>;
  /** The underlying stream (response headers, cancel). */
  readonly stream: BidirectionalStream;
}

const utf8 = new TextDecoder();
let sessions = 0;

export function startSonicSession(options: SonicSessionOptions = {}): SonicSession {
  const { tools = [], onToolUse } = options;
  for (const [i, t] of tools.entries()) {
    if (!t || typeof t.name !== 'string' || !t.name) throw new ValidationError(`tools[${i}].name: expected a non-empty string`);
  }
  if (options.system !== undefined && typeof options.system !== 'string') throw new ValidationError('system: expected a string');
  const inRate = rate(options.inputSampleRate ?? 16000, 'inputSampleRate');
  const outRate = rate(options.outputSampleRate ?? 24000, 'outputSampleRate');
  const own = !(options.runtime instanceof BedrockRuntime);
  const runtime = options.runtime instanceof BedrockRuntime ? options.runtime : new BedrockRuntime(options.runtime);
  const stream = runtime.invokeModelWithBidirectionalStream(
    { modelId: options.modelId ?? DEFAULT_SONIC_MODEL },
    { signal: options.signal, maxDurationMs: options.maxDurationMs },
  );

  const id = `s${++sessions}-${Date.now().toString(36)}`;
  const promptName = `${id}-prompt`;
  let contents = 0;
  const contentName = (): string => `${id}-c${++contents}`;
  let audioContent: string | undefined;
  let closed = false;
  // Session operations are serialized: each is several events that must not interleave.
  let chain: Promise<void> = Promise.resolve();
  const op = (f: () => Promise<void>): Promise<void> => {
    const p = chain.then(f);
    chain = p.catch(() => {});
    return p;
  };
  const send = (name: string, body: object): Promise<void> => stream.send({ event: { [name]: body } });
  const textContent = async (role: string, interactive: boolean, text: string): Promise<void> => {
    const name = contentName();
    await send('contentStart', { promptName, contentName: name, type: 'TEXT', interactive, role, textInputConfiguration: { mediaType: 'text/plain' } });
    await send('textInput', { promptName, contentName: name, content: text });
    await send('contentEnd', { promptName, contentName: name });
  };
  const endAudio = async (): Promise<void> => {
    if (!audioContent) return;
    const name = audioContent;
    audioContent = undefined;
    await send('contentEnd', { promptName, contentName: name });
  };
  const usable = (what: string): void => {
    if (closed) throw new ValidationError(`${what}: the session is closed`);
  };

  // The opening sequence, queued before anything the caller sends.
  void op(async () => {
    await send('sessionStart', { inferenceConfiguration: { maxTokens: 1024, topP: 0.9, temperature: 0.7, ...options.inference } });
    await send('promptStart', {
      promptName,
      textOutputConfiguration: { mediaType: 'text/plain' },
      audioOutputConfiguration: { mediaType: 'audio/lpcm', sampleRateHertz: outRate, sampleSizeBits: 16, channelCount: 1, voiceId: options.voice ?? 'matthew', encoding: 'base64', audioType: 'SPEECH' },
      ...(tools.length
        ? {
            toolUseOutputConfiguration: { mediaType: 'application/json' },
            toolConfiguration: { tools: tools.map((t) => ({ toolSpec: { name: t.name, description: t.description ?? t.name, inputSchema: { json: JSON.stringify(t.inputSchema ?? { type: 'object', properties: {} }) } } })) },
          }
        : {}),
    });
    if (options.system !== undefined) await textContent('SYSTEM', false, options.system);
  }).catch(() => {}); // a failure here surfaces on the iterator and the next send

  const session: SonicSession = {
    stream,
    sendAudio(pcm) {
      usable('sendAudio');
      if (!(pcm instanceof Uint8Array)) return Promise.reject(new ValidationError('pcm: expected a Uint8Array of 16-bit LPCM'));
      return op(async () => {
        if (!audioContent) {
          audioContent = contentName();
          await send('contentStart', {
            promptName,
            contentName: audioContent,
            type: 'AUDIO',
            interactive: true,
            role: 'USER',
            audioInputConfiguration: { mediaType: 'audio/lpcm', sampleRateHertz: inRate, sampleSizeBits: 16, channelCount: 1, audioType: 'SPEECH', encoding: 'base64' },
          });
        }
        await send('audioInput', { promptName, contentName: audioContent, content: toBase64(pcm) });
      });
    },
    sendText(text) {
      usable('sendText');
      if (typeof text !== 'string') return Promise.reject(new ValidationError('text: expected a string'));
      return op(async () => {
        await endAudio();
        await textContent('USER', true, text);
      });
    },
    sendToolResult(toolUseId, result) {
      usable('sendToolResult');
      if (typeof toolUseId !== 'string' || !toolUseId) return Promise.reject(new ValidationError('toolUseId: expected the toolUseId of a toolUse output'));
      const content = typeof result === 'string' ? result : JSON.stringify(result ?? null);
      return op(async () => {
        const name = contentName();
        await send('contentStart', {
          promptName,
          contentName: name,
          type: 'TOOL',
          interactive: false,
          role: 'TOOL',
          toolResultInputConfiguration: { toolUseId, type: 'TEXT', textInputConfiguration: { mediaType: 'text/plain' } },
        });
        await send('toolResult', { promptName, contentName: name, content });
        await send('contentEnd', { promptName, contentName: name });
      });
    },
    interrupt() {
      dropAudio = true;
      pendingInterrupt = true;
    },
    close() {
      if (closed) return chain;
      closed = true;
      return op(async () => {
        await endAudio();
        await send('promptEnd', { promptName });
        await send('sessionEnd', {});
        await stream.end();
      });
    },
    [Symbol.asyncIterator]: () => outputs(),
  };

  let dropAudio = false;
  let pendingInterrupt = false;
  const contentsOut = new Map<string, { role: string; type: string; stage: SonicStage }>();

  async function* outputs(): AsyncGenerator<SonicOutput> {
    try {
      for await (const chunk of stream) {
        if (pendingInterrupt) {
          pendingInterrupt = false;
          yield { type: 'interrupted', source: 'client' };
        }
        let event: Record<string, unknown>;
        try {
          event = (JSON.parse(utf8.decode(chunk.bytes)) as { event: Record<string, unknown> }).event;
        } catch {
          continue; // not a Sonic event: nothing to type
        }
        const name = event && Object.keys(event)[0];
        if (!name) continue;
        const data = (event[name] ?? {}) as Record<string, any>;
        const out = mapEvent(name, data);
        for (const o of out) {
          if (o.type === 'audio' && dropAudio) continue;
          if (o.type === 'toolUse' && onToolUse) {
            // Answered in the background so that the answers keep flowing meanwhile.
            const use = { name: o.name, toolUseId: o.toolUseId, input: o.input };
            void Promise.resolve()
              .then(() => onToolUse(use))
              .then(
                (result) => session.sendToolResult(o.toolUseId, result),
                (err: unknown) => session.sendToolResult(o.toolUseId, { error: err instanceof Error ? err.message : String(err) }),
              )
              .catch(() => {});
          }
          yield o;
        }
      }
    } finally {
      if (own) await runtime.close();
    }
  }

  function mapEvent(name: string, d: Record<string, any>): SonicOutput[] {
    switch (name) {
      case 'completionStart':
        return [{ type: 'completionStart', completionId: String(d.completionId ?? '') }];
      case 'completionEnd':
        return [{ type: 'completionEnd', completionId: String(d.completionId ?? ''), stopReason: d.stopReason }];
      case 'contentStart': {
        let stage: SonicStage = 'FINAL';
        try {
          const extra = typeof d.additionalModelFields === 'string' ? JSON.parse(d.additionalModelFields) : d.additionalModelFields;
          if (extra?.generationStage === 'SPECULATIVE') stage = 'SPECULATIVE';
        } catch {
          // no stage: FINAL
        }
        contentsOut.set(String(d.contentId), { role: String(d.role ?? ''), type: String(d.type ?? ''), stage });
        // A new answer starts: the client-side interrupt covered the previous one only.
        if (d.role === 'ASSISTANT' && d.type === 'AUDIO') dropAudio = false;
        return [];
      }
      case 'textOutput': {
        const c = contentsOut.get(String(d.contentId));
        const text = String(d.content ?? '');
        if (isInterrupted(text)) return [{ type: 'interrupted', source: 'model' }];
        return [{ type: 'text', role: String(d.role ?? c?.role ?? ''), stage: c?.stage ?? 'FINAL', text, contentId: String(d.contentId ?? '') }];
      }
      case 'audioOutput':
        return [{ type: 'audio', pcm: fromBase64(String(d.content ?? '')), sampleRate: outRate, contentId: String(d.contentId ?? '') }];
      case 'toolUse': {
        let input: unknown = d.content;
        try {
          input = JSON.parse(String(d.content));
        } catch {
          // the raw text
        }
        return [{ type: 'toolUse', name: String(d.toolName ?? ''), toolUseId: String(d.toolUseId ?? ''), input, contentId: String(d.contentId ?? '') }];
      }
      case 'contentEnd': {
        const c = contentsOut.get(String(d.contentId));
        contentsOut.delete(String(d.contentId));
        return [{ type: 'contentEnd', role: c?.role ?? '', contentType: String(d.type ?? c?.type ?? ''), stopReason: String(d.stopReason ?? ''), contentId: String(d.contentId ?? '') }];
      }
      case 'usageEvent':
        return [{ type: 'usage', inputTokens: Number(d.totalInputTokens ?? 0), outputTokens: Number(d.totalOutputTokens ?? 0), totalTokens: Number(d.totalTokens ?? 0), details: d.details }];
      default:
        return [{ type: 'event', name, data: d }];
    }
  }

  return session;
}

/** Barge-in as the service reports it: a textOutput whose content is `{ "interrupted" : true }`. */
function isInterrupted(text: string): boolean {
  if (!text.includes('interrupted')) return false;
  try {
    return (JSON.parse(text) as { interrupted?: unknown }).interrupted === true;
  } catch {
    return false;
  }
}

function rate(v: number, field: string): number {
  if (!Number.isInteger(v) || v < 8000 || v > 48000) throw new ValidationError(`${field}: expected an integer sample rate in Hz (8000-48000), got ${String(v)}`);
  return v;
}

type BufferLike = { from(data: string, encoding: 'base64'): Uint8Array };

function fromBase64(text: string): Uint8Array {
  const B = (globalThis as { Buffer?: BufferLike }).Buffer;
  if (B) {
    const b = B.from(text, 'base64');
    return new Uint8Array(b.buffer, b.byteOffset, b.length);
  }
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}
