// Reading the service's JSON, which is untrusted: a field of the wrong type reads as absent.

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object, or `{}` so its fields can be read without another check. */
export function record(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A string field; anything else is `undefined`. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Ids and names, which decoders keep as `''` when the service leaves them out. */
export function asText(value: unknown): string {
  return String(value ?? '');
}
