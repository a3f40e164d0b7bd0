// Async invoke through the emulator: jobs go InProgress → Completed, list with pagination and
// filters; listAllAsyncInvokes walks every page; the official client reads the same answers.
import { BedrockRuntimeClient, GetAsyncInvokeCommand, ListAsyncInvokesCommand, StartAsyncInvokeCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import type { BedrockRuntime } from '../../src/runtime/index.js';
import { ModelNotFoundError, ValidationError } from '../../src/errors.js';
import { sdkConfig, setup } from './harness.js';

let emu: Emulator;
let rt: BedrockRuntime;
beforeAll(async () => ({ emu, rt } = await setup({ asyncInvokePolls: 1 })));
afterAll(async () => {
  await rt.close();
  await emu.close();
});

const out = { s3OutputDataConfig: { s3Uri: 's3://bucket/videos/' } };
const start = (i: number) => rt.startAsyncInvoke({ modelId: 'amazon.nova-reel-v1:1', modelInput: { taskType: 'TEXT_VIDEO', textToVideoParams: { text: `clip ${i}` } }, outputDataConfig: out });

describe('async invoke', () => {
  it('a job is InProgress, then Completed; the same token is the same job', async () => {
    const { invocationArn } = await rt.startAsyncInvoke({ modelId: 'amazon.nova-reel-v1:1', modelInput: { x: 1 }, outputDataConfig: out, clientRequestToken: 'tok-1' });
    expect(invocationArn).toMatch(/^arn:aws:bedrock:us-east-1:\d{12}:async-invoke\//);
    const first = await rt.getAsyncInvoke(invocationArn);
    expect(first.status).toBe('InProgress');
    expect(first.submitTime).toBeInstanceOf(Date);
    expect(first).not.toHaveProperty('endTime'); // null on the wire
    const second = await rt.getAsyncInvoke(invocationArn);
    expect(second.status).toBe('Completed');
    expect(second.endTime!.getTime()).toBeGreaterThan(second.submitTime.getTime());
    expect(second.outputDataConfig).toEqual(out);
    const again = await rt.startAsyncInvoke({ modelId: 'amazon.nova-reel-v1:1', modelInput: { x: 1 }, outputDataConfig: out, clientRequestToken: 'tok-1' });
    expect(again.invocationArn).toBe(invocationArn);
  });

  it('pages of maxResults with nextToken; listAllAsyncInvokes yields every job once, newest first', async () => {
    const arns = [];
    for (let i = 0; i < 7; i++) arns.push((await start(i)).invocationArn);
    const page1 = await rt.listAsyncInvokes({ maxResults: 3 });
    expect(page1.asyncInvokeSummaries).toHaveLength(3);
    expect(page1.nextToken).toBeTruthy();
    const page2 = await rt.listAsyncInvokes({ maxResults: 3, nextToken: page1.nextToken });
    expect(page2.asyncInvokeSummaries[0].invocationArn).not.toBe(page1.asyncInvokeSummaries[2].invocationArn);
    const from = emu.requests.length;
    const all: string[] = [];
    for await (const job of rt.listAllAsyncInvokes({ maxResults: 2 })) all.push(job.invocationArn);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(8);
    expect(all.slice(0, 7)).toEqual([...arns].reverse());
    expect(emu.requests.slice(from).filter((r) => r.operation === 'list-async-invokes')).toHaveLength(4);
  });

  it('filters by status and submit time; ascending order', async () => {
    const done = await rt.listAsyncInvokes({ status: 'Completed' });
    expect(done.asyncInvokeSummaries.every((j) => j.status === 'Completed')).toBe(true);
    const asc = await rt.listAsyncInvokes({ sortOrder: 'Ascending', maxResults: 2 });
    expect(asc.asyncInvokeSummaries[0].submitTime.getTime()).toBeLessThan(asc.asyncInvokeSummaries[1].submitTime.getTime());
    const cut = asc.asyncInvokeSummaries[0].submitTime;
    const after = await rt.listAsyncInvokes({ submitTimeAfter: cut });
    expect(after.asyncInvokeSummaries.every((j) => j.submitTime > cut)).toBe(true);
  });

  it('a model without async invoke ends Failed with a message; an unknown ARN is a 404', async () => {
    const { invocationArn } = await rt.startAsyncInvoke({ modelId: 'anthropic.claude-3-haiku-20240307-v1:0', modelInput: {}, outputDataConfig: out });
    await rt.getAsyncInvoke(invocationArn);
    const failed = await rt.getAsyncInvoke(invocationArn);
    expect(failed.status).toBe('Failed');
    expect(failed.failureMessage).toMatch(/does not support async invoke/);
    const err = await rt.getAsyncInvoke('arn:aws:bedrock:us-east-1:123456789012:async-invoke/nope').catch((e) => e);
    expect(err).toBeInstanceOf(ModelNotFoundError);
    expect(err.httpStatus).toBe(404);
    const bad = await rt.startAsyncInvoke({ modelId: 'm', modelInput: {}, outputDataConfig: { s3OutputDataConfig: { s3Uri: 'https://x' } } }).catch((e) => e);
    expect(bad).toBeInstanceOf(ValidationError);
  });

  it('the official client: start, get and list against the emulator', async () => {
    const client = new BedrockRuntimeClient(sdkConfig(emu));
    const { invocationArn } = await client.send(new StartAsyncInvokeCommand({ modelId: 'amazon.nova-reel-v1:1', modelInput: { a: 1 } as never, outputDataConfig: out }));
    const got = await client.send(new GetAsyncInvokeCommand({ invocationArn }));
    expect(got.status).toBe('InProgress');
    expect(got.submitTime).toBeInstanceOf(Date);
    const page = await client.send(new ListAsyncInvokesCommand({ maxResults: 1 }));
    expect(page.asyncInvokeSummaries?.map((j) => j.invocationArn)).toEqual([invocationArn]);
    expect(page.nextToken).toBeTruthy();
    const ours = await rt.getAsyncInvoke(invocationArn!);
    expect(ours.submitTime).toEqual(got.submitTime);
    expect(ours.modelArn).toBe(got.modelArn);
    client.destroy();
  });
});
