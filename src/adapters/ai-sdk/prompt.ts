// The AI SDK's LanguageModelV3 prompt → our LLMRequest messages. Pure: no I/O.
//
// Provider options are read under the key `bedrock`, the same key and names as
// `@ai-sdk/amazon-bedrock`, so a conversation (reasoning signatures included) moves between the two
// providers unchanged.
import type { LanguageModelV3FilePart, LanguageModelV3Prompt, LanguageModelV3ToolResultOutput, SharedV3Warning } from '@ai-sdk/provider';
import type { CachePoint, ContentPart, DocumentFormat, ImageMediaType, Message } from '../../codecs/index.js';
import { ValidationError } from '../../errors.js';

const IMAGE_TYPES: ReadonlySet<string> = new Set<ImageMediaType>(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const isImageType = (t: string): t is ImageMediaType => IMAGE_TYPES.has(t);

function field(path: string, what: string): never {
  throw new ValidationError(`${path}: ${what}`);
}

const DOCUMENT_TYPES: Record<string, DocumentFormat> = {
  'application/pdf': 'pdf',
  'text/csv': 'csv',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'text/html': 'html',
  'text/plain': 'txt',
  'text/markdown': 'md',
};

/** A file part: an image, or a document Bedrock reads (pdf, csv, doc(x), xls(x), html, txt, md). */
function file(part: LanguageModelV3FilePart, path: string, index: number): ContentPart {
  const format = DOCUMENT_TYPES[part.mediaType.toLowerCase()];
  if (format === undefined) return image(part, path);
  if (part.data instanceof URL) field(`${path}.data`, 'a URL; pass the bytes (the AI SDK downloads URLs for this provider)');
  // Converse's rule for document names: letters, digits, spaces, hyphens, parentheses, brackets.
  const name = (part.filename ?? `document-${index}`).replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9 \-()[\]]+/g, '-') || `document-${index}`;
  const citations = bedrockOptions(part.providerOptions)?.citations?.enabled === true;
  return citations ? { type: 'document', format, name, data: part.data, citations } : { type: 'document', format, name, data: part.data };
}

/** `providerOptions.bedrock.cachePoint` (`{ type: 'default', ttl? }`, as `@ai-sdk/amazon-bedrock` takes it). */
export function cachePointOf(o: Record<string, unknown> | undefined, path: string): CachePoint | undefined {
  const c = bedrockOptions(o)?.cachePoint;
  if (c === undefined || c === null) return undefined;
  if (typeof c !== 'object') field(`${path}.providerOptions.bedrock.cachePoint`, "expected { type: 'default', ttl?: '5m' | '1h' }");
  const ttl = (c as { ttl?: unknown }).ttl;
  if (ttl === undefined) return {};
  if (ttl !== '5m' && ttl !== '1h') field(`${path}.providerOptions.bedrock.cachePoint.ttl`, `expected '5m' or '1h', got ${JSON.stringify(ttl)}`);
  return { ttl };
}

function cachePart(point: CachePoint): ContentPart {
  return point.ttl ? { type: 'cache-point', ttl: point.ttl } : { type: 'cache-point' };
}

function image(part: LanguageModelV3FilePart, path: string): ContentPart {
  const mediaType = part.mediaType === 'image/jpg' ? 'image/jpeg' : part.mediaType;
  if (!isImageType(mediaType)) field(`${path}.mediaType`, `expected image/png, image/jpeg, image/gif or image/webp, got ${JSON.stringify(part.mediaType)}`);
  // `supportedUrls` is empty, so the AI SDK has already downloaded URLs; a URL here is a caller's own call.
  if (part.data instanceof URL) field(`${path}.data`, 'a URL; pass the bytes (the AI SDK downloads URLs for this provider)');
  return { type: 'image', mediaType, data: part.data };
}

function toolOutput(output: LanguageModelV3ToolResultOutput, path: string): { content: string | ContentPart[]; isError?: boolean } {
  switch (output.type) {
    case 'text':
      return { content: output.value };
    case 'error-text':
      return { content: output.value, isError: true };
    case 'json':
      return { content: JSON.stringify(output.value) };
    case 'error-json':
      return { content: JSON.stringify(output.value), isError: true };
    case 'execution-denied':
      return { content: output.reason ?? 'Tool execution denied.', isError: true };
    case 'content':
      return {
        content: output.value.map((p, i): ContentPart => {
          if (p.type === 'text') return { type: 'text', text: p.text };
          if ((p.type === 'image-data' || p.type === 'file-data') && isImageType(p.mediaType)) return { type: 'image', mediaType: p.mediaType, data: p.data };
          return field(`${path}.output.value[${i}]`, `a ${p.type} part; tool results take text and base64 images`);
        }),
      };
  }
}

