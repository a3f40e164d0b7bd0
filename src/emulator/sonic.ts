// A scripted Amazon Nova Sonic for the emulator's bidirectional route. It checks the input event
// sequence the way the service does (sessionStart → promptStart → contentStart/…/contentEnd →
// promptEnd → sessionEnd, names and pairing) and answers:
// - a USER text turn with a text answer and synthetic speech (24 kHz 16-bit mono LPCM tones);
// - USER speech (16 kHz LPCM; a turn ends after 600 ms of silence or at contentEnd) with a
//   transcript (what it can know: how long the speech lasted), then text and speech;
// - a tool use first when tools are configured, answering once the tool result arrives;
// - barge-in: speech arriving while it is speaking stops the answer (contentEnd INTERRUPTED and
//   the textOutput `{ "interrupted" : true }`).
// Output events are shaped like the service's (AWS Nova Sonic "output events" documentation).
import { createRng, hashSeed, randomUuid, type Rng } from './rng.js';
import { isRecord } from './prompt.js';

export type SonicEvent = Record<string, unknown>;

/** A protocol violation, answered with a `validationException` frame. */
export class SonicInputError extends Error {}

export interface SonicOptions {
  seed: number;
  /** Speech per word of an answer, in ms. Default 240. */
  wordMs?: number;
}

interface Content {
  type: string;
  role: string;
  interactive: boolean;
  text: string;
  /** Samples of speech (above the threshold) and of trailing silence after it. */
  speech: number;
  silence: number;
  sampleRate: number;
  toolUseId?: string;
}

const SPEECH_RMS = 500;
const END_OF_TURN_SILENCE_MS = 600;
const AUDIO_CHUNK_MS = 100;

export class SonicModel {
  private started = false;
  private ended = false;
  private prompt: { name: string; tools: { name: string; schema: unknown }[]; sampleRate: number; voice: string; completionId: string; opened: boolean } | undefined;
  private readonly contents = new Map<string, Content>();
  private readonly sessionId: string;
  private readonly rng: Rng;
  private system = '';
  private answering: { interrupted: boolean; speaking: boolean; done: Promise<void> } | undefined;
  private waitingTool: { id: string; resolve: (result: string) => void } | undefined;
  private totals = { inText: 0, inSpeech: 0, outText: 0, outSpeech: 0 };

  constructor(
    private readonly emit: (event: SonicEvent) => Promise<void>,
    private readonly options: SonicOptions,
  ) {
    this.rng = createRng(hashSeed(options.seed, 'sonic'));
    this.sessionId = randomUuid(this.rng);
  }

