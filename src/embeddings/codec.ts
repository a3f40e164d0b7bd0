// Embedding bodies in and out, per model: pure, no I/O. One call's worth of input at a time
// (embed.ts splits a request over the model's per-call limit).
import { MalformedResponseError, ValidationError } from '../errors.js';
import { toBase64 } from '../base64.js';
import type { EmbeddingSpec, EmbeddingType } from './models.js';

export type ImageMediaType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

/** An image to embed: bytes or base64, with its media type. */
export interface EmbedImage {
  data: Uint8Array | string;
  mediaType: ImageMediaType;
}

/** One thing to embed: a text, an image, or (Titan Multimodal) both into one vector. */
export type EmbedInput = string | { text?: string; image?: EmbedImage };

/** What every model understands, mapped to each model's own words. */
export type InputType = 'search_document' | 'search_query' | 'classification' | 'clustering';

export interface EmbedBodyOptions {
  /**
   * Cohere `input_type`; Nova `embeddingPurpose` (search_document → GENERIC_INDEX, search_query →
   * GENERIC_RETRIEVAL, classification → CLASSIFICATION, clustering → CLUSTERING; an upper-case
   * Nova purpose such as TEXT_RETRIEVAL is sent as is). Titan has none. Default `search_document`.
   */
  inputType?: InputType | (string & {});
  dimensions?: number;
  /** Titan Text v2 `normalize` (sent); other models: scaled to unit length here when true. */
  normalize?: boolean;
  embeddingTypes?: EmbeddingType[];
  /** Cohere `truncate` (sent only when given; the model's default is END), Nova `truncationMode` (default END). */
  truncate?: 'NONE' | 'START' | 'END';
  /** Merged into each body last (e.g. Cohere v4 `max_tokens`). */
  extra?: Record<string, unknown>;
}

/** Decoded vectors of one call, by type; `float` when no type was asked for. */
export interface DecodedEmbeddings {
  byType: Partial<Record<EmbeddingType, number[][]>>;
  /** From the body where the model reports it (Titan). */
  inputTokens?: number;
}

const NOVA_PURPOSE: Record<string, string> = {
  search_document: 'GENERIC_INDEX',
  search_query: 'GENERIC_RETRIEVAL',
  classification: 'CLASSIFICATION',
  clustering: 'CLUSTERING',
};

const IMAGE_FORMAT: Record<ImageMediaType, string> = { 'image/png': 'png', 'image/jpeg': 'jpeg', 'image/gif': 'gif', 'image/webp': 'webp' };

/** Checks the options against the model before anything is sent; throws `ValidationError` naming the field. */
export function checkEmbedOptions(spec: EmbeddingSpec, o: EmbedBodyOptions): void {
  const { dimensions, embeddingTypes, truncate } = o;
  if (dimensions !== undefined && dimensions !== spec.dimensions && !spec.sizes?.includes(dimensions)) {
    throw new ValidationError(
      `dimensions: ${spec.format} ${spec.sizes ? `takes ${spec.sizes.join(', ')}` : `has a fixed length of ${spec.dimensions}`}, got ${dimensions}`,
    );
  }
  if (embeddingTypes !== undefined) {
    if (!Array.isArray(embeddingTypes) || embeddingTypes.length === 0) throw new ValidationError('embeddingTypes: expected a non-empty array');
    for (const t of embeddingTypes) {
      if (!spec.types.includes(t)) throw new ValidationError(`embeddingTypes: ${spec.format} answers ${spec.types.join(', ')}, not ${JSON.stringify(t)}`);
    }
  }
  if (truncate !== undefined && truncate !== 'NONE' && truncate !== 'START' && truncate !== 'END') {
    throw new ValidationError(`truncate: expected NONE, START or END, got ${JSON.stringify(truncate)}`);
  }
  if (truncate !== undefined && spec.format.startsWith('titan')) throw new ValidationError(`truncate: ${spec.format} has no truncation option`);
  if (o.inputType !== undefined && typeof o.inputType !== 'string') throw new ValidationError('inputType: expected a string');
}

