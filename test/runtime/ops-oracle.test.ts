// ApplyGuardrail and async invoke against THE ORACLE, @aws-sdk/client-bedrock-runtime (dev
// dependency): for the same input the official client and ours send the same method, path, query
// and JSON body, and with the same clock our signature over those headers is the official one.
import { Readable } from 'node:stream';
import {
  ApplyGuardrailCommand,
  BedrockRuntimeClient,
  GetAsyncInvokeCommand,
  ListAsyncInvokesCommand,
  StartAsyncInvokeCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import { createSigner, resolveAuth } from '../../src/aws/index.js';
import { BedrockRuntime } from '../../src/runtime/index.js';
import { ValidationError } from '../../src/errors.js';

interface Captured { method: string; hostname: string; path: string; query?: Record<string, string>; headers: Record<string, string>; body?: string }

const CREDS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'token/with+chars==' };

async function official(command: unknown): Promise<Captured> {
  const requests: Captured[] = [];
  const client = new BedrockRuntimeClient({
    region: 'us-west-2',
    credentials: CREDS,
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: Captured) => {
        requests.push(request);
        return { response: { statusCode: 200, headers: { 'content-type': 'application/json' }, body: Readable.from([Buffer.from('{}')]) } };
      },
    } as never,
  });
  await client.send(command as never).catch(() => undefined);
  client.destroy();
  expect(requests).toHaveLength(1);
  return requests[0];
}

/** Our client, with a fetch that records the request and answers `answer`. */
function ours(answer: unknown = {}) {
  const sent: Array<{ url: URL; method: string; headers: Record<string, string>; body?: string }> = [];
  const fetchFn = (async (url: string | URL, init: RequestInit) => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((v, k) => (headers[k] = v));
    sent.push({ url: new URL(url), method: String(init.method), headers, body: init.body ? new TextDecoder().decode(init.body as Uint8Array) : undefined });
    return new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json', 'x-amzn-requestid': 'rid-1' } });
  }) as typeof fetch;
  const rt = new BedrockRuntime({ region: 'us-west-2', credentials: CREDS, env: {}, fetch: fetchFn });
  return { rt, sent };
}

const header = (h: Record<string, string>, name: string) => h[Object.keys(h).find((k) => k.toLowerCase() === name)!];
const amzDate = (s: string) => new Date(s.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));

/** Same URL, same body, and our signature over the official signed headers equals theirs. */
async function sameRequest(theirs: Captured, mine: { url: URL; method: string; body?: string }) {
  expect(mine.method).toBe(theirs.method);
  expect(mine.url.hostname).toBe(theirs.hostname);
  expect(mine.url.pathname).toBe(theirs.path);
  expect(Object.fromEntries(mine.url.searchParams)).toEqual(theirs.query ?? {});
  if (theirs.body === undefined || theirs.body === '') expect(mine.body).toBeUndefined();
  else expect(JSON.parse(mine.body!)).toEqual(JSON.parse(String(theirs.body)));
  const authorization = header(theirs.headers, 'authorization');
  const signedNames = /SignedHeaders=([^,]+)/.exec(authorization)![1].split(';');
  const headers: Record<string, string> = {};
  for (const h of signedNames) if (!['host', 'x-amz-date', 'x-amz-security-token'].includes(h)) headers[h] = header(theirs.headers, h);
  const signer = createSigner(resolveAuth({ credentials: CREDS, env: {} }), { region: 'us-west-2' });
  const signed = await signer.sign({ method: theirs.method, url: mine.url, headers, body: theirs.body }, { signingDate: amzDate(header(theirs.headers, 'x-amz-date')) });
  expect(signed.authorization).toBe(authorization);
}

const ARN = 'arn:aws:bedrock:us-west-2:123456789012:async-invoke/abc123def456';

