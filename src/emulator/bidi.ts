// The emulator's InvokeModelWithBidirectionalStream route (HTTP/2 only): verifies the request's
// SigV4 (payload hash STREAMING-AWS4-HMAC-SHA256-EVENTS) and then EVERY event signature of the
// chain with `@smithy/signature-v4`'s own `signMessage` (not this project's signer), unwraps each
// event and hands it to the scripted Nova Sonic, whose answers go out as `chunk` frames, with the
// stream faults applied to them.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import { setImmediate as yieldLoop, setTimeout as sleep } from 'node:timers/promises';
import { SignatureV4 } from '#vendor/signature-v4';
import { authKind, verifyAuth, type AuthConfig } from './auth.js';
import { errorResponse, serviceError, type ServiceError } from './errors.js';
import { toExchange, type Exchange } from './exchange.js';
import { FrameError, FrameReader, parseFrame, type RawFrame } from './frame-reader.js';
import { FrameTemplate, corruptCrc, errorFrame, exceptionFrame } from './frames.js';
import { NodeSha256 } from './sha256.js';
import { SonicInputError, SonicModel } from './sonic.js';
import type { EmulatorRequest, Fault } from './types.js';

export const BIDI_OPERATION = 'invoke-with-bidirectional-stream';
/** The service's session limit: 8 minutes. */
export const DEFAULT_MAX_SESSION_MS = 8 * 60_000;

export interface BidiHost {
  auth: AuthConfig;
  verifyAuth: boolean;
  seed: number;
  maxSessionMs: number;
  /** Faults for this request (injected ones and the `x-emulator-fault` header's). */
  faults(modelId: string, header: string | undefined): Fault[];
  record(r: EmulatorRequest): void;
}

type Req = IncomingMessage | Http2ServerRequest;
type Res = ServerResponse | Http2ServerResponse;

const chunkTemplate = new FrameTemplate({
  ':event-type': { type: 'string', value: 'chunk' },
  ':content-type': { type: 'string', value: 'application/json' },
  ':message-type': { type: 'string', value: 'event' },
});

/** `POST /model/{id}/invoke-with-bidirectional-stream` → the model id, else undefined. */
export function bidiModelId(method: string | undefined, target: string | undefined): string | undefined {
  if (method !== 'POST' || !target) return undefined;
  const m = /^\/model\/([^/?]+)\/invoke-with-bidirectional-stream(?:\?.*)?$/.exec(target);
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return undefined;
  }
}

