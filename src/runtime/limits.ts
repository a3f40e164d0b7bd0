// Every limit the client has, checked once when the client is made: a wrong value is a
// `ConfigurationError` naming the option, never a silent default (Node turns a timer over 2^31-1 ms
// into 1 ms; -1 or "abc" would switch stall protection off). And the deadline that bounds a call.
import { ConfigurationError, TimeoutError } from '../errors.js';
import type { TimeoutPhase } from '../errors.js';
import { abortReason, onAbort } from './abort.js';

/** The longest delay a timer can hold (Node: larger values fire after 1 ms). */
export const MAX_DELAY_MS = 2_147_483_647;
export const MAX_ATTEMPTS = 100;
/** Default `maxResponseBytes`: far above any real answer. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

type Obj = Record<string, unknown>;

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

/** An integer option in [min, max], or undefined. The value is quoted only when it is a number. */
function int(owner: Obj | undefined, key: string, path: string, min: number, max: number): void {
  const v = owner?.[key];
  if (v === undefined) return;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new ConfigurationError(`${path}: expected an integer from ${min} to ${max}, got ${typeof v === 'number' ? v : typeName(v)}`);
  }
}

function object(owner: Obj, key: string): Obj | undefined {
  const v = owner[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ConfigurationError(`${key}: expected an object, got ${typeName(v)}`);
  return v as Obj;
}

/** Checks the client options' types and ranges before anything reads them. */
export function checkOptions(options: unknown): void {
  if (typeof options !== 'object' || options === null) throw new ConfigurationError(`options: expected an object, got ${typeName(options)}`);
  const o = options as Obj;
  // Strings are never quoted back: some of them are secrets.
  for (const key of ['region', 'apiKey', 'profile', 'authMode']) {
    if (o[key] !== undefined && typeof o[key] !== 'string') throw new ConfigurationError(`${key}: expected a string, got ${typeName(o[key])}`);
  }
  const c = o.credentials;
  if (c !== undefined && typeof c !== 'function' && (typeof c !== 'object' || c === null)) {
    throw new ConfigurationError(`credentials: expected { accessKeyId, secretAccessKey } or a provider function, got ${typeName(c)}`);
  }
  if (typeof c === 'object' && c) {
    for (const key of ['accessKeyId', 'secretAccessKey', 'sessionToken']) {
      const v = (c as Obj)[key];
      if (v !== undefined && typeof v !== 'string') throw new ConfigurationError(`credentials.${key}: expected a string, got ${typeName(v)}`);
    }
  }
  if (o.endpoint !== undefined && typeof o.endpoint !== 'string' && !(o.endpoint instanceof URL)) {
    throw new ConfigurationError(`endpoint: expected a URL string, got ${typeName(o.endpoint)}`);
  }
  int(o, 'maxAttempts', 'maxAttempts', 1, MAX_ATTEMPTS);
  int(o, 'maxResponseBytes', 'maxResponseBytes', 1, 2 ** 31 - 1);
  const t = object(o, 'timeouts');
  for (const k of ['connectMs', 'firstByteMs', 'idleMs', 'totalMs', 'streamMs']) int(t, k, `timeouts.${k}`, 0, MAX_DELAY_MS);
  const r = object(o, 'retry');
  for (const k of ['baseDelayMs', 'maxDelayMs', 'maxRetryAfterMs']) int(r, k, `retry.${k}`, 0, MAX_DELAY_MS);
}

export interface Deadline {
  /** Aborts when the caller's signal does (with its reason) or when the time is up (`TimeoutError`). */
  signal: AbortSignal | undefined;
  /** Stops the timer and lets go of the caller's signal. */
  clear(): void;
}

/**
 * The signal `deadline` hands the transport: the members of `AbortSignal` the runtime reads
 * (`aborted`, `reason`, `addEventListener` / `removeEventListener` of `'abort'`, through
 * `onAbort`), without an `AbortController`. Node makes the first listener on a fresh `AbortSignal`
 * cost ~5 µs (it registers the signal for its GC bookkeeping), about a twentieth of a small
 * request's whole client CPU; this costs nothing. It never leaves the runtime: `fetch` gets an
 * AbortController's signal of the fetch transport's own.
 */
class TimeLimit {
  aborted = false;
  reason: unknown = undefined;
  #listeners: Array<() => void> = [];
  addEventListener(_type: 'abort', fn: () => void): void {
    if (!this.aborted) this.#listeners.push(fn);
  }
  removeEventListener(_type: 'abort', fn: () => void): void {
    const i = this.#listeners.indexOf(fn);
    if (i >= 0) this.#listeners.splice(i, 1);
  }
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    for (const fn of this.#listeners.splice(0)) fn();
  }
}

/** The caller's `signal`, plus a time limit of `ms` (0 = none) that fails with `TimeoutError(phase)`. */
export function deadline(signal: AbortSignal | undefined, ms: number, phase: TimeoutPhase): Deadline {
  if (!(ms > 0)) return { signal, clear() {} };
  const limit = new TimeLimit();
  const timer = setTimeout(() => limit.abort(new TimeoutError(phase, ms)), ms);
  const off = onAbort(signal, () => limit.abort(abortReason(signal!)));
  return {
    signal: limit as unknown as AbortSignal,
    clear() {
      clearTimeout(timer);
      off();
    },
  };
}
