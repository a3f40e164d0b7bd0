// generateImage(): one request shape for Titan Image Generator, Nova Canvas and the Stability
// models, through the runtime (signing, retries, typed errors). A content-filter refusal — a 400
// from Titan / Nova Canvas, a 200 with a reason from Stability — is a ContentFilteredError.
import { MalformedResponseError, ValidationError } from '../errors.js';
import { withRuntime, type RuntimeSource } from '../runtime/source.js';
import { decodeImageBody, encodeImageBody, imageFormat, type DecodedImages, type ImageBodyInput, type ImageFormat } from './codec.js';
import { ContentFilteredError } from './errors.js';

export interface GenerateImageRequest extends ImageBodyInput {
  model: string;
  /** The body shape, for ids that do not name a model (application inference profile ARNs). */
  format?: ImageFormat;
}

export interface GenerateImageResult extends DecodedImages {
  model: string;
  requestId: string;
}

const utf8 = new TextDecoder();

/**
 * ```ts
 * const { images } = await generateImage(bedrock, { model: 'amazon.nova-canvas-v1:0', prompt: 'a lighthouse at dusk', size: '1024x1024' });
 * ```
 */
export async function generateImage(client: RuntimeSource, request: GenerateImageRequest, options: { signal?: AbortSignal } = {}): Promise<GenerateImageResult> {
  const { model } = request;
  if (typeof model !== 'string' || !model) throw new ValidationError('model: expected an image model id');
  const format = request.format ?? imageFormat(model);
  if (!format) throw new ValidationError(`model: ${JSON.stringify(model)} is not an image model this library knows (Titan Image Generator, Nova Canvas, Stability); name its body shape with format`);
  const { format: _f, model: _m, ...input } = request;
  const body = encodeImageBody(format, model, input);
  return withRuntime(client, async (rt) => {
    let out;
    try {
      out = await rt.invokeModel({ modelId: model, body }, options);
    } catch (e) {
      // Titan / Nova Canvas refuse with 400 ValidationException "...blocked by our content filters."
      if (e instanceof ValidationError && /content filter/i.test(e.serviceMessage ?? '')) {
        throw new ContentFilteredError(e.serviceMessage!, { requestId: e.requestId, httpStatus: e.httpStatus, attempts: e.attempts, cause: e });
      }
      throw e;
    }
    let json: unknown;
    try {
      json = JSON.parse(utf8.decode(out.body));
    } catch {
      throw new MalformedResponseError(`image response is not JSON (request id ${out.requestId})`, { requestId: out.requestId });
    }
    return { ...decodeImageBody(format, json, out.requestId), model, requestId: out.requestId };
  });
}
