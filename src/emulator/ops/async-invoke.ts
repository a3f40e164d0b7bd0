// Async invoke jobs: StartAsyncInvoke makes an InProgress job; it turns Completed once it has been
// looked at `polls` times (GetAsyncInvoke or a listing) — deterministic, no timers. Listing pages
// with maxResults / nextToken, filtered by status and submit time, newest first by default.
import { opsKind } from './models.js';

export interface Job {
  invocationArn: string;
  modelArn: string;
  clientRequestToken: string;
  status: 'InProgress' | 'Completed' | 'Failed';
  submitTime: string;
  lastModifiedTime: string;
  endTime?: string;
  outputDataConfig: unknown;
  failureMessage?: string;
  seen: number;
}

export interface JobStore {
  jobs: Job[];
  next: number;
}

export type JobAnswer = { json: unknown } | { error: string; type?: string; status?: number };

export function startJob(store: JobStore, body: Record<string, any>, region: string, polls: number): JobAnswer {
  if (typeof body.modelId !== 'string' || !body.modelId) return { error: "1 validation error detected: Value at 'modelId' failed to satisfy constraint: Member must not be null" };
  const s3 = body.outputDataConfig?.s3OutputDataConfig?.s3Uri;
  if (typeof s3 !== 'string' || !s3.startsWith('s3://')) return { error: 'Invalid S3 URI in outputDataConfig.' };
  if (typeof body.modelInput !== 'object' || body.modelInput === null) return { error: "1 validation error detected: Value at 'modelInput' failed to satisfy constraint: Member must not be null" };
  const token = typeof body.clientRequestToken === 'string' ? body.clientRequestToken : '';
  // Idempotent: the same token is the same job.
  const same = token && store.jobs.find((j) => j.clientRequestToken === token);
  if (same) return { json: { invocationArn: same.invocationArn } };
  const n = store.next++;
  const id = n.toString(36).padStart(12, '0');
  const t = new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString();
  const known = opsKind(body.modelId) !== undefined || /nova-reel|luma/.test(body.modelId);
  const job: Job = {
    invocationArn: `arn:aws:bedrock:${region}:123456789012:async-invoke/${id}`,
    modelArn: `arn:aws:bedrock:${region}::foundation-model/${body.modelId}`,
    clientRequestToken: token,
    status: 'InProgress',
    submitTime: t,
    lastModifiedTime: t,
    outputDataConfig: body.outputDataConfig,
    seen: 0,
  };
  if (!known) Object.assign(job, { failureMessage: `The model ${body.modelId} does not support async invoke.` });
  (job as Job & { polls: number }).polls = polls;
  store.jobs.push(job);
  return { json: { invocationArn: job.invocationArn } };
}

function view(job: Job): Record<string, unknown> {
  job.seen++;
  if (job.status === 'InProgress' && job.seen > (job as Job & { polls: number }).polls) {
    job.status = job.failureMessage ? 'Failed' : 'Completed';
    job.endTime = job.lastModifiedTime = new Date(Date.parse(job.submitTime) + 60_000).toISOString();
  }
  const { seen: _, ...out } = job as Job & { polls?: number };
  delete out.polls;
  if (out.status !== 'Failed') delete out.failureMessage;
  return { ...out, endTime: out.endTime ?? null };
}

export function getJob(store: JobStore, arn: string): JobAnswer {
  const job = store.jobs.find((j) => j.invocationArn === arn);
  if (!job) return { error: `Async invocation ${arn} not found.`, type: 'ResourceNotFoundException', status: 404 };
  return { json: view(job) };
}

export function listJobs(store: JobStore, query: URLSearchParams): JobAnswer {
  const max = query.has('maxResults') ? Number(query.get('maxResults')) : 1000;
  if (!Number.isInteger(max) || max < 1 || max > 1000) return { error: "1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 1000" };
  const status = query.get('statusEquals');
  const after = query.has('submitTimeAfter') ? Date.parse(query.get('submitTimeAfter')!) : -Infinity;
  const before = query.has('submitTimeBefore') ? Date.parse(query.get('submitTimeBefore')!) : Infinity;
  const start = query.has('nextToken') ? Number.parseInt(Buffer.from(query.get('nextToken')!, 'base64').toString(), 10) : 0;
  if (!Number.isInteger(start) || start < 0) return { error: 'Invalid nextToken.' };
  // Looking at a job (here or by Get) is what moves it along: take each one's view first.
  const all = store.jobs.map((j) => ({ job: j, v: view(j) }));
  let list = all.filter(({ v }) => (!status || v.status === status) && Date.parse(String(v.submitTime)) > after && Date.parse(String(v.submitTime)) < before);
  if (query.get('sortOrder') !== 'Ascending') list = list.reverse();
  const page = list.slice(start, start + max).map(({ v }) => v);
  const json: Record<string, unknown> = { asyncInvokeSummaries: page };
  if (start + max < list.length) json.nextToken = Buffer.from(String(start + max)).toString('base64');
  return { json };
}