/** Checks one input item against the model. */
export function checkInput(spec: EmbeddingSpec, item: EmbedInput, i: number): void {
  if (typeof item === 'string') {
    if (item.length === 0) throw new ValidationError(`input[${i}]: an empty text cannot be embedded`);
    return;
  }
  if (!item || typeof item !== 'object' || (item.text === undefined && item.image === undefined)) {
    throw new ValidationError(`input[${i}]: expected a string or { text?, image? }`);
  }
  if (item.text !== undefined && (typeof item.text !== 'string' || item.text.length === 0)) throw new ValidationError(`input[${i}].text: expected a non-empty string`);
  if (item.image !== undefined) {
    if (!spec.images) throw new ValidationError(`input[${i}].image: ${spec.format} embeds text only`);
    const { data, mediaType } = item.image;
    if (!(mediaType in IMAGE_FORMAT)) throw new ValidationError(`input[${i}].image.mediaType: expected image/png, image/jpeg, image/gif or image/webp`);
    if (!(data instanceof Uint8Array) && typeof data !== 'string') throw new ValidationError(`input[${i}].image.data: expected bytes or base64`);
    if (item.text !== undefined && spec.format !== 'titan-multimodal') {
      throw new ValidationError(`input[${i}]: ${spec.format} embeds a text or an image, not both in one vector (Titan Multimodal does)`);
    }
  }
}

/**
 * Input indexes per call: Cohere batches texts (up to 96 a call); an image, and every input of the
 * other models, go one per call. Results are put back by index, so order is kept.
 */
export function batches(spec: EmbeddingSpec, items: EmbedInput[]): number[][] {
  const out: number[][] = [];
  let texts: number[] = [];
  items.forEach((item, i) => {
    if (typeof item !== 'string' || spec.maxTexts === 1) return void out.push([i]);
    texts.push(i);
    if (texts.length === spec.maxTexts) {
      out.push(texts);
      texts = [];
    }
  });
  if (texts.length) out.push(texts);
  return out;
}

function b64(data: Uint8Array | string): string {
  return typeof data === 'string' ? data : toBase64(data);
}

function textOf(item: EmbedInput): string | undefined {
  return typeof item === 'string' ? item : item.text;
}

/** The InvokeModel body for one call. */
export function encodeEmbedBody(spec: EmbeddingSpec, batch: EmbedInput[], o: EmbedBodyOptions): Record<string, unknown> {
  const first = batch[0];
  const image = typeof first === 'string' ? undefined : first.image;
  const text = textOf(first);
  const dims = o.dimensions;
  let body: Record<string, unknown>;
  switch (spec.format) {
    case 'titan-text-v1':
      body = { inputText: text };
      break;
    case 'titan-text-v2':
      body = { inputText: text };
      if (dims !== undefined) body.dimensions = dims;
      if (o.normalize !== undefined) body.normalize = o.normalize;
      if (o.embeddingTypes) body.embeddingTypes = o.embeddingTypes;
      break;
    case 'titan-multimodal':
      body = {};
      if (text !== undefined) body.inputText = text;
      if (image) body.inputImage = b64(image.data);
      if (dims !== undefined) body.embeddingConfig = { outputEmbeddingLength: dims };
      break;
    case 'cohere-v3':
    case 'cohere-v4':
      body = image
        ? { images: [`data:${image.mediaType};base64,${b64(image.data)}`] }
        : { texts: batch.map((t) => textOf(t)) };
      body.input_type = o.inputType ?? 'search_document';
      if (o.embeddingTypes) body.embedding_types = o.embeddingTypes;
      if (dims !== undefined && spec.format === 'cohere-v4') body.output_dimension = dims;
      if (o.truncate !== undefined) body.truncate = o.truncate;
      break;
    case 'nova': {
      const it = o.inputType ?? 'search_document';
      const params: Record<string, unknown> = { embeddingPurpose: NOVA_PURPOSE[it] ?? it };
      if (image) params.image = { format: IMAGE_FORMAT[image.mediaType], source: { bytes: b64(image.data) } };
      else params.text = { value: text, truncationMode: o.truncate ?? 'END' };
      if (dims !== undefined) params.embeddingDimension = dims;
      body = { taskType: 'SINGLE_EMBEDDING', singleEmbeddingParams: params };
      break;
    }
  }
  return o.extra ? { ...body, ...o.extra } : body;
}

