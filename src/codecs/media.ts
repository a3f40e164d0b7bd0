// The image media types every vision family accepts, as a value (for callers that hold a string).
import type { ImageMediaType } from './types.js';

const IMAGE_MEDIA_TYPES: ReadonlySet<string> = new Set<ImageMediaType>(['image/png', 'image/jpeg', 'image/jpg', 'image/gif', 'image/webp']);

/** `true` for a media type `ImagePart.mediaType` takes (exact, lower case). */
export function isImageMediaType(value: unknown): value is ImageMediaType {
  return typeof value === 'string' && IMAGE_MEDIA_TYPES.has(value);
}
