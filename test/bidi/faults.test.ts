// Faults on a bidirectional stream: each ends in a typed error with everything before it delivered,
// nothing hangs, and the HTTP/2 stream is gone afterwards.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { ModelTimeoutError, NetworkError, ThrottlingError, TimeoutError } from '../../src/errors.js';
import { BedrockRuntime } from '../../src/runtime/index.js';
import { startH2Server } from './h2server.js';
import { closing, sessionEvents, SONIC } from './sonic-events.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ seed: 9, maxSessionMs: 400 });
});
afterAll(() => emu.close());

function rt(endpoint = emu.url, extra: object = {}) {
  return new BedrockRuntime({ region: emu.region, endpoint, credentials: emu.credentials, env: {}, ...extra });
}

/** Runs a text session; returns the events received and the error it ended with. */
async function session(client: BedrockRuntime, opts: object = {}, close = true) {
  const s = client.invokeModelWithBidirectionalStream({ modelId: SONIC }, opts);
  const sending = (async () => {
    for (const e of [...sessionEvents({ text: 'one two three four five' }), ...(close ? closing() : [])]) await s.send(e);
    if (close) await s.end();
  })();
  sending.catch(() => {});
  const got: Uint8Array[] = [];
  let error: any;
  try {
    for await (const e of s) got.push(e.bytes);
  } catch (e) {
    error = e;
  }
  await sending.catch(() => {});
  return { got, error, s };
}

describe('bidirectional stream faults', () => {
  it('an exception frame mid-session: a typed error after the events before it', async () => {
    emu.inject({ kind: 'exception', afterEvents: 4, exceptionType: 'throttlingException' }, { operation: 'invoke-with-bidirectional-stream' });
    const c = rt();
    const { got, error } = await session(c);
    expect(got).toHaveLength(4);
    expect(error).toBeInstanceOf(ThrottlingError);
    await c.close();
  });

  it('a reset mid-session: NetworkError, the whole frames before it delivered', async () => {
    emu.inject({ kind: 'reset', afterBytes: 700 }, { operation: 'invoke-with-bidirectional-stream' });
    const c = rt();
    const { got, error } = await session(c);
    expect(error).toBeInstanceOf(NetworkError);
    expect(got.length).toBeGreaterThan(0);
    for (const g of got) expect(() => JSON.parse(new TextDecoder().decode(g))).not.toThrow();
    await c.close();
  });

  it('a stall: the idle timeout fires (TimeoutError idle), events before it kept', async () => {
    emu.inject({ kind: 'stall', afterEvents: 3 }, { operation: 'invoke-with-bidirectional-stream' });
    const c = rt();
    const { got, error } = await session(c, { idleMs: 150 });
    expect(got).toHaveLength(3);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.phase).toBe('idle');
    await c.close();
  });

  it('the session limit (8 minutes, simulated at 400 ms): modelTimeoutException from the emulator', async () => {
    const c = rt();
    // The input is never closed: the session runs until the limit.
    const { got, error } = await session(c, {}, false);
    expect(got.length).toBeGreaterThan(0); // the answer to the text turn came first
    expect(error).toBeInstanceOf(ModelTimeoutError);
    await c.close();
  });

  it('our own session limit (maxDurationMs) against a server that never answers: TimeoutError total', async () => {
    const server = await startH2Server((r) => r.stream.respond({ ':status': 200, 'content-type': 'application/vnd.amazon.eventstream' }));
    const c = rt(server.url);
    const s = c.invokeModelWithBidirectionalStream({ modelId: SONIC }, { maxDurationMs: 200, idleMs: 0 });
    await s.send({ event: { sessionStart: {} } });
    const error = await (async () => {
      for await (const _ of s) void _;
    })().catch((e) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.phase).toBe('total');
    await expect(s.send({})).rejects.toBe(error);
    await vi.waitFor(() => expect(server.openStreams()).toBe(0));
    await c.close();
    await vi.waitFor(() => expect(server.sessions()).toBe(0));
    await server.close();
  });

  it('a server that stops reading: send() stops resolving, memory stays bounded, abort frees it', async () => {
    const server = await startH2Server((r) => {
      r.stream.respond({ ':status': 200, 'content-type': 'application/vnd.amazon.eventstream' });
      r.stream.pause(); // never reads: HTTP/2 flow control pushes back
    });
    const c = rt(server.url);
    const ac = new AbortController();
    const s = c.invokeModelWithBidirectionalStream({ modelId: SONIC }, { signal: ac.signal });
    const big = new Uint8Array(16 * 1024).fill(65);
    let accepted = 0;
    const attempted = 400 * big.length; // 6.4 MiB
    const sending = (async () => {
      for (let i = 0; i < 400; i++) {
        await s.send(big);
        accepted += big.length;
      }
    })();
    sending.catch(() => {});
    // Wait until the sender is stuck (no progress over several polls).
    let last = -1;
    let still = 0;
    await vi.waitFor(
      () => {
        still = accepted === last ? still + 1 : 0;
        last = accepted;
        expect(still).toBeGreaterThanOrEqual(5);
      },
      { timeout: 10_000, interval: 50 },
    );
    expect(accepted).toBeLessThan(2 * 1024 * 1024); // the window and socket buffers, not the 6.4 MiB
    expect(accepted).toBeLessThan(attempted);
    const reason = new Error('stop');
    ac.abort(reason);
    // An abort rejects with an AbortError whose cause is the signal's reason (issue 8).
    await expect(sending).rejects.toSatisfy((e: unknown) => (e as Error).name === 'AbortError' && (e as Error).cause === reason);
    await vi.waitFor(() => expect(server.openStreams()).toBe(0));
    await c.close();
    await server.close();
  });
  it('a slow reader pauses the HTTP/2 stream: the server cannot push more than the buffers hold', async () => {
    let written = 0;
    const frame = Buffer.from(
      new (await import('@smithy/eventstream-codec')).EventStreamCodec((await import('@smithy/util-utf8')).toUtf8, (await import('@smithy/util-utf8')).fromUtf8).encode({
        headers: { ':event-type': { type: 'string', value: 'chunk' }, ':message-type': { type: 'string', value: 'event' } },
        body: new TextEncoder().encode(JSON.stringify({ bytes: Buffer.alloc(48 * 1024, 1).toString('base64') })),
      }),
    );
    const server = await startH2Server((r) => {
      r.stream.respond({ ':status': 200, 'content-type': 'application/vnd.amazon.eventstream' });
      const pump = (): void => {
        while (!r.stream.destroyed && written < 64 * 1024 * 1024) {
          written += frame.length;
          if (!r.stream.write(frame)) return void r.stream.once('drain', pump);
        }
      };
      pump();
    });
    const c = rt(server.url);
    const s = c.invokeModelWithBidirectionalStream({ modelId: SONIC });
    const it = s[Symbol.asyncIterator]();
    expect((await it.next()).done).toBe(false); // one event read, then the reader stops
    let last = -1;
    let still = 0;
    await vi.waitFor(
      () => {
        still = written === last ? still + 1 : 0;
        last = written;
        expect(still).toBeGreaterThanOrEqual(5);
      },
      { timeout: 10_000, interval: 50 },
    );
    expect(written).toBeLessThan(8 * 1024 * 1024); // paused: nowhere near the 64 MiB the server would send
    await it.return!();
    await vi.waitFor(() => expect(server.openStreams()).toBe(0));
    await c.close();
    await server.close();
  });
});
