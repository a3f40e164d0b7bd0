// The emulator's own limits: users run it inside their test suites, so nothing a request asks for
// may hold it (or their process) hostage. Every limit has a default and an option.
import type { ServiceError } from './errors.js';
import type { EmulatorRequest } from './types.js';

/**
 * AWS's limit on an InvokeModel body (API reference: `body`, maximum length 25,000,000); the
 * emulator applies it to every operation. Option `maxBodyBytes`.
 */
export const DEFAULT_MAX_BODY_BYTES = 25_000_000;
/** Requests kept in `emulator.requests` (the oldest are dropped first). Option `maxLoggedRequests`. */
export const DEFAULT_MAX_LOGGED_REQUESTS = 1000;
/** node:http's default `headersTimeout`: a socket that sends no complete head in time is closed. */
export const DEFAULT_HEADERS_TIMEOUT_MS = 60_000;
/** Words a reply may have (`outputWords`, `x-emulator-output-words`): ~0.7 MB of text. Option `maxOutputWords`. */
export const MAX_OUTPUT_WORDS = 100_000;
/** The largest `maxOutputWords` accepted: ~350 MB of text, for benchmarks that stream long answers. */
const MAX_OUTPUT_WORDS_CEILING = 50_000_000;

/** A body past the limit: answered 413 without reading the rest, the connection closed. */
export class TooLarge extends Error implements ServiceError {
  readonly status = 413;
  readonly type = 'ValidationException';
  constructor(max: number) {
    super(`Request body is larger than the emulator's limit of ${max} bytes (maxBodyBytes).`);
  }
}

export function bodyLimit(option: number | undefined): number {
  return option === undefined ? DEFAULT_MAX_BODY_BYTES : option;
}

/** Appends to the request log, dropping the oldest entries past `max` (a ring, kept as an array). */
export function logRequest(log: EmulatorRequest[], record: EmulatorRequest, max = DEFAULT_MAX_LOGGED_REQUESTS): void {
  if (max <= 0) return;
  log.push(record);
  if (log.length > max) log.splice(0, log.length - max);
}

/** `x-emulator-output-words` / `outputWords`: undefined (the seeded default), a count, or an error past the bound. */
export function boundedWords(raw: unknown, max = MAX_OUTPUT_WORDS): number | undefined | Error {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) return undefined;
  if (n > max) return new Error(`x-emulator-output-words: at most ${max} (maxOutputWords), got ${n}`);
  return Math.floor(n);
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|::1|::ffff:127(?:\.\d{1,3}){3})$/i;

/** Binding beyond loopback exposes an unauthenticated-by-default test server: say so. */
export function warnIfExposed(host: string): void {
  if (LOOPBACK.test(host)) return;
  process.emitWarning(
    `the Bedrock emulator is listening on ${host}, reachable from other machines: it is a test server with well-known credentials, not a secure service`,
    { code: 'BEDROCK_EMULATOR_EXPOSED' },
  );
}

/** Options checked when the emulator starts (a TypeError naming the option, as for `inject`). */
export function checkEmulatorOptions(o: Record<string, unknown>): void {
  const int = (key: string, min: number, max: number) => {
    const v = o[key];
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)) {
      throw new TypeError(`startEmulator: ${key} must be an integer from ${min} to ${max}`);
    }
  };
  int('maxBodyBytes', 1, 2 ** 31 - 1);
  int('maxLoggedRequests', 0, 10_000_000);
  int('headersTimeoutMs', 0, 2_147_483_647);
  int('maxOutputWords', 1, MAX_OUTPUT_WORDS_CEILING);
  const maxWords = (o.maxOutputWords as number | undefined) ?? MAX_OUTPUT_WORDS;
  int('outputWords', 1, maxWords);
}
