// The decodeResponse / createStreamDecoder pair of an InvokeModel family. The family says how a
// body or a chunk goes into the ResponseBuilder; the shape check, Bedrock's invocation metrics
// (on the last chunk of every stream) and the end of the response are the same for all.

import { ResponseBuilder } from './builder.js';
import type { ModelCodec, ResponseMeta } from './codec.js';
import { invalid } from './invalid.js';
import { isRecord } from './json.js';
import { TagSplitter } from './tags.js';
import type { StreamChunk } from './types.js';

/** Applies one body or chunk; `out` collects the chunks to emit when streaming. */
export type Apply = (b: ResponseBuilder, r: Record<string, unknown>, out?: StreamChunk[]) => void;

export interface Reader {
  /** The family as errors name it: `Titan response body is not an object`. */
  name: string;
  /** One stream chunk; also the whole body when `body` is not given (same shape). */
  chunk: Apply;
  body?: Apply;
  /** Tags of a reasoning section written inline before the answer (see tags.ts). */
  tags?: [open: string, close: string, startInside: boolean];
}

export function decoders(reader: Reader): Pick<ModelCodec, 'decodeResponse' | 'createStreamDecoder'> {
  const { name, chunk, body = chunk, tags } = reader;
  const builder = (meta: ResponseMeta) => new ResponseBuilder(meta, tags && new TagSplitter(...tags));
  return {
    decodeResponse(json, meta) {
      if (!isRecord(json)) throw invalid(`${name} response body is not an object`);
      const b = builder(meta);
      body(b, json);
      b.addInvocationMetrics(json);
      guardrail(b, json);
      return b.build();
    },
    createStreamDecoder(meta) {
      const b = builder(meta);
      return {
        push(json) {
          const out: StreamChunk[] = [];
          if (isRecord(json)) {
            chunk(b, json, out);
            b.addInvocationMetrics(json);
            guardrail(b, json);
          }
          return out;
        },
        finish: () => b.finish(),
        partial: () => b.partial(),
      };
    },
  };
}

/** What Bedrock adds to InvokeModel bodies and chunks when a guardrail ran: its action and trace. */
function guardrail(b: ResponseBuilder, json: Record<string, unknown>): void {
  const trace = json['amazon-bedrock-trace'];
  const action = json['amazon-bedrock-guardrailAction'];
  if (trace !== undefined || action !== undefined) b.addGuardrail(trace, action);
}
