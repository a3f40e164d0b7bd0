// Requests a family cannot honour fail before anything is sent.

import { ValidationError } from '../errors.js';
import type { ModelFamily } from './types.js';

/** A `ValidationError` naming the family and what it cannot do. */
export function unsupported(family: ModelFamily | 'converse', what: string, hint?: string): Error {
  return new ValidationError(`${family} models do not support ${what}${hint ? `; ${hint}` : ''}`);
}

export function invalid(message: string): Error {
  return new ValidationError(message);
}
