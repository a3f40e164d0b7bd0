// Family → codec.

import { ValidationError } from '../errors.js';
import { anthropicCodec } from './anthropic.js';
import type { ModelCodec } from './codec.js';
import { cohereCodec } from './cohere.js';
import { deepseekCodec } from './deepseek.js';
import { gptOssCodec } from './gpt-oss.js';
import { jambaCodec } from './jamba.js';
import { llamaCodec } from './llama.js';
import { mistralCodec } from './mistral.js';
import { novaCodec } from './nova.js';
import { titanCodec } from './titan.js';
import type { ModelFamily } from './types.js';

const CODECS: Record<ModelFamily, ModelCodec> = {
  anthropic: anthropicCodec,
  titan: titanCodec,
  nova: novaCodec,
  llama: llamaCodec,
  cohere: cohereCodec,
  jamba: jambaCodec,
  mistral: mistralCodec,
  deepseek: deepseekCodec,
  'gpt-oss': gptOssCodec,
};

export function getCodec(family: ModelFamily): ModelCodec {
  const codec = CODECS[family];
  if (!codec) throw new ValidationError(`no codec for model family '${String(family)}'`);
  return codec;
}
