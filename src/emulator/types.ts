/** The model families the emulator answers for (same names as the codecs' `ModelFamily`). */
export type EmulatorFamily =
  | 'anthropic'
  | 'titan'
  | 'nova'
  | 'llama'
  | 'cohere'
  | 'jamba'
  | 'mistral'
  | 'deepseek'
  | 'gpt-oss';

export type Operation = 'invoke' | 'invoke-with-response-stream' | 'invoke-with-bidirectional-stream' | 'converse' | 'converse-stream' | 'count-tokens';

export interface EmulatorCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** When these (temporary) credentials expire: later requests get 403 ExpiredTokenException, as AWS answers. */
  expiration?: Date;
}

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default `127.0.0.1`. Any other address is reachable from other machines: a warning is emitted. */
  host?: string;
  /** Region the SigV4 scope must name. Default `us-east-1`. */
  region?: string;
  /** Accepted SigV4 credentials. Default `AKIDEMULATOR0000000` and a fixed secret. When a session token is given, requests must carry it. */
  credentials?: EmulatorCredentials;
  /** Accepted bearer key. Default `bedrock-api-key-emulator`. */
  apiKey?: string;
  /** Seed of the generated content (same seed + same prompt → same answer). Default 1. */
  seed?: number;
  /** Check SigV4 / bearer auth. Default true. */
  verifyAuth?: boolean;
  /** Write stream frames in bulk (≈16 KiB writes) instead of one `write` per frame. Default false. */
  coalesce?: boolean;
  /**
   * Words in each generated answer (before `max_tokens` cuts it), at most `maxOutputWords`. Default: 12-40, seeded.
   * Also settable per request with header `x-emulator-output-words`. Benchmarks use it for long streams.
   */
  outputWords?: number;
  /** The most words `outputWords` or `x-emulator-output-words` may ask for. Default 100,000 (~0.7 MB of text); at most 50,000,000. */
  maxOutputWords?: number;
  /**
   * Accept what Bedrock refuses: any id whose prefix names a known family, any body. Default false:
   * the emulator is strict like AWS (unknown ids, unsupported operations and content, profile-only
   * models called by their bare id, and bodies AWS's schemas refuse all get AWS's 400). Use it only
   * for tests that deliberately send odd bodies.
   */
  lenient?: boolean;
  /**
   * Application inference profile or provisioned-model ARNs (they name no model) → the foundation
   * model id each one serves, so the emulator checks requests against that model. Unmapped ARNs
   * are answered by the family their body looks like.
   */
  profiles?: Record<string, string>;
  /** The emulator's clock, for the time checks of SigV4 and credential expiry. Default: the system clock. For tests with fake or recorded times. */
  clock?: () => Date;
  /**
   * Refuse a SigV4 `x-amz-date` more than 5 minutes away from the clock, as AWS does (403
   * InvalidSignatureException "Signature expired: …"). Default true; false for tests that sign with
   * fixed or fake dates without setting `clock`.
   */
  checkSignatureDate?: boolean;
  /** Largest request body read (a larger one is answered 413 without being read). Default 25,000,000 (AWS's InvokeModel limit). */
  maxBodyBytes?: number;
  /** Requests kept in `requests`, newest last; older ones are dropped. Default 1000; 0 keeps none. */
  maxLoggedRequests?: number;
  /** A connection must send its request head within this time (also the first byte). Default 60 000 (node:http's); 0 = none. */
  headersTimeoutMs?: number;
  /**
   * Words that make ApplyGuardrail intervene (its word policy) and image prompts be refused by the
   * content filter. Whole words, any case. Default `['forbidden']`.
   */
  blockedWords?: string[];
  /** Async invoke jobs stay InProgress for this many looks (GetAsyncInvoke or a listing), then complete. Default 1. */
  asyncInvokePolls?: number;
  /** InvokeModelWithBidirectionalStream: a session longer than this ends with a `modelTimeoutException` frame. Default 480 000 (the service's 8 minutes). */
  maxSessionMs?: number;
}

/** One request as received, kept for attempt counting and assertions. */
export interface EmulatorRequest {
  operation: Operation | 'apply-guardrail' | 'start-async-invoke' | 'get-async-invoke' | 'list-async-invokes' | 'rerank' | 'unknown';
  modelId: string;
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Uint8Array;
  auth: 'sigv4' | 'bearer' | 'none';
  /** HTTP status answered (0 when the socket was destroyed before a status was sent). */
  status: number;
}

/**
 * A fault to inject. Stream-only kinds (`exception`, `errorFrame`, `stall`, `corruptCrc`, `oversized`, `replay`)
 * match only the streaming operations; `status`, `reset` and `delay` match any.
 * `afterEvents` counts the frames sent intact before the fault.
 */
export type Fault =
  | { kind: 'status'; status: number; errorType: string; message?: string; retryAfterSeconds?: number }
  | { kind: 'exception'; afterEvents: number; exceptionType: string; message?: string }
  | { kind: 'errorFrame'; afterEvents: number; errorCode: string; errorMessage: string }
  /** `afterBytes: 0` destroys the socket before any response byte; N > 0 sends headers and N body bytes first. */
  | { kind: 'reset'; afterBytes: number }
  /** Stops sending after N frames; the socket stays open until the client leaves or `close()`. */
  | { kind: 'stall'; afterEvents: number }
  /** Flips a bit in the message CRC of frame N (0-based); the frames after it are sent normally. */
  | { kind: 'corruptCrc'; afterEvents: number }
  /** After N frames, sends a 12-byte prelude (valid prelude CRC) declaring `bytes` total length, then ends the body. */
  | { kind: 'oversized'; afterEvents: number; bytes: number }
  /** `firstByteMs` before the response headers; `perChunkMs` between frames (0 = yield to the event loop between frames). */
  | { kind: 'delay'; perChunkMs: number; firstByteMs?: number }
  /** Sends this recorded event-stream body verbatim as the stream response. */
  | { kind: 'replay'; body: Uint8Array };

export interface InjectOptions {
  /** How many matching requests consume the fault. Default 1; `Infinity` for all. */
  times?: number;
  /** Only requests of this operation (e.g. `invoke-with-response-stream`). */
  operation?: string;
  /** Only requests for this model id (as decoded from the path). */
  modelId?: string;
}

export interface Emulator {
  url: string;
  region: string;
  credentials: EmulatorCredentials;
  apiKey: string;
  requests: EmulatorRequest[];
  inject(fault: Fault, options?: InjectOptions): void;
  clearFaults(): void;
  /** Sockets currently open (HTTP/1.1 and h2c). */
  openConnections(): number;
  /** Stops listening and destroys every open socket (stalled streams included). */
  close(): Promise<void>;
}
