// The typed refusal of an image model's content filter: a ValidationError (the request cannot
// succeed as sent) that names the reason the service gave.
import { ValidationError, type BedrockErrorOptions } from '../errors.js';

/** `name` stays `ValidationError` (code `ValidationException`): catches written for that keep working; test with `instanceof ContentFilteredError`. */
export class ContentFilteredError extends ValidationError {
  declare name: 'ValidationError';
  /** The service's reason: Stability's `finish_reasons` entry ("Filter reason: prompt", "Filter reason: output image", ...) or Titan / Nova Canvas's message. */
  declare readonly reason: string;
  constructor(reason: string, options: BedrockErrorOptions = {}) {
    super(`The image model's content filter refused the request: ${reason}`, options);
    (this as { reason: string }).reason = reason;
  }
}
