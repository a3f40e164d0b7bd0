// Reads the recorded Bedrock captures (test/fixtures/recorded) into the inputs codecs see:
// InvokeModelWithResponseStream chunk JSON, or ConverseStream (event type, JSON) pairs.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { EventStreamDecoder } from '../../src/eventstream/index.js';

export const RECORDED = new URL('../fixtures/recorded/', import.meta.url).pathname;

export interface Capture {
  folder: string;
  name: string;
  sidecar: {
    request?: { operation?: string; model_id?: string };
    stream?: { final_text?: string; tool_input_json?: string; reasoning_text?: string };
  };
  /** `:event-type` and parsed payload of each event frame (exception frames are not events). */
  events: { eventType: string; data: Record<string, unknown> }[];
}

const text = new TextDecoder();

export function loadCaptures(folder: string): Capture[] {
  const dir = join(RECORDED, folder);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.bin'))
    .sort()
    .map((file) => {
      const name = file.slice(0, -4);
      const sidecar = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as Capture['sidecar'];
      const decoder = new EventStreamDecoder();
      const messages = decoder.push(readFileSync(join(dir, file)));
      decoder.end();
      const events: Capture['events'] = [];
      for (const m of messages) {
        const type = m.headers[':message-type'];
        if (type?.type !== 'string' || type.value !== 'event') continue;
        const eventType = m.headers[':event-type'];
        events.push({
          eventType: eventType?.type === 'string' ? eventType.value : '',
          data: JSON.parse(text.decode(m.payload)) as Record<string, unknown>,
        });
      }
      return { folder, name, sidecar, events };
    });
}

/** The model JSON inside each `chunk` frame (`{"bytes": base64, "p": padding}`). */
export function chunksOf(capture: Capture): Record<string, unknown>[] {
  return capture.events
    .filter((e) => e.eventType === 'chunk')
    .map((e) => JSON.parse(Buffer.from(String(e.data.bytes), 'base64').toString('utf8')) as Record<string, unknown>);
}
