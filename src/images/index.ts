// bedrock-wire/images: image generation and editing (Titan Image Generator, Nova Canvas, Stability).
export { generateImage, type GenerateImageRequest, type GenerateImageResult } from './generate.js';
export { encodeImageBody, decodeImageBody, imageFormat } from './codec.js';
export type { DecodedImages, ImageBodyInput, ImageFormat, ImageTask } from './codec.js';
export { ContentFilteredError } from './errors.js';
export type { RuntimeSource } from '../runtime/source.js';