function vector(v: unknown, what: string): number[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number')) throw new MalformedResponseError(`${what}: expected an array of numbers`);
  return v;
}

function vectors(v: unknown, what: string): number[][] {
  if (!Array.isArray(v)) throw new MalformedResponseError(`${what}: expected an array of vectors`);
  return v.map((x, i) => vector(x, `${what}[${i}]`));
}

/**
 * One call's answer → vectors by type. `count` is how many inputs the call carried: a different
 * number of vectors back is a `MalformedResponseError`, never a silent misalignment.
 */
export function decodeEmbedBody(spec: EmbeddingSpec, json: unknown, count: number, o: EmbedBodyOptions): DecodedEmbeddings {
  if (!json || typeof json !== 'object') throw new MalformedResponseError('embedding response: expected a JSON object');
  const r = json as Record<string, any>;
  const out: DecodedEmbeddings = { byType: {} };
  switch (spec.format) {
    case 'titan-text-v1':
    case 'titan-text-v2':
    case 'titan-multimodal': {
      // v2 sends the float vector twice (embedding and embeddingsByType.float): one is kept.
      const byType = r.embeddingsByType && typeof r.embeddingsByType === 'object' ? r.embeddingsByType : {};
      for (const t of o.embeddingTypes ?? ['float']) {
        const v = byType[t] ?? (t === 'float' ? r.embedding : undefined);
        out.byType[t] = [vector(v, `embeddingsByType.${t}`)];
      }
      if (typeof r.inputTextTokenCount === 'number') out.inputTokens = r.inputTextTokenCount;
      break;
    }
    case 'cohere-v3':
    case 'cohere-v4': {
      // embeddings_floats: a flat list of vectors; embeddings_by_type: keyed by type.
      const e = r.embeddings;
      if (Array.isArray(e)) out.byType.float = vectors(e, 'embeddings');
      else if (e && typeof e === 'object') for (const t of o.embeddingTypes ?? ['float']) out.byType[t] = vectors(e[t], `embeddings.${t}`);
      else throw new MalformedResponseError('embeddings: missing');
      break;
    }
    case 'nova': {
      if (!Array.isArray(r.embeddings)) throw new MalformedResponseError('embeddings: expected [{ embeddingType, embedding }]');
      out.byType.float = r.embeddings.map((e: any, i: number) => vector(e?.embedding, `embeddings[${i}].embedding`));
      break;
    }
  }
  for (const [t, list] of Object.entries(out.byType)) {
    if (list!.length !== count) throw new MalformedResponseError(`embeddings.${t}: ${list!.length} vectors for ${count} inputs`);
  }
  return out;
}

/** Scales a vector to unit length (a zero vector stays zero). */
export function unitLength(v: number[]): number[] {
  let sum = 0;
  for (const x of v) sum += x * x;
  const n = Math.sqrt(sum);
  return n === 0 ? v : v.map((x) => x / n);
}

/** Typed-array forms of `embeddingsByType`, by type. */
export interface TypedEmbeddings {
  float?: Float32Array[];
  int8?: Int8Array[];
  uint8?: Uint8Array[];
  binary?: Int8Array[];
  ubinary?: Uint8Array[];
}

/**
 * The vectors as typed arrays (a quarter of the memory of number[] for floats): `float` →
 * Float32Array (rounded to float32, as Cohere and Nova compute them; Titan v2 sends doubles),
 * `int8` / `binary` → Int8Array, `uint8` / `ubinary` → Uint8Array.
 */
export function toTypedArrays(byType: Partial<Record<EmbeddingType, number[][]>>): TypedEmbeddings {
  const out: TypedEmbeddings = {};
  if (byType.float) out.float = byType.float.map((v) => Float32Array.from(v));
  if (byType.int8) out.int8 = byType.int8.map((v) => Int8Array.from(v));
  if (byType.binary) out.binary = byType.binary.map((v) => Int8Array.from(v));
  if (byType.uint8) out.uint8 = byType.uint8.map((v) => Uint8Array.from(v));
  if (byType.ubinary) out.ubinary = byType.ubinary.map((v) => Uint8Array.from(v));
  return out;
}