  /** One input event (the decoded `{"event": {...}}`). Throws SonicInputError on a violation. */
  async input(raw: unknown): Promise<void> {
    const event = isRecord(raw) && isRecord(raw.event) ? raw.event : undefined;
    const name = event && Object.keys(event)[0];
    const body = name && isRecord(event[name]) ? (event[name] as SonicEvent) : undefined;
    if (!name || !body) throw new SonicInputError('Invalid input event: expected {"event": {"<name>": {...}}}.');
    if (this.ended) throw new SonicInputError(`Received ${name} after sessionEnd.`);
    if (!this.started && name !== 'sessionStart') throw new SonicInputError(`The first event must be sessionStart, got ${name}.`);
    switch (name) {
      case 'sessionStart':
        if (this.started) throw new SonicInputError('sessionStart was already received.');
        this.started = true;
        return;
      case 'promptStart': {
        if (this.prompt) throw new SonicInputError('A prompt is already open: send promptEnd first.');
        const promptName = str(body.promptName, 'promptStart.promptName');
        const audio = isRecord(body.audioOutputConfiguration) ? body.audioOutputConfiguration : {};
        const tools = isRecord(body.toolConfiguration) && Array.isArray(body.toolConfiguration.tools) ? body.toolConfiguration.tools : [];
        this.prompt = {
          name: promptName,
          tools: tools.filter(isRecord).map((t) => {
            const spec = isRecord(t.toolSpec) ? t.toolSpec : {};
            return { name: str(spec.name, 'toolSpec.name'), schema: isRecord(spec.inputSchema) ? spec.inputSchema.json : undefined };
          }),
          sampleRate: typeof audio.sampleRateHertz === 'number' ? audio.sampleRateHertz : 24000,
          voice: typeof audio.voiceId === 'string' ? audio.voiceId : 'matthew',
          completionId: randomUuid(this.rng),
          opened: false,
        };
        return;
      }
      case 'contentStart': {
        this.openPrompt(body, 'contentStart');
        const contentName = str(body.contentName, 'contentStart.contentName');
        if (this.contents.has(contentName)) throw new SonicInputError(`Content ${contentName} is already open.`);
        const type = str(body.type, 'contentStart.type');
        if (type !== 'TEXT' && type !== 'AUDIO' && type !== 'TOOL') throw new SonicInputError(`contentStart.type must be TEXT, AUDIO or TOOL, got ${type}.`);
        const audioConfig = isRecord(body.audioInputConfiguration) ? body.audioInputConfiguration : {};
        const toolConfig = isRecord(body.toolResultInputConfiguration) ? body.toolResultInputConfiguration : {};
        this.contents.set(contentName, {
          type,
          role: typeof body.role === 'string' ? body.role : 'USER',
          interactive: body.interactive !== false,
          text: '',
          speech: 0,
          silence: 0,
          sampleRate: typeof audioConfig.sampleRateHertz === 'number' ? audioConfig.sampleRateHertz : 16000,
          toolUseId: typeof toolConfig.toolUseId === 'string' ? toolConfig.toolUseId : undefined,
        });
        return;
      }
      case 'textInput':
      case 'toolResult': {
        const c = this.content(body, name, name === 'textInput' ? 'TEXT' : 'TOOL');
        c.text += str(body.content, `${name}.content`);
        return;
      }
      case 'audioInput': {
        const c = this.content(body, name, 'AUDIO');
        const pcm = Buffer.from(str(body.content, 'audioInput.content'), 'base64');
        this.totals.inSpeech += Math.ceil(pcm.length / 2 / c.sampleRate / 0.02);
        return this.hear(c, pcm);
      }
      case 'contentEnd': {
        const contentName = str(body.contentName, 'contentEnd.contentName');
        const c = this.content(body, name);
        this.contents.delete(contentName);
        return this.contentEnded(c);
      }
      case 'promptEnd': {
        const p = this.openPrompt(body, 'promptEnd');
        if (this.contents.size > 0) throw new SonicInputError(`promptEnd with content still open: ${[...this.contents.keys()].join(', ')}.`);
        if (this.waitingTool) throw new SonicInputError(`promptEnd while the result of tool use ${this.waitingTool.id} is awaited.`);
        await this.answering?.done;
        if (p.opened) await this.send('completionEnd', { stopReason: 'END_TURN' });
        this.prompt = undefined;
        return;
      }
      case 'sessionEnd':
        if (this.prompt) throw new SonicInputError('sessionEnd while a prompt is open: send promptEnd first.');
        this.ended = true;
        return;
      default:
        throw new SonicInputError(`Unknown input event ${name}.`);
    }
  }

  /** The input ended: waits for the answer under way. */
  async end(): Promise<void> {
    await this.answering?.done;
  }

  /** Whether sessionEnd was received. */
  get finished(): boolean {
    return this.ended;
  }

  // ---- input bookkeeping

  private openPrompt(body: SonicEvent, where: string) {
    const name = str(body.promptName, `${where}.promptName`);
    if (!this.prompt || this.prompt.name !== name) throw new SonicInputError(`${where}: no open prompt named ${name}.`);
    return this.prompt;
  }

  private content(body: SonicEvent, where: string, type?: string): Content {
    this.openPrompt(body, where);
    const name = str(body.contentName, `${where}.contentName`);
    const c = this.contents.get(name);
    if (!c) throw new SonicInputError(`${where}: no open content named ${name}.`);
    if (type && c.type !== type) throw new SonicInputError(`${where} in a ${c.type} content (${name}).`);
    return c;
  }

