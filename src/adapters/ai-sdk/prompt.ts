// The AI SDK's LanguageModelV3 prompt → our LLMRequest messages. Pure: no I/O.
//
// Provider options are read under the key `bedrock`, the same key and names as
// `@ai-sdk/amazon-bedrock`, so a conversation (reasoning signatures included) moves between the two
// providers unchanged.
import type { LanguageModelV3FilePart, LanguageModelV3Prompt, LanguageModelV3ToolResultOutput, SharedV3Warning } from '@ai-sdk/provider';
import type { ContentPart, ImageMediaType, Message } from '../../codecs/index.js';
import { ValidationError } from '../../errors.js';

const IMAGE_TYPES: ReadonlySet<string> = new Set<ImageMediaType>(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const isImageType = (t: string): t is ImageMediaType => IMAGE_TYPES.has(t);

function field(path: string, what: string): never {
  throw new ValidationError(`${path}: ${what}`);
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
}

/** Converts the prompt; unsupported parts are a `ValidationError` naming the part, before anything is sent. */
export function convertPrompt(prompt: LanguageModelV3Prompt, warnings: SharedV3Warning[]): ConvertedPrompt {
  const system: string[] = [];
  const messages: Message[] = [];
  prompt.forEach((m, i) => {
    const path = `prompt[${i}]`;
    if (bedrockOptions(m.providerOptions)?.cachePoint) warnings.push({ type: 'unsupported', feature: 'cachePoint', details: 'prompt cache points need the core request vocabulary (issue 10)' });
    switch (m.role) {
      case 'system':
        // Leading system messages become the system prompt; later ones stay in place (the codecs fold them).
        if (messages.length === 0) system.push(m.content);
        else messages.push({ role: 'system', content: m.content });
        return;
      case 'user':
        messages.push({
          role: 'user',
          content: m.content.map((p, j): ContentPart => (p.type === 'text' ? { type: 'text', text: p.text } : image(p, `${path}.content[${j}]`))),
        });
        return;
      case 'assistant': {
        const content: ContentPart[] = [];
        m.content.forEach((p, j) => {
          const at = `${path}.content[${j}]`;
          switch (p.type) {
            case 'text':
              if (p.text) content.push({ type: 'text', text: p.text });
              return;
            case 'reasoning': {
              const o = bedrockOptions(p.providerOptions);
              const signature = typeof o?.signature === 'string' ? o.signature : undefined;
              // A redacted block has no text to send; issue 10 adds them to the core vocabulary.
              if (o?.redactedData) return void warnings.push({ type: 'unsupported', feature: 'redacted reasoning', details: `${at} was not sent back` });
              content.push(signature === undefined ? { type: 'reasoning', text: p.text } : { type: 'reasoning', text: p.text, signature });
              return;
            }
            case 'tool-call':
              content.push({ type: 'tool-call', id: p.toolCallId, name: p.toolName, arguments: (p.input ?? {}) as Record<string, unknown> });
              return;
            case 'file':
              content.push(image(p, at));
              return;
            case 'tool-result':
              // Provider-executed tool results: this provider runs none.
              return field(at, 'a provider-executed tool result; bedrock-wire runs no provider tools');
          }
        });
        messages.push({ role: 'assistant', content });
        return;
      }
      case 'tool': {
        const content: ContentPart[] = [];
        m.content.forEach((p, j) => {
          if (p.type !== 'tool-result') return; // approval responses concern provider tools only
          content.push({ type: 'tool-result', toolCallId: p.toolCallId, ...toolOutput(p.output, `${path}.content[${j}]`) });
        });
        messages.push({ role: 'tool', content });
        return;
      }
    }
  });
  return { system: system.length ? system.join('\n\n') : undefined, messages };
}
