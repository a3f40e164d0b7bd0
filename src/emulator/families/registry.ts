import type { EmulatorFamily } from '../types.js';
import { anthropic } from './anthropic.js';
import { cohere } from './cohere.js';
import { deepseek } from './deepseek.js';
import { gptOss } from './gpt-oss.js';
import { jamba } from './jamba.js';
import { llama } from './llama.js';
import { mistral } from './mistral.js';
import { nova } from './nova.js';
import type { FamilyReader } from './shape.js';
import { titan } from './titan.js';

export const readers: Readonly<Record<EmulatorFamily, FamilyReader>> = {
  anthropic,
  titan,
  nova,
  llama,
  cohere,
  jamba,
  mistral,
  deepseek,
  'gpt-oss': gptOss,
};
