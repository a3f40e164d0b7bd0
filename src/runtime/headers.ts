// The HTTP headers Bedrock Runtime defines, out of an input, and the metadata back out of a response.
// Names from the AWS SDK's schemas (client-bedrock-runtime, schemas_0.js).
import type { InvokeModelInput, InvokeModelOutput } from './types.js';

export const EVENT_STREAM = 'application/vnd.amazon.eventstream';
export const JSON_TYPE = 'application/json';

export function invokeHeaders(input: InvokeModelInput, stream: boolean): Record<string, string> {
  const h: Record<string, string> = { 'content-type': input.contentType ?? JSON_TYPE };
  if (stream) {
    h.accept = EVENT_STREAM;
    h['x-amzn-bedrock-accept'] = input.accept ?? JSON_TYPE;
  } else {
    h.accept = input.accept ?? JSON_TYPE;
  }
  if (input.trace !== undefined) h['x-amzn-bedrock-trace'] = input.trace;
  if (input.guardrailIdentifier !== undefined) h['x-amzn-bedrock-guardrailidentifier'] = input.guardrailIdentifier;
  if (input.guardrailVersion !== undefined) h['x-amzn-bedrock-guardrailversion'] = input.guardrailVersion;
  if (input.performanceConfigLatency !== undefined) h['x-amzn-bedrock-performanceconfig-latency'] = input.performanceConfigLatency;
  if (input.serviceTier !== undefined) h['x-amzn-bedrock-service-tier'] = input.serviceTier;
  return h;
}

export function jsonHeaders(stream: boolean): Record<string, string> {
  return { 'content-type': JSON_TYPE, accept: stream ? EVENT_STREAM : JSON_TYPE };
}

function count(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** InvokeModel's response metadata (the body and attempts are the caller's). */
export function invokeMetadata(headers: Record<string, string>): Omit<InvokeModelOutput, 'body' | 'attempts'> {
  const out: Omit<InvokeModelOutput, 'body' | 'attempts'> = {
    contentType: headers['content-type'] ?? JSON_TYPE,
    requestId: headers['x-amzn-requestid'] ?? '',
  };
  const input = count(headers['x-amzn-bedrock-input-token-count']);
  const output = count(headers['x-amzn-bedrock-output-token-count']);
  if (input !== undefined) out.inputTokenCount = input;
  if (output !== undefined) out.outputTokenCount = output;
  const latency = headers['x-amzn-bedrock-performanceconfig-latency'];
  const tier = headers['x-amzn-bedrock-service-tier'];
  if (latency !== undefined) out.performanceConfigLatency = latency;
  if (tier !== undefined) out.serviceTier = tier;
  return out;
}
