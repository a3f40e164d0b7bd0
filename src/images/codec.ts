// Image-generation bodies, pure. Sources: AWS "Amazon Titan Image Generator G1", "Amazon Nova
// Canvas: request and response structure" and "Stability AI" (SD3.5 Large, Stable Image Ultra /
// Core, the image services) request pages; the AI SDK's Bedrock image model for the edit tasks.
//   Titan / Nova Canvas: { taskType, <task>Params, imageGenerationConfig } → { images: [base64], error }
//   Stability:           { prompt, negative_prompt, seed, aspect_ratio, output_format, image?, mask? }
//                        → { seeds, finish_reasons, images } (a filter answers 200 with a reason)
import { MalformedResponseError, ValidationError } from '../errors.js';
import { toBase64 } from '../base64.js';
import { ContentFilteredError } from './errors.js';

export type ImageFormat = 'titan' | 'nova-canvas' | 'stability';
export type ImageTask = 'text-to-image' | 'inpaint' | 'outpaint' | 'variation' | 'remove-background';
type Bytes = Uint8Array | string;

export interface ImageBodyInput {
  prompt?: string;
  negativePrompt?: string;
  /** `{ width, height }` or `'1024x1024'` (Titan / Nova Canvas: multiples of 16, 320-4096). */
  size?: { width: number; height: number } | string;
  /** Stability: `1:1` (default), `16:9`, `21:9`, `2:3`, `3:2`, `4:5`, `5:4`, `9:16`, `9:21`. */
  aspectRatio?: string;
  /** Images per call: Titan / Nova Canvas 1-5; Stability 1. */
  count?: number;
  seed?: number;
  /** Titan / Nova Canvas prompt strength, 1.1-10. */
  cfgScale?: number;
  quality?: 'standard' | 'premium';
  /** Nova Canvas visual style (`PHOTOREALISM`, `DESIGN_SKETCH`, ...). */
  style?: string;
  /** Default `text-to-image`; the edit tasks take `image` (variation: `images`). */
  task?: ImageTask;
  image?: Bytes;
  images?: Bytes[];
  /** Inpaint / outpaint: the region, by description or by a mask image. */
  mask?: { prompt: string } | { image: Bytes };
  outpaintingMode?: 'DEFAULT' | 'PRECISE';
  /** Variation: 0.2-1.0. */
  similarityStrength?: number;
  /** Merged into the body last (Stability `strength`, `mode`, ...; Titan / Nova into the task params). */
  extra?: Record<string, unknown>;
}

const TASKS: Record<ImageTask, [string, string]> = {
  'text-to-image': ['TEXT_IMAGE', 'textToImageParams'],
  inpaint: ['INPAINTING', 'inPaintingParams'],
  outpaint: ['OUTPAINTING', 'outPaintingParams'],
  variation: ['IMAGE_VARIATION', 'imageVariationParams'],
  'remove-background': ['BACKGROUND_REMOVAL', 'backgroundRemovalParams'],
};

/** Model id → body shape; the Stability edit services each do one task. */
export function imageFormat(model: string): ImageFormat | undefined {
  const base = model.replace(/^arn:.*?\/(?=[a-z]+\.)/, '').replace(/^(us-gov|us|eu|apac|jp|au|ca|global)\./, '');
  if (base.startsWith('amazon.titan-image-generator')) return 'titan';
  if (base.startsWith('amazon.nova-canvas')) return 'nova-canvas';
  if (base.startsWith('stability.')) return 'stability';
  return undefined;
}

function parseSize(size: ImageBodyInput['size']): { width: number; height: number } | undefined {
  if (size === undefined) return undefined;
  const m = typeof size === 'string' ? /^(\d+)x(\d+)$/.exec(size) : undefined;
  const s = typeof size === 'string' ? (m ? { width: +m[1], height: +m[2] } : undefined) : size;
  if (!s || ![s.width, s.height].every((d) => Number.isInteger(d) && d >= 320 && d <= 4096 && d % 16 === 0)) {
    throw new ValidationError(`size: expected { width, height } or 'WxH' with multiples of 16 from 320 to 4096, got ${JSON.stringify(size)}`);
  }
  return s;
}

const b64 = (x: Bytes) => toBase64(x);

