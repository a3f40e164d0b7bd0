// Image models through InvokeModel: Titan Image Generator / Nova Canvas (`taskType` bodies, answer
// `{"images":[…],"error":null}`) and Stability (`prompt` bodies, answer `{"seeds","finish_reasons","images"}`).
// A prompt holding a blocked word is refused like the service does: Titan / Nova with a 400
// ValidationException, Stability with HTTP 200 and `finish_reasons: ["Filter reason: prompt"]`.
import { png } from './png.js';
import { bareModel, type OpsKind } from './models.js';

export type ImageAnswer = { json: unknown } | { error: string };

export const FILTER_MESSAGE = 'This request has been blocked by our content filters.';

const PARAMS: Record<string, string> = {
  TEXT_IMAGE: 'textToImageParams',
  COLOR_GUIDED_GENERATION: 'colorGuidedGenerationParams',
  INPAINTING: 'inPaintingParams',
  OUTPAINTING: 'outPaintingParams',
  IMAGE_VARIATION: 'imageVariationParams',
  BACKGROUND_REMOVAL: 'backgroundRemovalParams',
};

const blocked = (text: unknown, words: readonly string[]) => typeof text === 'string' && words.some((w) => new RegExp(`\\b${w}\\b`, 'i').test(text));
const b64 = (x: unknown) => typeof x === 'string' && x.length > 0 && /^[A-Za-z0-9+/=]+$/.test(x);

export function answerImage(kind: OpsKind, model: string, body: Record<string, any>, seed: number, words: readonly string[]): ImageAnswer {
  if (kind === 'stability') return stability(model, body, seed, words);
  const task = body.taskType;
  const key = PARAMS[task];
  if (!key) return { error: `Malformed input request: #/taskType: ${task} is not a valid enum value, please reformat your input and try again.` };
  const p = body[key];
  if (typeof p !== 'object' || p === null) return { error: `Malformed input request: #: required key [${key}] not found, please reformat your input and try again.` };
  const needsText = task === 'TEXT_IMAGE' || task === 'COLOR_GUIDED_GENERATION';
  if (needsText && (typeof p.text !== 'string' || p.text.length < 1 || p.text.length > 1024)) return { error: `Malformed input request: #/${key}/text: expected 1-1024 characters, please reformat your input and try again.` };
  if (task === 'IMAGE_VARIATION' ? !(Array.isArray(p.images) && p.images.length >= 1 && p.images.length <= 5 && p.images.every(b64)) : !needsText && !b64(p.image)) {
    return { error: `Malformed input request: #/${key}: required key [${task === 'IMAGE_VARIATION' ? 'images' : 'image'}] not found, please reformat your input and try again.` };
  }
  if ((task === 'INPAINTING' || task === 'OUTPAINTING') && p.maskPrompt === undefined && p.maskImage === undefined) {
    return { error: `Malformed input request: #/${key}: one of [maskPrompt, maskImage] is required, please reformat your input and try again.` };
  }
  if (blocked(p.text, words) || blocked(p.negativeText, words) || blocked(p.maskPrompt, words)) return { error: FILTER_MESSAGE };
  const c = body.imageGenerationConfig ?? {};
  const n = c.numberOfImages ?? 1;
  const width = c.width ?? (task === 'BACKGROUND_REMOVAL' ? 512 : 1024);
  const height = c.height ?? (task === 'BACKGROUND_REMOVAL' ? 512 : 1024);
  if (!Number.isInteger(n) || n < 1 || n > 5) return { error: 'Malformed input request: #/imageGenerationConfig/numberOfImages: must be 1-5, please reformat your input and try again.' };
  if (![width, height].every((d) => Number.isInteger(d) && d >= 320 && d <= 4096 && d % 16 === 0)) {
    return { error: 'Malformed input request: #/imageGenerationConfig: width and height must be multiples of 16 between 320 and 4096, please reformat your input and try again.' };
  }
  const s = c.seed ?? 0;
  const keyText = `${bareModel(model)}\u0000${task}\u0000${p.text ?? ''}\u0000${s}`;
  const images = Array.from({ length: task === 'BACKGROUND_REMOVAL' ? 1 : n }, (_, i) => png(width, height, seed, `${keyText}\u0000${i}`, task === 'BACKGROUND_REMOVAL').toString('base64'));
  return { json: { images, error: null } };
}

const RATIOS: Record<string, [number, number]> = {
  '1:1': [1024, 1024], '16:9': [1344, 768], '9:16': [768, 1344], '21:9': [1536, 640], '9:21': [640, 1536],
  '2:3': [832, 1216], '3:2': [1216, 832], '4:5': [896, 1088], '5:4': [1088, 896],
};

function stability(model: string, body: Record<string, any>, seed: number, words: readonly string[]): ImageAnswer {
  const edit = !/sd3|stable-image-(ultra|core)/.test(model);
  if (typeof body.prompt !== 'string' && !/remove-background/.test(model)) return { error: 'Malformed input request: #: required key [prompt] not found, please reformat your input and try again.' };
  if ((edit || body.mode === 'image-to-image') && !b64(body.image)) return { error: 'Malformed input request: #: required key [image] not found, please reformat your input and try again.' };
  const format = body.output_format ?? 'png';
  if (format !== 'png') return { error: `The emulator writes png only, not ${format}.` };
  const ratio = RATIOS[body.aspect_ratio ?? '1:1'];
  if (!ratio) return { error: `Malformed input request: #/aspect_ratio: ${body.aspect_ratio} is not a valid enum value, please reformat your input and try again.` };
  const s = Number.isInteger(body.seed) && body.seed > 0 ? body.seed : 1 + (Math.abs(seed * 2654435761) % 4294967294);
  if (blocked(body.prompt, words) || blocked(body.negative_prompt, words)) return { json: { seeds: [s], finish_reasons: ['Filter reason: prompt'], images: [] } };
  const [w, h] = edit ? [512, 512] : ratio;
  return { json: { seeds: [s], finish_reasons: [null], images: [png(w, h, seed, `${bareModel(model)}\u0000${body.prompt}\u0000${s}`, /remove-background/.test(model)).toString('base64')] } };
}
