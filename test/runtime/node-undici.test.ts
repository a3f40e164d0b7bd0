// The undici transport where undici would not use its SIMD HTTP parser (ppc64 before Node 24.12,
// UNDICI_NO_WASM_SIMD=1): the vendored Agent carries only the SIMD parser, so the transport runs
// on Node's own undici (the copy its `fetch` uses; 6.x on Node 20, which knows only undici's older
// handler API). The shared runtime suites (operations, abort, faults) also run every case on this
// path (test/runtime/harness.ts `undici-node`); this file checks that it IS this path, the parts
// only it has, and the choice itself.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { BedrockRuntime } from '../../src/runtime/index.js';
import { wasmSimd } from '../../src/runtime/wasm-simd.js';

// If the vendored Agent were loaded on this path, every request here would fail.
vi.mock('#vendor/undici-agent', () => {
  throw new Error('the vendored undici Agent was loaded');
});

const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');
type Dispatch = (opts: unknown, handler: unknown) => boolean;
type AnyDispatcher = { dispatch: Dispatch; close(): Promise<void>; constructor: new (o?: object) => AnyDispatcher };
const g = globalThis as unknown as { [GLOBAL_DISPATCHER]?: AnyDispatcher };

const MODEL = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const body = () => ({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 100_000, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] });
const NO_SIMD = { UNDICI_NO_WASM_SIMD: '1' };

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ seed: 3 });
});
afterAll(async () => {
  await emu.close();
});

const client = (extra: object = {}) => new BedrockRuntime({ region: emu.region, endpoint: emu.url, credentials: emu.credentials, env: NO_SIMD, ...extra });

describe('which undici', () => {
  it("undici's rule: UNDICI_NO_WASM_SIMD=1 off, =0 on, else whether the engine validates SIMD (this x64/arm64 Node does)", () => {
    expect(wasmSimd({ UNDICI_NO_WASM_SIMD: '1' })).toBe(false);
    expect(wasmSimd({ UNDICI_NO_WASM_SIMD: '0' })).toBe(true);
    expect(wasmSimd({})).toBe(true);
    const validate = vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
    try {
      expect(wasmSimd({})).toBe(false);
    } finally {
      validate.mockRestore();
    }
  });

  it("requests go through Node's own undici Agent, streaming included, and its dispatcher is closed by close()", async () => {
    const rt = client();
    const first = await rt.invokeModel({ modelId: MODEL, body: body() });
    expect(first.body.length).toBeGreaterThan(0);
    // Node's undici is loaded now, and registered its default Agent: the class our Agent is made of.
    const NodeAgent = g[GLOBAL_DISPATCHER]!.constructor;
    expect(NodeAgent.name).toBe('Agent');
    const base = Object.getPrototypeOf(NodeAgent.prototype) as { dispatch: Dispatch; close(): Promise<void> };
    const dispatch = vi.spyOn(base, 'dispatch');
    const close = vi.spyOn(base, 'close');
    try {
      const stream = rt.invokeModelWithResponseStream({ modelId: MODEL, body: body() });
      let chunks = 0;
      for await (const e of stream) if (e.type === 'chunk') chunks++;
      expect(chunks).toBeGreaterThan(3);
      // Agent → Pool → Client each dispatch through the same base method: one of them is an Agent of Node's class.
      const agents = dispatch.mock.contexts.filter((c) => c instanceof NodeAgent);
      expect(agents).toHaveLength(1);
      expect(agents[0]).not.toBe(g[GLOBAL_DISPATCHER]); // our own Agent, not the global one
      await rt.close();
      expect(close.mock.contexts).toContain(agents[0]);
    } finally {
      dispatch.mockRestore();
      close.mockRestore();
    }
  });

  it('an application that set its own global dispatcher (a proxy agent, not an Agent): requests go through it, and close() leaves it open', async () => {
    const saved = g[GLOBAL_DISPATCHER];
    // Any dispatcher that is not an Agent, as a proxy agent would be: it forwards to an Agent of its own.
    const inner = new (saved!.constructor)();
    let dispatched = 0;
    let closed = 0;
    class ProxyLikeDispatcher {
      dispatch(opts: unknown, handler: unknown): boolean {
        dispatched++;
        return inner.dispatch(opts, handler);
      }
      async close(): Promise<void> {
        closed++;
      }
    }
    g[GLOBAL_DISPATCHER] = new ProxyLikeDispatcher() as unknown as AnyDispatcher;
    try {
      const rt = client();
      await rt.invokeModel({ modelId: MODEL, body: body() });
      await rt.close();
      expect(dispatched).toBe(1);
      expect(closed).toBe(0);
    } finally {
      g[GLOBAL_DISPATCHER] = saved;
      await inner.close();
    }
  });

  it('a runtime with no undici of its own (no Node fetch, no global dispatcher): a ConfigurationError saying what to pass, nothing sent', async () => {
    const saved = g[GLOBAL_DISPATCHER];
    const fetch = Object.getOwnPropertyDescriptor(globalThis, 'fetch')!;
    g[GLOBAL_DISPATCHER] = undefined; // undici defines it non-configurable (writable)
    Object.defineProperty(globalThis, 'fetch', { value: undefined, configurable: true, writable: true });
    const from = emu.requests.length;
    try {
      const rt = client();
      const error = (await rt.invokeModel({ modelId: MODEL, body: body() }).catch((e: unknown) => e)) as Error;
      expect(error.name).toBe('ConfigurationError');
      expect(error.message).toMatch(/No undici to run on.*pass the dispatcher option \(an undici Agent\) or the fetch option/);
      expect(emu.requests.length).toBe(from);
      await rt.close();
    } finally {
      Object.defineProperty(globalThis, 'fetch', fetch);
      g[GLOBAL_DISPATCHER] = saved;
    }
  });
});

describe("undici 6's handler API", () => {
  it('backpressure: a consumer slower than the network gets every byte of a 100,000-word stream, in order', async () => {
    const big = await startEmulator({ seed: 3, outputWords: 100_000 });
    const rt = new BedrockRuntime({ region: big.region, endpoint: big.url, credentials: big.credentials, env: NO_SIMD });
    const stream = rt.invokeModelWithResponseStream({ modelId: MODEL, body: body() });
    let text = '';
    let n = 0;
    for await (const e of stream) {
      if (e.type !== 'chunk') continue;
      const c = JSON.parse(new TextDecoder().decode(e.bytes)) as { type: string; delta?: { text?: string } };
      if (c.type === 'content_block_delta') text += c.delta?.text ?? '';
      // Stall now and then, long enough for the socket to fill the transport's 512 KiB queue.
      if (++n % 10_000 === 0) await new Promise((r) => setTimeout(r, 30));
    }
    const words = text.trim().split(/\s+/);
    expect(words.length).toBe(100_000);
    expect(text.length).toBeGreaterThan(500_000);
    await rt.close();
    await big.close();
  }, 60_000);

  it('response headers from the raw header list: request id, and an error mapped with its service message', async () => {
    const rt = client();
    const error = (await rt.invokeModel({ modelId: 'anthropic.no-such-model-v1:0', body: body() }).catch((e: unknown) => e)) as {
      name: string;
      httpStatus: number;
      requestId?: string;
      message: string;
    };
    expect(error.httpStatus).toBe(400);
    expect(error.name).toBe('ModelNotFoundError');
    expect(error.message).toMatch(/^ValidationException: The provided model identifier is invalid/);
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const ok = await rt.invokeModel({ modelId: MODEL, body: body() });
    expect(ok.requestId).toMatch(/^[0-9a-f-]{36}$/);
    await rt.close();
  });
});
