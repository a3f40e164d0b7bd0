// Every recorded response, through the provider (runtime, framing, codecs): a fetch answers each
// call with the recorded status, headers and body. 200s decode to values read independently from
// the recording (frames by the smithy codec, the JSON by hand here); errors map to their typed
// class with status, request id and the service's message.
import { describe, expect, it } from 'vitest';
import type { LLMRequest, LLMResponse, StreamChunk } from '../../src/codecs/index.js';
import { BedrockError, ModelNotFoundError, ValidationError } from '../../src/errors.js';
import { BedrockProvider } from '../../src/provider/index.js';
import { smithy } from '../eventstream/oracle.js';
import { GENERATION, header, recordedRequests, requestJson, responseBytes, type Recorded } from './fixtures.js';
import { liftAnthropic, liftConverse, liftJamba, liftNova, liftPrompt } from './lift.js';

type Obj = Record<string, any>;

function provider(r: Recorded): BedrockProvider {
  const fetch = (async () =>
    new Response(responseBytes(r).slice(), {
      status: r.response.status,
      headers: Object.entries(r.response.headers).filter(([, v]) => typeof v === 'string') as [string, string][],
    })) as typeof globalThis.fetch;
  return new BedrockProvider(
    { region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-example-000000000000000000000' }, maxAttempts: 1, api: r.family === 'converse' ? 'converse' : 'invoke' },
    { env: {}, fetch },
  );
}

function requestFor(r: Recorded): LLMRequest {
  const body = requestJson(r);
  const f = r.family;
  const lifted =
    f === 'converse' ? liftConverse(body, r.model_id) : f === 'anthropic' ? liftAnthropic(body, r.model_id) : f === 'nova' ? liftNova(body, r.model_id)
    : f === 'jamba' ? liftJamba(body, r.model_id) : liftPrompt(f, body, r.model_id);
  const req = 'request' in lifted ? lifted.request : { model: r.model_id, messages: [{ role: 'user' as const, content: 'x' }] };
  // The family the recorder called, for application-profile ARNs.
  const family = { 'cohere-command': 'cohere', 'cohere-r': 'cohere' }[f as string] ?? (f === 'converse' ? undefined : f);
  return family ? { ...req, family: family as LLMRequest['family'] } : req;
}

/** What the recording says, read without the codecs. */
interface Expected {
  text: string;
  tools: string[];
  signatures: string[];
  redacted: number;
  input?: number;
  output?: number;
  cacheRead?: number;
  cacheWrite?: number;
  stop?: string;
}

const FINISH: Record<string, string> = {
  end_turn: 'stop', stop_sequence: 'stop', stop: 'stop', complete: 'stop', finish: 'stop', finished: 'stop', max_tokens: 'length', length: 'length',
  tool_use: 'tool_calls', tool_calls: 'tool_calls', guardrail_intervened: 'content_filter', content_filtered: 'content_filter', error_toxic: 'content_filter',
};

function converseBlocks(content: Obj[], e: Expected): void {
  for (const b of content) {
    if (typeof b.text === 'string') e.text += b.text;
    if (b.citationsContent) for (const c of b.citationsContent.content ?? []) e.text += c.text ?? '';
    if (b.toolUse) e.tools.push(b.toolUse.name);
    if (b.reasoningContent?.reasoningText?.signature) e.signatures.push(b.reasoningContent.reasoningText.signature);
    if (b.reasoningContent?.redactedContent) e.redacted++;
  }
}

function anthropicBlocks(content: Obj[], e: Expected): void {
  for (const b of content) {
    if (b.type === 'text') e.text += b.text;
    if (b.type === 'tool_use') e.tools.push(b.name);
    if (b.type === 'thinking' && b.signature) e.signatures.push(b.signature);
    if (b.type === 'redacted_thinking') e.redacted++;
  }
}

/** A whole JSON body, per the shape the recording has. */
function expectBody(family: string, j: Obj, h: Record<string, string>): Expected {
  const e: Expected = { text: '', tools: [], signatures: [], redacted: 0 };
  if (j.output?.message) {
    converseBlocks(j.output.message.content, e);
    Object.assign(e, { input: j.usage?.inputTokens, output: j.usage?.outputTokens, cacheRead: j.usage?.cacheReadInputTokens ?? j.usage?.cacheReadInputTokenCount, cacheWrite: j.usage?.cacheWriteInputTokens ?? j.usage?.cacheWriteInputTokenCount, stop: j.stopReason });
  } else if (Array.isArray(j.content)) {
    anthropicBlocks(j.content, e);
    Object.assign(e, { input: j.usage?.input_tokens, output: j.usage?.output_tokens, cacheRead: j.usage?.cache_read_input_tokens, cacheWrite: j.usage?.cache_creation_input_tokens, stop: j.stop_reason });
  } else if (typeof j.completion === 'string') Object.assign(e, { text: j.completion, stop: j.stop_reason });
  else if (Array.isArray(j.results)) Object.assign(e, { text: j.results[0].outputText, input: j.inputTextTokenCount, output: j.results[0].tokenCount, stop: j.results[0].completionReason });
  else if (typeof j.generation === 'string') Object.assign(e, { text: j.generation, input: j.prompt_token_count, output: j.generation_token_count, stop: j.stop_reason });
  else if (Array.isArray(j.outputs)) Object.assign(e, { text: j.outputs[0].text, stop: j.outputs[0].stop_reason });
  else if (Array.isArray(j.generations)) Object.assign(e, { text: j.generations[0].text, stop: j.generations[0].finish_reason });
  else if (Array.isArray(j.choices)) Object.assign(e, { text: j.choices[0].message.content ?? '', input: j.usage?.prompt_tokens, output: j.usage?.completion_tokens, stop: j.choices[0].finish_reason });
  else if (typeof j.text === 'string') {
    Object.assign(e, { text: j.text, stop: j.finish_reason });
    for (const c of j.tool_calls ?? []) e.tools.push(c.name);
  }
  // Counts the body lacks are in the headers.
  const hin = header(h, 'x-amzn-bedrock-input-token-count');
  const hout = header(h, 'x-amzn-bedrock-output-token-count');
  if (e.input === undefined && hin !== undefined) e.input = Number(hin);
  if (e.output === undefined && hout !== undefined) e.output = Number(hout);
  void family;
  return e;
}

/** A stream, frames decoded by the smithy codec and read per shape. */
function expectStream(bytes: Uint8Array): Expected {
  const e: Expected = { text: '', tools: [], signatures: [], redacted: 0 };
  let at = 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let signature = '';
  while (at < bytes.length) {
    const len = view.getUint32(at);
    const m = smithy.decode(bytes.subarray(at, at + len));
    at += len;
    const type = m.headers[':event-type']?.value as string;
    const payload = JSON.parse(new TextDecoder().decode(m.body)) as Obj;
    const j: Obj = type === 'chunk' ? JSON.parse(Buffer.from(payload.bytes, 'base64').toString('utf8')) : { [type]: payload };
    const metrics = j['amazon-bedrock-invocationMetrics'];
    if (metrics) Object.assign(e, { input: metrics.inputTokenCount, output: metrics.outputTokenCount, cacheRead: metrics.cacheReadInputTokenCount ?? e.cacheRead, cacheWrite: metrics.cacheWriteInputTokenCount ?? e.cacheWrite });
    // Converse-shaped (ConverseStream events, Nova chunks)
    if (j.contentBlockDelta) {
      const d = j.contentBlockDelta.delta;
      if (typeof d.text === 'string') e.text += d.text;
      if (d.reasoningContent?.signature) signature += d.reasoningContent.signature;
      if (d.reasoningContent?.redactedContent) e.redacted++;
    }
    if (j.contentBlockStart?.start?.toolUse) e.tools.push(j.contentBlockStart.start.toolUse.name);
    if (j.contentBlockStop && signature) e.signatures.push(signature), (signature = '');
    if (j.messageStop) e.stop = j.messageStop.stopReason;
    if (j.metadata?.usage) Object.assign(e, { input: j.metadata.usage.inputTokens, output: j.metadata.usage.outputTokens, cacheRead: j.metadata.usage.cacheReadInputTokens ?? j.metadata.usage.cacheReadInputTokenCount, cacheWrite: j.metadata.usage.cacheWriteInputTokens ?? j.metadata.usage.cacheWriteInputTokenCount });
    // Anthropic Messages events
    if (j.type === 'content_block_start' && j.content_block.type === 'tool_use') e.tools.push(j.content_block.name);
    if (j.type === 'content_block_start' && j.content_block.type === 'text') e.text += j.content_block.text ?? '';
    if (j.type === 'content_block_delta' && j.delta.type === 'text_delta') e.text += j.delta.text;
    if (j.type === 'content_block_delta' && j.delta.type === 'signature_delta') signature += j.delta.signature;
    if (j.type === 'content_block_stop' && signature) e.signatures.push(signature), (signature = '');
    if (j.type === 'message_delta') e.stop = j.delta.stop_reason;
    // Prompt families
    if (typeof j.completion === 'string') (e.text += j.completion), (e.stop = j.stop_reason ?? e.stop);
    if (typeof j.outputText === 'string') (e.text += j.outputText), (e.stop = j.completionReason ?? e.stop);
    if (typeof j.generation === 'string') (e.text += j.generation), (e.stop = j.stop_reason ?? e.stop);
    if (Array.isArray(j.outputs)) (e.text += j.outputs[0].text), (e.stop = j.outputs[0].stop_reason ?? e.stop);
    if (Array.isArray(j.choices)) (e.text += j.choices[0].delta?.content ?? ''), (e.stop = j.choices[0].finish_reason ?? e.stop);
    if (Array.isArray(j.generations)) (e.text += j.generations[0].text), (e.stop = j.generations[0].finish_reason ?? e.stop);
    if (j.event_type === 'text-generation') e.text += j.text;
    if (j.event_type === 'stream-end') e.stop = j.finish_reason;
    if (j.event_type === undefined && typeof j.text === 'string' && (j.index === undefined || j.index === 0) && !j.generations) (e.text += j.text), (e.stop = j.finish_reason ?? e.stop);
  }
  return e;
}

function check(res: LLMResponse, e: Expected): void {
  expect(res.content).toBe(e.text);
  expect(res.toolCalls.map((c) => c.name)).toEqual(e.tools);
  const parts = res.parts ?? [];
  expect(parts.filter((p) => p.type === 'reasoning' && p.signature).map((p) => (p as { signature: string }).signature)).toEqual(e.signatures);
  expect(parts.filter((p) => p.type === 'redacted-reasoning')).toHaveLength(e.redacted);
  if (e.input !== undefined) expect(res.usage.inputTokens).toBe(e.input);
  if (e.output !== undefined) expect(res.usage.outputTokens).toBe(e.output);
  if (e.cacheRead !== undefined) expect(res.usage.cacheReadTokens).toBe(e.cacheRead);
  if (e.cacheWrite !== undefined) expect(res.usage.cacheWriteTokens).toBe(e.cacheWrite);
  if (e.stop !== undefined && e.stop !== null) {
    const mapped = FINISH[String(e.stop).toLowerCase()] ?? 'unknown';
    // A response that called tools ends as tool_calls in every family.
    expect(res.finishReason).toBe(mapped === 'stop' && res.toolCalls.length ? 'tool_calls' : mapped);
  }
}

const table: Record<string, { decoded: number; errors: number; refused?: number }> = {};

describe('recorded responses through the provider', () => {
  for (const family of GENERATION) {
    it(family, async () => {
      const row: { decoded: number; errors: number; refused?: number } = (table[family] = { decoded: 0, errors: 0 });
      for (const r of recordedRequests(family)) {
        const p = provider(r);
        const stream = r.operation.endsWith('stream');
        const request = requestFor(r);
        let response: LLMResponse | undefined;
        let error: unknown;
        try {
          if (stream) {
            const chunks: StreamChunk[] = [];
            for await (const c of p.generateStream(request)) chunks.push(c);
            response = (chunks.at(-1) as Extract<StreamChunk, { type: 'finish' }>).response;
          } else response = await p.generate(request);
        } catch (e) {
          error = e;
        }
        const at = `${r.file}`;
        if (r.response.status === 200) {
          expect(error, at).toBeUndefined();
          const e = stream ? expectStream(responseBytes(r)) : expectBody(family, JSON.parse(new TextDecoder().decode(responseBytes(r))), r.response.headers);
          try {
            check(response!, e);
          } catch (x) {
            throw new Error(`${at}: ${(x as Error).message}`);
          }
          row.decoded++;
        } else if (error instanceof ValidationError && error.httpStatus === undefined) {
          // Refused before sending, by the catalog's capability check: the service refused the same
          // request with a 400 ValidationException saying the model does not take that content.
          expect(r.response.status, at).toBe(400);
          const recorded = JSON.parse(new TextDecoder().decode(responseBytes(r))).message as string;
          const said = /doesn't support the (\w+) content block/.exec(recorded);
          // An S3 source to a model that reads none (AWS: Nova only): the recorded s3Uri refusal, or
          // Claude's own words for an S3 document in a message.
          if (/doesn't support the s3Uri field|document\.source\.type: Field required/.test(recorded)) expect(error.message, at).toContain('does not read media from S3');
          else {
            expect(said, at).not.toBeNull();
            expect(error.message, at).toContain(`does not take ${said![1]} input`);
          }
          row.refused = (row.refused ?? 0) + 1;
        } else {
          expect(error, at).toBeInstanceOf(BedrockError);
          const err = error as BedrockError;
          const body = JSON.parse(new TextDecoder().decode(responseBytes(r)) || '{}') as Obj;
          expect(err.httpStatus, at).toBe(r.response.status);
          expect(err.serviceMessage, at).toBe(body.message ?? body.Message);
          expect(err.requestId, at).toBe(header(r.response.headers, 'x-amzn-requestid'));
          const type = header(r.response.headers, 'x-amzn-errortype')?.split(':')[0];
          const expected =
            /provided model identifier is invalid/.test(err.serviceMessage ?? '') ? 'ModelNotFoundError'
            : r.response.status === 403 ? 'AccessDeniedError'
            : r.response.status === 400 ? 'ValidationError' : 'BedrockError';
          expect(err.name, `${at} (${type})`).toBe(expected);
          if (expected === 'ModelNotFoundError') expect(err).toBeInstanceOf(ModelNotFoundError);
          row.errors++;
        }
        await p.close();
      }
    });
  }

  it('prints the per-family table', () => {
    console.log(['family | 200s decoded | errors mapped | refused unsent', '---|---|---|---', ...Object.entries(table).map(([f, r]) => `${f} | ${r.decoded} | ${r.errors} | ${r.refused ?? 0}`)].join('\n'));
    expect(table).toEqual({
      converse: { decoded: 252, errors: 6, refused: 11 }, anthropic: { decoded: 21, errors: 1 }, nova: { decoded: 4, errors: 1 }, titan: { decoded: 10, errors: 2 },
      'cohere-command': { decoded: 8, errors: 1 }, 'cohere-r': { decoded: 4, errors: 1 }, llama: { decoded: 7, errors: 1 }, mistral: { decoded: 4, errors: 1 },
      jamba: { decoded: 2, errors: 0 },
    });
  });
});

describe('every recorded error answer, outside the generation codecs too', () => {
  it('maps to its typed error; the 400 "provided model identifier is invalid." is a ModelNotFoundError, still a ValidationError', async () => {
    const { parseServiceError } = await import('../../src/aws/error-shape.js');
    const { ValidationError } = await import('../../src/errors.js');
    const { load, OUTSIDE } = await import('./fixtures.js');
    const seen: Record<string, number> = {};
    for (const family of [...GENERATION, ...OUTSIDE]) {
      for (const r of load(family)) {
        if (r.response.status === 200) continue;
        const text = new TextDecoder().decode(responseBytes(r));
        const err = parseServiceError(r.response.status, r.response.headers, text);
        seen[err.name] = (seen[err.name] ?? 0) + 1;
        expect(err.httpStatus).toBe(r.response.status);
        expect(err.requestId).toBe(header(r.response.headers, 'x-amzn-requestid'));
        if (/provided model identifier is invalid/.test(text)) {
          expect(err).toBeInstanceOf(ModelNotFoundError);
          expect(err).toBeInstanceOf(ValidationError);
          expect(err.serviceMessage).toBe('The provided model identifier is invalid.');
        }
      }
    }
    // Counted over the recordings: 4 unknown-model answers (3 Converse, 1 CountTokens), the rest 400 validations and 403 refusals.
    expect(seen).toEqual({ ValidationError: 15, ModelNotFoundError: 4, AccessDeniedError: 9 });
  });
});
