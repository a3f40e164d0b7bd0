// Family → codec.

import { anthropicCodec } from './anthropic.js';
import type { ModelCodec } from './codec.js';
import { novaCodec } from './nova.js';
import type { ModelFamily } from './types.js';
import { ValidationError } from '../errors.js';

const CODECS: Partial<Record<ModelFamily, ModelCodec>> = {
  anthropic: anthropicCodec,
  nova: novaCodec,
};

export function getCodec(family: ModelFamily): ModelCodec {
  const codec = CODECS[family];
  if (!codec) throw new ValidationError(`no codec for model family '${String(family)}'`);
  return codec;
}
