// The core's share of InvokeModelWithBidirectionalStream: a synchronous shell that refuses a bearer
// key at once and forwards to the implementation (bidi.ts, with the HTTP/2 transport) loaded on
// first use. A code-splitting bundler puts that in its own chunk, so the core entry carries only
// this file for the operation.
import { ConfigurationError } from '../errors.js';
import type { BidiContext, BidirectionalStream, BidirectionalStreamInput, BidirectionalStreamOptions } from './bidi.js';

export function lazyBidirectionalStream(ctx: BidiContext, input: BidirectionalStreamInput, opts?: BidirectionalStreamOptions): BidirectionalStream {
  // Refused before anything loads or connects: the service takes only SigV4 here.
  if (!ctx.signer.signStream) {
    throw new ConfigurationError('InvokeModelWithBidirectionalStream does not accept Bedrock API keys (bearer): use AWS credentials (SigV4)');
  }
  const real = import('./bidi.js').then((m) => m.bidirectionalStream(ctx, input, opts) as BidirectionalStream & AsyncIterator<never>);
  const response = real.then((s) => s.response);
  response.catch(() => {}); // nobody has to listen to it
  const stream = {
    response,
    send: (event: object | Uint8Array) => real.then((s) => s.send(event)),
    end: () => real.then((s) => s.end()),
    cancel: (reason?: unknown) => void real.then((s) => s.cancel(reason), () => {}),
    next: () => real.then((s) => s.next()),
    return: () => real.then((s) => s.return!()),
    [Symbol.asyncIterator]: () => stream,
  };
  return stream;
}