describe('ApplyGuardrail and async invoke: same request as the official client', () => {
  it('ApplyGuardrail (id, ARN id, text with qualifiers, image, outputScope)', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    for (const id of ['gr0abc123', 'arn:aws:bedrock:us-west-2:123456789012:guardrail/gr0abc123']) {
      const theirs = await official(
        new ApplyGuardrailCommand({
          guardrailIdentifier: id,
          guardrailVersion: 'DRAFT',
          source: 'INPUT',
          content: [{ text: { text: 'Hello: /é?', qualifiers: ['query'] } }, { image: { format: 'png', source: { bytes: png } } }],
          outputScope: 'FULL',
        }),
      );
      const { rt, sent } = ours({ action: 'NONE', outputs: [], assessments: [] });
      await rt.applyGuardrail({
        guardrailIdentifier: id,
        guardrailVersion: 'DRAFT',
        source: 'INPUT',
        content: [{ text: 'Hello: /é?', qualifiers: ['query'] }, { image: { format: 'png', bytes: png } }],
        outputScope: 'FULL',
      });
      await sameRequest(theirs, sent[0]);
    }
  });

  it('StartAsyncInvoke (token given: the same body)', async () => {
    const input = {
      modelId: 'amazon.nova-reel-v1:1',
      modelInput: { taskType: 'TEXT_VIDEO', textToVideoParams: { text: 'a cat' } },
      outputDataConfig: { s3OutputDataConfig: { s3Uri: 's3://bucket/out/' } },
      clientRequestToken: 'token-0001',
      tags: [{ key: 'team', value: 'x' }],
    };
    const theirs = await official(new StartAsyncInvokeCommand(input));
    const { rt, sent } = ours({ invocationArn: ARN });
    expect(await rt.startAsyncInvoke(input)).toEqual({ invocationArn: ARN, requestId: 'rid-1' });
    await sameRequest(theirs, sent[0]);
  });

  it('StartAsyncInvoke without a token sends a fresh UUID, as the SDK does', async () => {
    const { rt, sent } = ours({ invocationArn: ARN });
    await rt.startAsyncInvoke({ modelId: 'm', modelInput: {}, outputDataConfig: { s3OutputDataConfig: { s3Uri: 's3://b/' } } });
    await rt.startAsyncInvoke({ modelId: 'm', modelInput: {}, outputDataConfig: { s3OutputDataConfig: { s3Uri: 's3://b/' } } });
    const tokens = sent.map((s) => JSON.parse(s.body!).clientRequestToken);
    expect(tokens[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(tokens[0]).not.toBe(tokens[1]);
  });

  it('GetAsyncInvoke (the ARN encoded once in the path; GET without a body)', async () => {
    const theirs = await official(new GetAsyncInvokeCommand({ invocationArn: ARN }));
    const job = { invocationArn: ARN, modelArn: 'arn:aws:bedrock:us-west-2::foundation-model/amazon.nova-reel-v1:1', status: 'Completed', submitTime: '2025-01-02T03:04:05.678Z', endTime: '2025-01-02T03:06:00Z', failureMessage: null, outputDataConfig: { s3OutputDataConfig: { s3Uri: 's3://b/' } } };
    const { rt, sent } = ours(job);
    const got = await rt.getAsyncInvoke(ARN);
    await sameRequest(theirs, sent[0]);
    expect(sent[0].headers['content-type']).toBeUndefined();
    expect(got.submitTime).toEqual(new Date('2025-01-02T03:04:05.678Z'));
    expect(got.endTime).toEqual(new Date('2025-01-02T03:06:00Z'));
    expect(got).not.toHaveProperty('failureMessage');
    expect(got.status).toBe('Completed');
  });

  it('ListAsyncInvokes (every query parameter)', async () => {
    const after = new Date('2025-01-01T00:00:00.000Z');
    const before = new Date('2025-02-01T12:30:00.500Z');
    const theirs = await official(
      new ListAsyncInvokesCommand({ submitTimeAfter: after, submitTimeBefore: before, statusEquals: 'InProgress', maxResults: 5, nextToken: 'tok/en+=', sortBy: 'SubmissionTime', sortOrder: 'Ascending' }),
    );
    const { rt, sent } = ours({ asyncInvokeSummaries: [], nextToken: 'next' });
    const page = await rt.listAsyncInvokes({ submitTimeAfter: after, submitTimeBefore: before, status: 'InProgress', maxResults: 5, nextToken: 'tok/en+=', sortBy: 'SubmissionTime', sortOrder: 'Ascending' });
    await sameRequest(theirs, sent[0]);
    expect(page).toEqual({ asyncInvokeSummaries: [], nextToken: 'next', requestId: 'rid-1' });
  });

  it('bad input is a ValidationError naming the field, nothing sent', async () => {
    const { rt, sent } = ours();
    const s3 = { s3OutputDataConfig: { s3Uri: 's3://b/' } };
    const cases: Array<[Promise<unknown>, RegExp]> = [
      [rt.applyGuardrail({ guardrailIdentifier: '', guardrailVersion: '1', source: 'INPUT', content: 'x' }), /guardrailIdentifier/],
      [rt.applyGuardrail({ guardrailIdentifier: 'g', guardrailVersion: '1', source: 'BOTH' as never, content: 'x' }), /source/],
      [rt.applyGuardrail({ guardrailIdentifier: 'g', guardrailVersion: '1', source: 'INPUT', content: [] }), /content/],
      [rt.applyGuardrail({ guardrailIdentifier: 'g', guardrailVersion: '1', source: 'INPUT', content: [{ video: 1 } as never] }), /content\[0\]/],
      [rt.startAsyncInvoke({ modelId: '', modelInput: {}, outputDataConfig: s3 }), /modelId/],
      [rt.startAsyncInvoke({ modelId: 'm', modelInput: {}, outputDataConfig: {} as never }), /s3Uri/],
      [rt.getAsyncInvoke(''), /invocationArn/],
      [rt.listAsyncInvokes({ maxResults: 0 }), /maxResults/],
      [rt.listAsyncInvokes({ submitTimeAfter: new Date('nope') }), /submitTimeAfter/],
    ];
    for (const [p, message] of cases) {
      const err = await p.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as Error).message).toMatch(message);
    }
    expect(sent).toHaveLength(0);
  });
});
