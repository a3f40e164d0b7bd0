import type { Fault, InjectOptions, Operation } from './types.js';

const STREAM_ONLY = new Set<Fault['kind']>(['exception', 'errorFrame', 'stall', 'corruptCrc', 'oversized', 'replay']);
const STREAMING = new Set<string>(['invoke-with-response-stream', 'converse-stream', 'invoke-with-bidirectional-stream']);

interface Entry {
  fault: Fault;
  left: number;
  operation?: string;
  modelId?: string;
}

/** Injected faults, consumed by matching requests: at most one fault of each kind per request. */
export class FaultQueue {
  private entries: Entry[] = [];

  add(fault: Fault, options: InjectOptions = {}): void {
    validate(fault);
    const times = options.times ?? 1;
    if (!(times > 0)) throw new TypeError('inject: times must be > 0');
    this.entries.push({ fault, left: times, operation: options.operation, modelId: options.modelId });
  }

  clear(): void {
    this.entries = [];
  }

  /** Takes the faults for one request (decrementing their counts). */
  take(operation: Operation, modelId: string): Fault[] {
    const out: Fault[] = [];
    const kinds = new Set<string>();
    for (const e of this.entries) {
      if (kinds.has(e.fault.kind) || !applies(e.fault, operation)) continue;
      if (e.operation !== undefined && e.operation !== operation) continue;
      if (e.modelId !== undefined && e.modelId !== modelId) continue;
      kinds.add(e.fault.kind);
      out.push(e.fault);
      e.left--;
    }
    this.entries = this.entries.filter((e) => e.left > 0);
    return out;
  }
}

export function applies(fault: Fault, operation: Operation): boolean {
  return !STREAM_ONLY.has(fault.kind) || STREAMING.has(operation);
}

/** Parses `x-emulator-fault`: a Fault or an array of them, as JSON; a replay body as base64. */
export function parseFaultHeader(value: string): Fault[] {
  const raw: unknown = JSON.parse(value);
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((f) => {
    const fault = { ...(f as Record<string, unknown>) };
    if (fault.kind === 'replay' && typeof fault.body === 'string') fault.body = new Uint8Array(Buffer.from(fault.body, 'base64'));
    validate(fault as unknown as Fault);
    return fault as unknown as Fault;
  });
}

/** Bounds of each knob: one request must not hold the emulator (or the test run) for long. */
const MAX_EVENTS = 1_000_000;
const MAX_DELAY_MS = 600_000;
const MAX_BYTES = 2 ** 32 - 1; // a prelude's length field

function validate(f: Fault): void {
  const num = (v: unknown, max = MAX_EVENTS) => typeof v === 'number' && v >= 0 && v <= max;
  const ok = (() => {
    switch (f?.kind) {
      case 'status':
        return num(f.status, 599) && f.status >= 100 && typeof f.errorType === 'string' && (f.retryAfterSeconds === undefined || num(f.retryAfterSeconds, 3600));
      case 'exception':
        return num(f.afterEvents) && typeof f.exceptionType === 'string';
      case 'errorFrame':
        return num(f.afterEvents) && typeof f.errorCode === 'string' && typeof f.errorMessage === 'string';
      case 'reset':
        return num(f.afterBytes, MAX_BYTES);
      case 'stall':
      case 'corruptCrc':
        return num(f.afterEvents);
      case 'oversized':
        return num(f.afterEvents) && num(f.bytes, MAX_BYTES);
      case 'delay':
        return num(f.perChunkMs, 60_000) && (f.firstByteMs === undefined || num(f.firstByteMs, MAX_DELAY_MS));
      case 'replay':
        return f.body instanceof Uint8Array;
      default:
        return false;
    }
  })();
  if (!ok) throw new TypeError(`invalid emulator fault: ${JSON.stringify(f)?.slice(0, 200)}`);
}
