// Hand-written Nova Sonic input events for the wire tests (the typed session in src/sonic builds
// the same sequence for users).
export const SONIC = 'amazon.nova-sonic-v1:0';

export function sessionEvents(opts: { text?: string; audio?: Uint8Array[]; tools?: boolean; prompt?: string } = {}): object[] {
  const promptName = opts.prompt ?? 'prompt-1';
  const out: object[] = [
    { event: { sessionStart: { inferenceConfiguration: { maxTokens: 1024, topP: 0.9, temperature: 0.7 } } } },
    {
      event: {
        promptStart: {
          promptName,
          textOutputConfiguration: { mediaType: 'text/plain' },
          audioOutputConfiguration: { mediaType: 'audio/lpcm', sampleRateHertz: 24000, sampleSizeBits: 16, channelCount: 1, voiceId: 'matthew', encoding: 'base64', audioType: 'SPEECH' },
          ...(opts.tools
            ? { toolUseOutputConfiguration: { mediaType: 'application/json' }, toolConfiguration: { tools: [{ toolSpec: { name: 'weather', description: 'The weather', inputSchema: { json: JSON.stringify({ type: 'object', properties: { city: { type: 'string' } } }) } } }] } }
            : {}),
        },
      },
    },
    ...content(promptName, 'system-1', 'TEXT', 'SYSTEM', false, [{ textInput: { content: 'You are brief.' } }]),
  ];
  if (opts.text !== undefined) out.push(...content(promptName, 'user-1', 'TEXT', 'USER', true, [{ textInput: { content: opts.text } }]));
  if (opts.audio) {
    out.push(
      ...content(
        promptName,
        'audio-1',
        'AUDIO',
        'USER',
        true,
        opts.audio.map((pcm) => ({ audioInput: { content: Buffer.from(pcm).toString('base64') } })),
      ),
    );
  }
  return out;
}

export function content(promptName: string, contentName: string, type: string, role: string, interactive: boolean, events: Record<string, object>[], extra: object = {}): object[] {
  const config =
    type === 'AUDIO'
      ? { audioInputConfiguration: { mediaType: 'audio/lpcm', sampleRateHertz: 16000, sampleSizeBits: 16, channelCount: 1, audioType: 'SPEECH', encoding: 'base64' } }
      : type === 'TEXT'
        ? { textInputConfiguration: { mediaType: 'text/plain' } }
        : {};
  return [
    { event: { contentStart: { promptName, contentName, type, interactive, role, ...config, ...extra } } },
    ...events.map((e) => {
      const [name] = Object.keys(e);
      return { event: { [name]: { promptName, contentName, ...(e[name] as object) } } };
    }),
    { event: { contentEnd: { promptName, contentName } } },
  ];
}

export const closing = (promptName = 'prompt-1'): object[] => [{ event: { promptEnd: { promptName } } }, { event: { sessionEnd: {} } }];

/** 16 kHz 16-bit mono: `ms` of a 300 Hz tone (speech to the emulator) or silence, in 32 ms frames. */
export function pcmFrames(ms: number, loud: boolean): Uint8Array[] {
  const frames: Uint8Array[] = [];
  const perFrame = 512; // 32 ms at 16 kHz
  let t = 0;
  for (let left = Math.round((ms * 16000) / 1000); left > 0; left -= perFrame) {
    const n = Math.min(perFrame, left);
    const b = Buffer.alloc(n * 2);
    for (let i = 0; i < n; i++, t++) b.writeInt16LE(loud ? Math.round(6000 * Math.sin((2 * Math.PI * 300 * t) / 16000)) : 0, i * 2);
    frames.push(new Uint8Array(b));
  }
  return frames;
}

/** The output events of a session, decoded from the chunk bytes. */
export function decodeOutput(chunks: Uint8Array[]): { name: string; body: any }[] {
  return chunks.map((c) => {
    const { event } = JSON.parse(new TextDecoder().decode(c));
    const [name] = Object.keys(event);
    return { name, body: event[name] };
  });
}
