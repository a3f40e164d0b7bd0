// embed(): one request for every embedding model. Splits the input over the model's per-call
// limit, runs the calls with bounded concurrency through the runtime (signing, retries, typed
// errors), and puts the vectors back in input order.
import { MalformedResponseError, ValidationError } from '../errors.js';
import type { BedrockRuntime } from '../runtime/client.js';
import { withRuntime, type RuntimeSource } from '../runtime/source.js';
import { batches, checkEmbedOptions, checkInput, decodeEmbedBody, encodeEmbedBody, unitLength } from './codec.js';
import type { EmbedBodyOptions, EmbedInput } from './codec.js';
import { embeddingSpec, type EmbeddingFormat, type EmbeddingType } from './models.js';

export interface EmbedRequest extends EmbedBodyOptions {
  /** Model id, geo-prefixed inference profile id or ARN. */
  model: string;
  /** One input or a list; a list is split over the model's per-call limit. */
  input: EmbedInput | EmbedInput[];
  /** The body shape, for ids that do not name a model (application inference profile ARNs). */
  format?: EmbeddingFormat;
}

export interface EmbedOptions {
  signal?: AbortSignal;
  /** Calls in flight at once when the input needs several. Default 4. */
  concurrency?: number;
  /** Inputs per request at most (a guard against sending a huge list by mistake). Default 2048. */
  maxInputs?: number;
}

export interface EmbedResult {
  /** One vector per input, in input order: the first of `embeddingTypes` (default `float`). */
  embeddings: number[][];
  /** Every type asked for (`embeddingTypes`), one vector per input each. */
  embeddingsByType: Partial<Record<EmbeddingType, number[][]>>;
  usage: { inputTokens: number };
  model: string;
  /** One per call made. */
  requestIds: string[];
}

const utf8 = new TextDecoder();

/**
 * Embeds texts (and images, where the model takes them) with any Bedrock embedding model.
 *
 * ```ts
 * const { embeddings } = await embed(bedrock, { model: 'amazon.titan-embed-text-v2:0', input: ['a', 'b'], dimensions: 256 });
 * ```
 * `client` is a `BedrockProvider`, a `BedrockRuntime` or runtime options. Input a model cannot
 * take (an image for a text model, a length it does not offer, an empty text) is a
 * `ValidationError` naming the field, before anything is sent.
 */
export async function embed(client: RuntimeSource, request: EmbedRequest, options: EmbedOptions = {}): Promise<EmbedResult> {
  const { model, format } = request;
  if (typeof model !== 'string' || !model.trim()) throw new ValidationError('model: expected an embedding model id');
  const spec = embeddingSpec(model, format);
  checkEmbedOptions(spec, request);
  const list = Array.isArray(request.input) ? request.input : [request.input];
  const maxInputs = options.maxInputs ?? 2048;
  if (list.length === 0) throw new ValidationError('input: expected at least one text or image');
  if (list.length > maxInputs) throw new ValidationError(`input: ${list.length} inputs is over maxInputs (${maxInputs})`);
  // { text } alone is a text: Cohere can then batch it.
  const items = list.map((x) => (typeof x === 'object' && x && x.image === undefined && typeof x.text === 'string' ? x.text : x));
  items.forEach((item, i) => checkInput(spec, item, i));
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new ValidationError(`concurrency: expected an integer >= 1, got ${concurrency}`);

  const types = request.embeddingTypes ?? ['float'];
  const byType: Partial<Record<EmbeddingType, number[][]>> = {};
  for (const t of types) byType[t] = new Array(items.length);
  const requestIds: string[] = [];
  let inputTokens = 0;
  // Titan v2 normalizes on the service; other models are scaled here when asked.
  const normalizeHere = request.normalize === true && spec.format !== 'titan-text-v2';

  const call = async (rt: BedrockRuntime, idx: number[]) => {
    const body = encodeEmbedBody(spec, idx.map((i) => items[i]), request);
    const out = await rt.invokeModel({ modelId: model, body }, { signal: options.signal });
    let json: unknown;
    try {
      json = JSON.parse(utf8.decode(out.body));
    } catch {
      throw new MalformedResponseError(`embedding response is not JSON (request id ${out.requestId})`, { requestId: out.requestId });
    }
    const decoded = decodeEmbedBody(spec, json, idx.length, request);
    requestIds.push(out.requestId);
    inputTokens += out.inputTokenCount ?? decoded.inputTokens ?? 0;
    for (const t of types) {
      const got = decoded.byType[t]!;
      idx.forEach((at, k) => (byType[t]![at] = normalizeHere && t === 'float' ? unitLength(got[k]) : got[k]));
    }
  };

  await withRuntime(client, async (rt) => {
    const queue = batches(spec, items);
    let next = 0;
    let failed = false;
    const worker = async () => {
      while (!failed && next < queue.length) {
        const idx = queue[next++];
        try {
          await call(rt, idx);
        } catch (e) {
          failed = true; // no new calls after the first failure
          throw e;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  });
  return { embeddings: byType[types[0]]!, embeddingsByType: byType, usage: { inputTokens }, model, requestIds };
}
