// What a model the catalog knows can take on Converse, checked before anything is sent. The family
// bodies refuse what their family cannot carry (a `ValidationError` naming the field); Converse is
// model-agnostic, so without this it would send tools to Titan Text or images to Nova Micro and
// leave the refusal to the service. Only models the catalog knows are checked: an id it does not
// know (a new model, an application-profile ARN) goes as it is, and the service decides.
import type { ContentPart, JsonPart, LLMRequest } from '../codecs/index.js';
import { ValidationError } from '../errors.js';
import { findModel } from './models.js';
import type { ModelInfo } from './models.js';

type Need = 'tools' | 'image' | 'document' | 'video';

/** The first place in `request` that needs `need`, as a field path, or undefined. */
function firstUse(request: LLMRequest, need: Need): string | undefined {
  if (need === 'tools') {
    if (request.tools?.length) return 'request.tools';
    if (request.toolChoice !== undefined && request.toolChoice !== 'none') return 'request.toolChoice';
  }
  const wanted = (p: ContentPart | JsonPart): boolean => (need === 'tools' ? p.type === 'tool-call' || p.type === 'tool-result' : p.type === need);
  const walk = (parts: ReadonlyArray<ContentPart | JsonPart>, at: string): string | undefined => {
    for (const [j, p] of parts.entries()) {
      if (wanted(p)) return `${at}[${j}]`;
      if (p.type === 'tool-result' && Array.isArray(p.content)) {
        const inner = walk(p.content, `${at}[${j}].content`);
        if (inner) return inner;
      }
    }
    return undefined;
  };
  for (const [i, m] of request.messages.entries()) {
    if (typeof m.content === 'string') continue;
    const found = walk(m.content, `request.messages[${i}].content`);
    if (found) return found;
  }
  return undefined;
}

function refuse(m: ModelInfo, modelId: string, what: string, at: string, kind: string): never {
  throw new ValidationError(`${at}: ${m.name} (${modelId}) does not take ${what} (the catalog lists it without ${kind}); nothing was sent`);
}

/**
 * Throws a `ValidationError` naming the field when the catalog knows `modelId` (the id sent: a
 * foundation id, a profile id, a foundation or system-profile ARN) and it cannot take what
 * `request` carries on Converse: tools (or tool calls and results in the history), images,
 * documents, video; or it is not a text model at all. Tools while streaming: {@link checkStreamingTools}.
 */
export function checkConverseCapabilities(request: LLMRequest, modelId: string): void {
  const m = findModel(modelId);
  if (!m) return;
  if (!m.capabilities.includes('text_generation')) {
    const kind = m.capabilities.find((c) => c === 'embedding' || c === 'image' || c === 'rerank');
    throw new ValidationError(`request.model: ${m.name} (${modelId}) is ${kind === 'image' ? 'an image' : `a ${kind}`} model, not a text model; use bedrock-wire/${kind === 'embedding' ? 'embeddings' : kind === 'image' ? 'images' : 'rerank'}`);
  }
  const tools = firstUse(request, 'tools');
  if (tools && !m.supportsTools) refuse(m, modelId, 'tools', tools, 'tools');
  const image = firstUse(request, 'image');
  if (image && !m.supportsVision) refuse(m, modelId, 'image input', image, 'vision');
  checkDocuments(request, modelId, m);
  // Video on Converse is Nova's (Lite, Pro, Premier: the Nova models with vision).
  const video = firstUse(request, 'video');
  if (video && !(m.family === 'nova' && m.supportsVision)) refuse(m, modelId, 'video input', video, 'video');
  const s3 = m.family === 'nova' ? undefined : firstS3(request, m.family === 'anthropic');
  if (s3) throw new ValidationError(`${s3}.data: ${m.name} (${modelId}) does not read media from S3 (AWS's "Amazon S3 links for multimedia": Nova only); send the bytes; nothing was sent`);
}

/**
 * The first image, document or video read from S3, as a field path. Converse takes S3 sources from
 * Nova only (AWS's table; recorded for Claude: "This model doesn't support the s3Uri field" for an
 * image, "document.source.type: Field required" for a document in a message); Claude reads an S3
 * document inside a tool result (recorded 200), so `nestedDocuments` lets those through.
 */
function firstS3(request: LLMRequest, nestedDocuments: boolean): string | undefined {
  const fromS3 = (p: ContentPart | JsonPart) => (p.type === 'image' || p.type === 'document' || p.type === 'video') && typeof p.data === 'object' && !(p.data instanceof Uint8Array) && 'uri' in p.data;
  for (const [i, m] of request.messages.entries()) {
    if (typeof m.content === 'string') continue;
    for (const [j, p] of m.content.entries()) {
      if (fromS3(p)) return `request.messages[${i}].content[${j}]`;
      if (p.type !== 'tool-result' || !Array.isArray(p.content)) continue;
      const k = p.content.findIndex((c) => fromS3(c) && !(nestedDocuments && c.type === 'document'));
      if (k >= 0) return `request.messages[${i}].content[${j}].content[${k}]`;
    }
  }
  return undefined;
}

/** The request carries an image (in a message, or in a tool result). */
export function hasImage(request: LLMRequest): boolean {
  return firstUse(request, 'image') !== undefined;
}

/**
 * `generateStream` with tools, for a model the catalog lists with tools but without streaming tool
 * use (AWS's "Streaming tool use" column: Llama 3.1 / 3.2 / 3.3, Mistral Large 2): a
 * `ValidationError` naming `request.tools` (or `request.toolChoice`), unsent. A model without
 * tools at all is left to the tools check (or the family body), which says so in its own words.
 */
export function checkStreamingTools(request: LLMRequest, modelId: string): void {
  const m = findModel(modelId);
  if (!m || !m.supportsTools || m.supportsStreamingTools) return;
  const at = request.tools?.length ? 'request.tools' : request.toolChoice !== undefined && request.toolChoice !== 'none' ? 'request.toolChoice' : undefined;
  if (!at) return;
  throw new ValidationError(
    `${at}: ${m.name} (${modelId}) does not call tools while streaming (the catalog lists it with tools but without streaming tool use); use generate() for requests with tools; nothing was sent`,
  );
}

/** Documents to a model the catalog lists without document chat (either API): a `ValidationError` naming the part. */
export function checkDocuments(request: LLMRequest, modelId: string, m = findModel(modelId)): void {
  const document = m && !m.supportsDocuments ? firstUse(request, 'document') : undefined;
  if (document) refuse(m!, modelId, 'document input', document, 'documents');
}