  private async hear(c: Content, pcm: Buffer): Promise<void> {
    const samples = pcm.length >> 1;
    let sum = 0;
    for (let i = 0; i < samples; i++) {
      const s = pcm.readInt16LE(i * 2);
      sum += s * s;
    }
    const loud = samples > 0 && Math.sqrt(sum / samples) >= SPEECH_RMS;
    if (loud) {
      // Barge-in: the user speaks over the answer.
      if (this.answering?.speaking && !this.answering.interrupted) this.answering.interrupted = true;
      c.speech += samples;
      c.silence = 0;
      return;
    }
    if (c.speech === 0) return;
    c.silence += samples;
    if ((c.silence / c.sampleRate) * 1000 >= END_OF_TURN_SILENCE_MS) this.speechTurn(c);
  }

  private async contentEnded(c: Content): Promise<void> {
    if (c.type === 'AUDIO') {
      if (c.speech > 0) this.speechTurn(c);
      return;
    }
    if (c.type === 'TOOL') {
      const w = this.waitingTool;
      if (w && (c.toolUseId === undefined || c.toolUseId === w.id)) {
        this.waitingTool = undefined;
        w.resolve(c.text);
      }
      return;
    }
    this.totals.inText += words(c.text);
    if (c.role === 'SYSTEM') this.system = c.text;
    else if (c.role === 'USER' && c.interactive) this.turn(c.text, undefined);
  }

  private speechTurn(c: Content): void {
    const seconds = c.speech / c.sampleRate;
    c.speech = 0;
    c.silence = 0;
    this.turn(`(${seconds.toFixed(1)} seconds of speech)`, seconds);
  }

  // ---- answers

  private turn(text: string, speechSeconds: number | undefined): void {
    const previous = this.answering?.done ?? Promise.resolve();
    const state = { interrupted: false, speaking: false, done: Promise.resolve() };
    state.done = previous.then(() => this.answer(text, speechSeconds, state));
    this.answering = state;
  }

  private async answer(text: string, speechSeconds: number | undefined, state: { interrupted: boolean; speaking: boolean }): Promise<void> {
    const p = this.prompt;
    if (!p) return;
    if (!p.opened) {
      p.opened = true;
      await this.send('completionStart', {});
    }
    const heard = speechSeconds === undefined ? text : `I heard ${speechSeconds.toFixed(1)} seconds of speech`;
    if (speechSeconds !== undefined) {
      // The transcript of what the user said, first and FINAL.
      await this.block('TEXT', 'USER', 'FINAL', [{ textOutput: { content: text, role: 'USER' } }], 'END_TURN');
    }
    let answer = `You said: ${heard.replace(/[.!?]+$/, "")}.`;
    const tool = p.tools[0];
    if (tool) {
      const toolUseId = randomUuid(this.rng);
      const input = toolInput(tool.schema, heard);
      const result = new Promise<string>((resolve) => (this.waitingTool = { id: toolUseId, resolve }));
      await this.block('TOOL', 'TOOL', 'FINAL', [{ toolUse: { toolName: tool.name, toolUseId, content: JSON.stringify(input) } }], 'TOOL_USE', {
        toolUseOutputConfiguration: { mediaType: 'application/json' },
      });
      answer = `The ${tool.name} tool says: ${await result}.`;
    }
    this.totals.outText += words(answer);
    await this.block('TEXT', 'ASSISTANT', 'SPECULATIVE', [{ textOutput: { content: answer, role: 'ASSISTANT' } }], 'PARTIAL_TURN');

    // Speech: one tone per word, sent in 100 ms chunks; barge-in stops it between chunks.
    const audio = synthesize(answer, p.sampleRate, this.options.wordMs ?? 240, this.options.seed);
    const contentId = randomUuid(this.rng);
    await this.send('contentStart', {
      contentId,
      type: 'AUDIO',
      role: 'ASSISTANT',
      additionalModelFields: JSON.stringify({ generationStage: 'FINAL' }),
      audioOutputConfiguration: { mediaType: 'audio/lpcm', sampleRateHertz: p.sampleRate, sampleSizeBits: 16, channelCount: 1, encoding: 'base64', audioType: 'SPEECH', voiceId: p.voice },
    });
    state.speaking = true;
    const step = Math.round((p.sampleRate * AUDIO_CHUNK_MS) / 1000) * 2;
    for (let at = 0; at < audio.length && !state.interrupted; at += step) {
      const chunk = audio.subarray(at, at + step);
      this.totals.outSpeech += 1;
      await this.send('audioOutput', { contentId, content: chunk.toString('base64') });
    }
    state.speaking = false;
    const interrupted = state.interrupted;
    await this.send('contentEnd', { contentId, type: 'AUDIO', stopReason: interrupted ? 'INTERRUPTED' : 'END_TURN' });
    if (interrupted) {
      await this.block('TEXT', 'ASSISTANT', 'FINAL', [{ textOutput: { content: '{ "interrupted" : true }', role: 'ASSISTANT' } }], 'INTERRUPTED');
    } else {
      await this.block('TEXT', 'ASSISTANT', 'FINAL', [{ textOutput: { content: answer, role: 'ASSISTANT' } }], 'END_TURN');
    }
    await this.usage();
  }