/** Anything a `bedrock` provider option holds, read loosely (it is caller JSON). */
export function bedrockOptions(o: Record<string, unknown> | undefined): Record<string, any> | undefined {
  const b = o?.bedrock;
  return typeof b === 'object' && b !== null ? (b as Record<string, any>) : undefined;
}

export interface ConvertedPrompt {
  system: string | undefined;
  messages: Message[];
  /** A cache point after the system prompt (a leading system message's `cachePoint`). */
  systemCache: CachePoint | undefined;
}

/**
 * Converts the prompt; unsupported parts are a `ValidationError` naming the part, before anything is
 * sent. A `cachePoint` provider option on a message puts a cache point after it; on a part, after the part.
 */
export function convertPrompt(prompt: LanguageModelV3Prompt, warnings: SharedV3Warning[]): ConvertedPrompt {
  const system: string[] = [];
  const messages: Message[] = [];
  let systemCache: CachePoint | undefined;
  prompt.forEach((m, i) => {
    const path = `prompt[${i}]`;
    const cache = cachePointOf(m.providerOptions, path);
    /** The part, then a cache point when the part asks for one. */
    const push = (content: ContentPart[], part: ContentPart, options: Record<string, unknown> | undefined, at: string) => {
      content.push(part);
      const point = cachePointOf(options, at);
      if (point) content.push(cachePart(point));
    };
    switch (m.role) {
      case 'system':
        // Leading system messages become the system prompt; later ones stay in place (the codecs fold them).
        if (messages.length === 0) {
          system.push(m.content);
          if (cache) systemCache = cache;
        } else {
          messages.push({ role: 'system', content: m.content });
          if (cache) warnings.push({ type: 'unsupported', feature: 'cachePoint', details: `${path}: a cache point after a system message inside the conversation` });
        }
        return;
      case 'user': {
        const content: ContentPart[] = [];
        m.content.forEach((p, j) => {
          const at = `${path}.content[${j}]`;
          push(content, p.type === 'text' ? { type: 'text', text: p.text } : file(p, at, i), p.providerOptions, at);
        });
        if (cache) content.push(cachePart(cache));
        messages.push({ role: 'user', content });
        return;
      }
      case 'assistant': {
        const content: ContentPart[] = [];
        m.content.forEach((p, j) => {
          const at = `${path}.content[${j}]`;
          switch (p.type) {
            case 'text':
              if (p.text) push(content, { type: 'text', text: p.text }, p.providerOptions, at);
              return;
            case 'reasoning': {
              const o = bedrockOptions(p.providerOptions);
              // Encrypted reasoning goes back as received (the peer's `redactedData`).
              if (typeof o?.redactedData === 'string') return push(content, { type: 'redacted-reasoning', data: o.redactedData }, p.providerOptions, at);
              const signature = typeof o?.signature === 'string' ? o.signature : undefined;
              push(content, signature === undefined ? { type: 'reasoning', text: p.text } : { type: 'reasoning', text: p.text, signature }, p.providerOptions, at);
              return;
            }
            case 'tool-call':
              push(content, { type: 'tool-call', id: p.toolCallId, name: p.toolName, arguments: (p.input ?? {}) as Record<string, unknown> }, p.providerOptions, at);
              return;
            case 'file':
              push(content, file(p, at, i), p.providerOptions, at);
              return;
            case 'tool-result':
              // Provider-executed tool results: this provider runs none.
              return field(at, 'a provider-executed tool result; bedrock-wire runs no provider tools');
          }
        });
        if (cache) content.push(cachePart(cache));
        messages.push({ role: 'assistant', content });
        return;
      }
      case 'tool': {
        const content: ContentPart[] = [];
        m.content.forEach((p, j) => {
          if (p.type !== 'tool-result') return; // approval responses concern provider tools only
          const at = `${path}.content[${j}]`;
          push(content, { type: 'tool-result', toolCallId: p.toolCallId, ...toolOutput(p.output, at) }, p.providerOptions, at);
        });
        if (cache) content.push(cachePart(cache));
        messages.push({ role: 'tool', content });
        return;
      }
    }
  });
  return { system: system.length ? system.join('\n\n') : undefined, messages, systemCache };
}