/** The InvokeModel body; `ValidationError` for what the model cannot take. */
export function encodeImageBody(format: ImageFormat, model: string, input: ImageBodyInput): Record<string, unknown> {
  const task = input.task ?? 'text-to-image';
  if (!(task in TASKS)) throw new ValidationError(`task: expected one of ${Object.keys(TASKS).join(', ')}, got ${JSON.stringify(task)}`);
  const { prompt, count } = input;
  if (prompt !== undefined && (typeof prompt !== 'string' || prompt.length === 0)) throw new ValidationError('prompt: expected a non-empty string');
  if (count !== undefined && (!Number.isInteger(count) || count < 1 || count > (format === 'stability' ? 1 : 5))) {
    throw new ValidationError(`count: ${format === 'stability' ? 'Stability models make one image a call' : 'expected 1-5'}, got ${count}`);
  }
  if (input.seed !== undefined && (!Number.isInteger(input.seed) || input.seed < 0 || input.seed > 4294967294)) throw new ValidationError(`seed: expected an integer 0-4294967294, got ${input.seed}`);
  const needsImage = task !== 'text-to-image' && task !== 'variation';
  if (needsImage && input.image === undefined) throw new ValidationError(`image: the ${task} task needs the image to edit`);
  if ((task === 'text-to-image' || task === 'outpaint') && prompt === undefined && !(format === 'stability' && input.image !== undefined)) {
    throw new ValidationError(`prompt: the ${task} task needs a prompt`);
  }
  if (format === 'stability') return stabilityBody(model, task, input);

  if (input.aspectRatio !== undefined) throw new ValidationError('aspectRatio: Titan and Nova Canvas take size ({ width, height })');
  if (task === 'remove-background' && /titan-image-generator-v1/.test(model)) throw new ValidationError('task: remove-background needs Titan Image Generator v2 or Nova Canvas');
  if (input.style !== undefined && format !== 'nova-canvas') throw new ValidationError('style: only Nova Canvas takes a style');
  const [taskType, key] = TASKS[task];
  const params: Record<string, unknown> = {};
  if (task === 'variation') {
    const images = input.images ?? (input.image !== undefined ? [input.image] : []);
    if (images.length < 1 || images.length > 5) throw new ValidationError('images: the variation task takes 1-5 images');
    params.images = images.map(b64);
    if (input.similarityStrength !== undefined) params.similarityStrength = input.similarityStrength;
  } else if (input.image !== undefined) params.image = b64(input.image);
  if (task !== 'remove-background') {
    if (prompt !== undefined) params.text = prompt;
    if (input.negativePrompt !== undefined) params.negativeText = input.negativePrompt;
  }
  if (task === 'inpaint' || task === 'outpaint') {
    const mask = input.mask;
    if (!mask) throw new ValidationError(`mask: the ${task} task needs { prompt } or { image }`);
    if ('prompt' in mask) params.maskPrompt = mask.prompt;
    else params.maskImage = b64(mask.image);
    if (task === 'outpaint' && input.outpaintingMode) params.outPaintingMode = input.outpaintingMode;
  }
  if (input.style !== undefined && task === 'text-to-image') params.style = input.style;
  Object.assign(params, input.extra);
  const body: Record<string, unknown> = { taskType, [key]: params };
  if (task === 'remove-background') return body;
  const config: Record<string, unknown> = {};
  const size = parseSize(input.size);
  if (count !== undefined) config.numberOfImages = count;
  if (size) Object.assign(config, size);
  if (input.quality !== undefined) config.quality = input.quality;
  if (input.cfgScale !== undefined) config.cfgScale = input.cfgScale;
  if (input.seed !== undefined) config.seed = input.seed;
  if (Object.keys(config).length) body.imageGenerationConfig = config;
  return body;
}

function stabilityBody(model: string, task: ImageTask, input: ImageBodyInput): Record<string, unknown> {
  for (const f of ['size', 'cfgScale', 'quality', 'style', 'similarityStrength', 'outpaintingMode', 'images'] as const) {
    if (input[f] !== undefined) throw new ValidationError(`${f}: Stability models do not take it (size by aspectRatio)`);
  }
  if (task === 'variation') throw new ValidationError('task: Stability models have no variation task');
  const body: Record<string, unknown> = {};
  if (input.prompt !== undefined) body.prompt = input.prompt;
  if (input.negativePrompt !== undefined) body.negative_prompt = input.negativePrompt;
  if (input.image !== undefined) body.image = b64(input.image);
  if (input.mask && 'image' in input.mask) body.mask = b64(input.mask.image);
  if (input.seed !== undefined) body.seed = input.seed;
  if (input.aspectRatio !== undefined) body.aspect_ratio = input.aspectRatio;
  body.output_format = 'png';
  // The text-to-image models take an image for image-to-image; the edit services take it as is.
  if (task === 'text-to-image' && input.image !== undefined && /sd3|stable-image-(ultra|core)/.test(model)) body.mode = 'image-to-image';
  return input.extra ? { ...body, ...input.extra } : body;
}

export interface DecodedImages {
  images: Uint8Array[];
  seeds?: number[];
  finishReasons?: Array<string | null>;
}

function fromBase64(s: unknown, i: number): Uint8Array {
  if (typeof s !== 'string') throw new MalformedResponseError(`images[${i}]: expected base64 text`);
  const B = (globalThis as { Buffer?: { from(s: string, e: 'base64'): Uint8Array } }).Buffer;
  if (B) return new Uint8Array(B.from(s, 'base64'));
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let k = 0; k < bin.length; k++) out[k] = bin.charCodeAt(k);
  return out;
}

/** The answer → image bytes. A filtered answer (Stability's 200 with a reason) is a `ContentFilteredError`. */
export function decodeImageBody(format: ImageFormat, json: unknown, requestId?: string): DecodedImages {
  const r = json as Record<string, any> | null;
  if (!r || typeof r !== 'object') throw new MalformedResponseError('image response: expected a JSON object', { requestId });
  if (format === 'stability') {
    const reasons: Array<string | null> = Array.isArray(r.finish_reasons) ? r.finish_reasons : [];
    const why = reasons.find((x) => x !== null && x !== undefined);
    if (why) throw new ContentFilteredError(String(why), { requestId, httpStatus: 200 });
  } else if (typeof r.error === 'string' && r.error) {
    throw new ContentFilteredError(r.error, { requestId, httpStatus: 200 });
  }
  if (!Array.isArray(r.images) || r.images.length === 0) throw new MalformedResponseError('image response: no images', { requestId });
  const out: DecodedImages = { images: r.images.map(fromBase64) };
  if (Array.isArray(r.seeds)) out.seeds = r.seeds;
  if (Array.isArray(r.finish_reasons)) out.finishReasons = r.finish_reasons;
  return out;
}