  /** contentStart, the events, contentEnd, all with one content id. */
  private async block(type: string, role: string, stage: string, events: Record<string, SonicEvent>[], stopReason: string, extra: SonicEvent = {}): Promise<void> {
    const contentId = randomUuid(this.rng);
    const config = type === 'TEXT' ? { textOutputConfiguration: { mediaType: 'text/plain' } } : {};
    await this.send('contentStart', { contentId, type, role, additionalModelFields: JSON.stringify({ generationStage: stage }), ...config, ...extra });
    for (const e of events) {
      const [name] = Object.keys(e);
      await this.send(name, { contentId, ...e[name] });
    }
    await this.send('contentEnd', { contentId, type, stopReason });
  }

  private async usage(): Promise<void> {
    const t = this.totals;
    const input = { speechTokens: t.inSpeech, textTokens: t.inText };
    const output = { speechTokens: t.outSpeech, textTokens: t.outText };
    await this.send('usageEvent', {
      details: { delta: { input, output }, total: { input, output } },
      totalInputTokens: t.inSpeech + t.inText,
      totalOutputTokens: t.outSpeech + t.outText,
      totalTokens: t.inSpeech + t.inText + t.outSpeech + t.outText,
    });
  }

  private send(name: string, fields: SonicEvent): Promise<void> {
    const p = this.prompt;
    return this.emit({ event: { [name]: { sessionId: this.sessionId, promptName: p?.name, completionId: p?.completionId, ...fields } } });
  }
}

function str(v: unknown, field: string): string {
  if (typeof v !== 'string') throw new SonicInputError(`${field} must be a string.`);
  return v;
}

function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** Arguments for a tool: every string property of its JSON schema gets the user's words. */
function toolInput(schema: unknown, text: string): Record<string, unknown> {
  let parsed: unknown = schema;
  if (typeof schema === 'string') {
    try {
      parsed = JSON.parse(schema);
    } catch {
      parsed = undefined;
    }
  }
  const out: Record<string, unknown> = {};
  const props = isRecord(parsed) && isRecord(parsed.properties) ? parsed.properties : {};
  for (const [k, v] of Object.entries(props)) if (isRecord(v) && v.type === 'string') out[k] = text;
  return out;
}

/** 16-bit mono LPCM: a soft tone per word (pitch from the word), 20 % of each word silent. */
export function synthesize(text: string, sampleRate: number, wordMs: number, seed: number): Buffer {
  const list = text.split(/\s+/).filter(Boolean);
  const perWord = Math.round((sampleRate * wordMs) / 1000);
  const out = Buffer.alloc(list.length * perWord * 2);
  list.forEach((word, w) => {
    const hz = 180 + (hashSeed(seed, word) % 220);
    const voiced = Math.round(perWord * 0.8);
    for (let i = 0; i < voiced; i++) {
      const fade = Math.min(1, i / 200, (voiced - i) / 200);
      out.writeInt16LE(Math.round(8000 * fade * Math.sin((2 * Math.PI * hz * i) / sampleRate)), (w * perWord + i) * 2);
    }
  });
  return out;
}
