// Async invoke (client-bedrock-runtime schemas): StartAsyncInvoke `POST /async-invoke`,
// GetAsyncInvoke `GET /async-invoke/{invocationArn}`, ListAsyncInvokes `GET /async-invoke?…`
// (query: submitTimeAfter, submitTimeBefore, statusEquals, maxResults, nextToken, sortBy,
// sortOrder). Timestamps travel as ISO 8601 strings and come back as Dates.
import { ValidationError } from '../errors.js';
import type { BedrockRuntime } from './client.js';
import type { CallOptions } from './types.js';

export type AsyncInvokeStatus = 'InProgress' | 'Completed' | 'Failed';

export interface AsyncInvokeOutputDataConfig {
  s3OutputDataConfig: { s3Uri: string; kmsKeyId?: string; bucketOwner?: string };
}

export interface StartAsyncInvokeInput {
  modelId: string;
  /** The model's request body (an object, sent as JSON). */
  modelInput: object;
  outputDataConfig: AsyncInvokeOutputDataConfig;
  /** Idempotency token (the service makes the same job once per token). Default: a random UUID, as the SDK does. */
  clientRequestToken?: string;
  tags?: Array<{ key: string; value: string }>;
}

export interface AsyncInvoke {
  invocationArn: string;
  modelArn: string;
  status: AsyncInvokeStatus | (string & {});
  submitTime: Date;
  outputDataConfig: AsyncInvokeOutputDataConfig;
  clientRequestToken?: string;
  failureMessage?: string;
  lastModifiedTime?: Date;
  endTime?: Date;
}

export interface ListAsyncInvokesInput {
  status?: AsyncInvokeStatus;
  submitTimeAfter?: Date;
  submitTimeBefore?: Date;
  /** 1-1000; the service's default when absent. */
  maxResults?: number;
  nextToken?: string;
  sortBy?: 'SubmissionTime';
  sortOrder?: 'Ascending' | 'Descending';
}

export interface ListAsyncInvokesOutput {
  asyncInvokeSummaries: AsyncInvoke[];
  nextToken?: string;
  requestId: string;
}

export async function startAsyncInvoke(rt: BedrockRuntime, input: StartAsyncInvokeInput, opts?: CallOptions): Promise<{ invocationArn: string; requestId: string }> {
  const { modelId, modelInput, outputDataConfig } = input;
  if (typeof modelId !== 'string' || !modelId) throw new ValidationError('modelId: expected a model id');
  if (typeof modelInput !== 'object' || !modelInput) throw new ValidationError('modelInput: expected the model request as an object');
  if (typeof outputDataConfig?.s3OutputDataConfig?.s3Uri !== 'string') throw new ValidationError('outputDataConfig.s3OutputDataConfig.s3Uri: expected an s3:// URI');
  // The SDK fills the idempotency token the same way.
  const body = { ...input, clientRequestToken: input.clientRequestToken ?? crypto.randomUUID() };
  const r = await rt.request<{ invocationArn: string }>('POST', '/async-invoke', body, opts);
  return { invocationArn: r.invocationArn, requestId: r.requestId };
}

export async function getAsyncInvoke(rt: BedrockRuntime, invocationArn: string, opts?: CallOptions): Promise<AsyncInvoke & { requestId: string }> {
  if (typeof invocationArn !== 'string' || !invocationArn) throw new ValidationError('invocationArn: expected the ARN StartAsyncInvoke returned');
  return toJob(await rt.request('GET', `/async-invoke/${encodeURIComponent(invocationArn)}`, undefined, opts)) as AsyncInvoke & { requestId: string };
}

/** Query parameter names, in the SDK's order (the signature does not depend on it). */
const QUERY = ['submitTimeAfter', 'submitTimeBefore', 'status', 'maxResults', 'nextToken', 'sortBy', 'sortOrder'] as const;

/** One page. `listAllAsyncInvokes` iterates them all. */
export async function listAsyncInvokes(rt: BedrockRuntime, input: ListAsyncInvokesInput = {}, opts?: CallOptions): Promise<ListAsyncInvokesOutput> {
  const query: string[] = [];
  for (const name of QUERY) {
    const v = input[name];
    if (v === undefined) continue;
    if (name === 'maxResults' ? !Number.isInteger(v) || +v < 1 || +v > 1000 : v instanceof Date && Number.isNaN(+v)) {
      throw new ValidationError(`${name}: ${name === 'maxResults' ? 'expected an integer 1-1000' : 'not a valid date'}`);
    }
    // Dates as the SDK writes them: ISO 8601, milliseconds only when not zero.
    query.push(`${name === 'status' ? 'statusEquals' : name}=${encodeURIComponent(v instanceof Date ? v.toISOString().replace('.000Z', 'Z') : v)}`);
  }
  const r = await rt.request<{ asyncInvokeSummaries?: unknown[]; nextToken?: string }>('GET', `/async-invoke${query.length ? '?' + query.join('&') : ''}`, undefined, opts);
  const out: ListAsyncInvokesOutput = { asyncInvokeSummaries: (r.asyncInvokeSummaries ?? []).map(toJob), requestId: r.requestId };
  if (r.nextToken) out.nextToken = r.nextToken;
  return out;
}

/** Every job, page after page (each page one request, made when the previous one is used up). */
export async function* listAllAsyncInvokes(rt: BedrockRuntime, input: Omit<ListAsyncInvokesInput, 'nextToken'> = {}, opts?: CallOptions): AsyncGenerator<AsyncInvoke> {
  let nextToken: string | undefined;
  do {
    const page = await listAsyncInvokes(rt, { ...input, nextToken }, opts);
    yield* page.asyncInvokeSummaries;
    nextToken = page.nextToken;
  } while (nextToken);
}

/** Nulls dropped; the ISO 8601 timestamps as Dates. */
function toJob(raw: unknown): AsyncInvoke {
  const job: Record<string, any> = {};
  for (const [k, v] of Object.entries(raw as object)) if (v !== null) job[k] = k.endsWith('Time') ? new Date(v) : v;
  return job as AsyncInvoke;
}