export async function handleBidi(host: BidiHost, req: Req, res: Res, modelId: string): Promise<void> {
  const ex = toExchange(req, res);
  const requestId = randomUUID();
  const record: EmulatorRequest = {
    operation: BIDI_OPERATION,
    modelId,
    method: ex.method,
    path: ex.target,
    headers: ex.headers,
    body: new Uint8Array(0),
    auth: authKind(ex.headers),
    status: 0,
  };
  host.record(record);
  const refuse = (e: ServiceError): void => {
    record.status = e.status;
    const { headers, body } = errorResponse(e, requestId);
    ex.writeHead(e.status, headers);
    ex.end(body);
    req.resume();
  };

  if (req.httpVersion !== '2.0') return refuse(serviceError('ValidationException', 'InvokeModelWithBidirectionalStream requires HTTP/2.'));
  if (host.verifyAuth) {
    if (record.auth === 'bearer') return refuse(serviceError('AccessDeniedException', 'Bedrock API keys are not supported for InvokeModelWithBidirectionalStream: sign with SigV4.'));
    const result = await verifyAuth({ method: ex.method, target: ex.target, headers: ex.headers, body: new Uint8Array(0), streaming: true }, host.auth);
    if (result.error) return refuse(result.error);
  }
  if (!/nova(-\d+)?-sonic/.test(modelId)) return refuse(serviceError('ValidationException', `The model ${modelId} does not support InvokeModelWithBidirectionalStream.`));
  let faults: Fault[];
  try {
    const header = ex.headers['x-emulator-fault'];
    faults = host.faults(modelId, typeof header === 'string' ? header : undefined);
  } catch (e) {
    return refuse(serviceError('ValidationException', e instanceof Error ? e.message : 'bad x-emulator-fault'));
  }
  const status = find(faults, 'status');
  if (status) return refuse({ status: status.status, type: status.errorType, message: status.message ?? `The emulator injected a ${status.errorType}.` });
  const delay = find(faults, 'delay');
  if (delay?.firstByteMs) await sleep(delay.firstByteMs);
  if (find(faults, 'reset')?.afterBytes === 0) return ex.reset();

  record.status = 200;
  ex.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': requestId });
  const out = new Output(ex, faults);
  const limit = setTimeout(() => void out.fail('modelTimeoutException', `The session exceeded its maximum duration of ${host.maxSessionMs} ms.`), host.maxSessionMs);
  const sonic = new SonicModel((event) => out.event(event), { seed: host.seed });
  const chain = host.verifyAuth ? eventVerifier(host.auth, single(ex.headers.authorization)) : undefined;
  const reader = new FrameReader();
  let events = 0;
  try {
    let inputEnded = false;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      if (out.closed) break;
      for (const frame of reader.push(chunk)) {
        if (inputEnded) throw new SonicInputError('Event received after the end of the input stream.');
        if (chain && !(await chain(frame))) {
          await out.fail('validationException', `Invalid signature on event ${events + 1}: the :chunk-signature does not match the signature chain.`);
          return;
        }
        events++;
        if (frame.payload.length === 0) {
          inputEnded = true;
          continue;
        }
        await sonic.input(unwrap(frame.payload));
        if (out.closed) break;
      }
    }
    if (reader.buffered > 0) throw new FrameError('the input ended inside a frame');
    await sonic.end();
    await out.end();
  } catch (e) {
    if (e instanceof SonicInputError || e instanceof FrameError) await out.fail('validationException', e.message);
    else if (!ex.gone) await out.fail('internalServerException', `emulator: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    clearTimeout(limit);
    record.body = new Uint8Array(0);
  }
}

/** The inner message of an event: `:event-type chunk`, payload `{"bytes":"<base64 JSON>"}`. */
function unwrap(payload: Buffer): unknown {
  let inner: RawFrame;
  try {
    inner = parseFrame(payload);
  } catch {
    throw new SonicInputError('The event payload is not an event-stream message.');
  }
  const type = inner.headers[':event-type'];
  if (type?.type !== 'string' || type.value !== 'chunk') throw new SonicInputError('Input events must have :event-type chunk.');
  let bytes: unknown;
  try {
    bytes = (JSON.parse(inner.payload.toString('utf8')) as { bytes?: unknown }).bytes;
  } catch {
    bytes = undefined;
  }
  if (typeof bytes !== 'string') throw new SonicInputError('The chunk payload must be {"bytes": "<base64>"}.');
  try {
    return JSON.parse(Buffer.from(bytes, 'base64').toString('utf8'));
  } catch {
    throw new SonicInputError('The event bytes are not JSON.');
  }
}

/** Checks each frame's `:chunk-signature` against the chain seeded by the request signature. */
function eventVerifier(auth: AuthConfig, authorization: string | undefined): (frame: RawFrame) => Promise<boolean> {
  let prior = /Signature=([0-9a-f]{64})/.exec(authorization ?? '')?.[1] ?? '';
  const signer = new SignatureV4({ service: 'bedrock', region: auth.region, credentials: auth.credentials, sha256: NodeSha256 });
  return async (frame) => {
    const date = frame.headers[':date'];
    const sig = frame.headers[':chunk-signature'];
    if (date?.type !== 'timestamp' || sig?.type !== 'binary' || sig.value.length !== 32) return false;
    const { signature } = await signer.signMessage(
      { message: { headers: { ':date': { type: 'timestamp', value: date.value } }, body: frame.payload }, priorSignature: prior },
      { signingDate: date.value },
    );
    if (signature !== sig.value.toString('hex')) return false;
    prior = signature;
    return true;
  };
}

/** The answer frames, written in order, with the stream faults applied by frame index. */
class Output {
  private sent = 0;
  private bytes = 0;
  private queue: Promise<void> = Promise.resolve();
  closed = false;
  constructor(
    private readonly ex: Exchange,
    private readonly faults: Fault[],
  ) {}

  event(event: unknown): Promise<void> {
    const payload = `{"bytes":"${Buffer.from(JSON.stringify(event)).toString('base64')}"}`;
    return this.enqueue(() => this.frame(chunkTemplate.frame(payload)));
  }

  /** Ends the stream with an exception frame (the service's way of failing a session). */
  fail(type: string, message: string): Promise<void> {
    return this.enqueue(async () => {
      await this.write(exceptionFrame(type, message));
      this.finish();
    });
  }

  end(): Promise<void> {
    return this.enqueue(async () => {
      const ex = find(this.faults, 'exception');
      const err = find(this.faults, 'errorFrame');
      const stall = find(this.faults, 'stall');
      if (ex) await this.write(exceptionFrame(ex.exceptionType, ex.message ?? `The emulator injected a ${ex.exceptionType}.`));
      else if (err) await this.write(errorFrame(err.errorCode, err.errorMessage));
      else if (stall) {
        this.closed = true;
        await this.ex.closed;
        return;
      }
      this.finish();
    });
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const p = this.queue.then(() => (this.closed || this.ex.gone ? undefined : step()));
    this.queue = p.catch(() => {});
    return p;
  }

  private finish(): void {
    this.closed = true;
    this.ex.end();
  }

  private async frame(frame: Uint8Array): Promise<void> {
    const i = this.sent;
    const ex = find(this.faults, 'exception');
    if (ex && ex.afterEvents <= i) return this.fail2(exceptionFrame(ex.exceptionType, ex.message ?? `The emulator injected a ${ex.exceptionType}.`));
    const err = find(this.faults, 'errorFrame');
    if (err && err.afterEvents <= i) return this.fail2(errorFrame(err.errorCode, err.errorMessage));
    const stall = find(this.faults, 'stall');
    if (stall && stall.afterEvents <= i) {
      // Sends nothing more; the stream stays open until the client leaves.
      this.closed = true;
      return;
    }
    const corrupt = find(this.faults, 'corruptCrc');
    await this.write(corrupt && corrupt.afterEvents === i ? corruptCrc(frame) : frame);
    this.sent++;
    const delay = find(this.faults, 'delay');
    if (delay) {
      if (delay.perChunkMs > 0) await sleep(delay.perChunkMs);
      else await yieldLoop();
    }
  }

  private async fail2(frame: Uint8Array): Promise<void> {
    await this.write(frame);
    this.finish();
  }

  private async write(frame: Uint8Array): Promise<void> {
    const reset = find(this.faults, 'reset');
    if (reset && this.bytes + frame.length >= reset.afterBytes) {
      const cut = reset.afterBytes - this.bytes;
      if (cut > 0) await this.ex.write(frame.subarray(0, cut));
      await yieldLoop();
      this.closed = true;
      this.ex.reset();
      return;
    }
    this.bytes += frame.length;
    await this.ex.write(frame);
  }
}

type FaultOf<K extends Fault['kind']> = Extract<Fault, { kind: K }> | undefined;
function find<K extends Fault['kind']>(faults: Fault[], kind: K): FaultOf<K> {
  return faults.find((f) => f.kind === kind) as FaultOf<K>;
}

function single(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
