// `-a FILE`: files sent with the prompt, where the model takes them: images (vision models) and
// documents (models with "documents" in `bedrock-wire models`).
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { DEFAULT_CONTENT_LIMITS } from '../codecs/index.js';
import type { ContentPart, DocumentFormat, ImageMediaType, Message, ModelFamily } from '../codecs/index.js';
import { findModel } from '../provider/index.js';
import { UsageError } from './command.js';

const IMAGES: Record<string, ImageMediaType> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp' };
// The document formats Bedrock takes (Converse DocumentBlock `format`).
const DOCUMENTS: Record<string, DocumentFormat> = {
  '.pdf': 'pdf', '.csv': 'csv', '.doc': 'doc', '.docx': 'docx', '.xls': 'xls', '.xlsx': 'xlsx', '.html': 'html', '.htm': 'html', '.txt': 'txt', '.md': 'md',
};
// Bedrock's limits (Converse Message content): up to 20 images of at most 3.75 MB each, up to 5
// documents of at most 4.5 MB each, per message — the library's defaults, checked here per file
// before reading it (the library checks them again on every request).
export const MAX_IMAGE_BYTES = DEFAULT_CONTENT_LIMITS.imageBytes;
export const MAX_DOCUMENT_BYTES = DEFAULT_CONTENT_LIMITS.documentBytes;
export const MAX_IMAGES = DEFAULT_CONTENT_LIMITS.images;
export const MAX_DOCUMENTS = DEFAULT_CONTENT_LIMITS.documents;
// What Anthropic's own InvokeModel body takes as a base64 document block (Anthropic documents base64
// sources for PDFs; plain text has a source of its own); other formats go through Converse.
const ANTHROPIC_DOCUMENTS = new Set<DocumentFormat>(['pdf']);

const mb = (n: number) => `${+(n / 1024 / 1024).toFixed(2)} MB`;

/**
 * A Converse document name from a file name: AWS allows letters, digits, single spaces, hyphens,
 * parentheses and square brackets, 1-200 characters. `my_report.v2.pdf` → `my report v2`. The
 * library refuses any other name (a ValidationError naming the field); the CLI makes one that passes.
 */
export function documentName(file: string): string {
  const stem = basename(file, extname(file));
  // NFKD splits an accented letter into the letter and its combining mark; the marks go, so
  // `résumé` reads `resume` rather than `re sume`.
  const name = stem.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[^A-Za-z0-9\-()[\]\s]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200).trim();
  return name || 'document';
}

/** The content parts for the attached files; a `UsageError` naming the file (and model) when one cannot be sent. */
export async function attachmentParts(files: string[], model: string, already: ContentPart[] = []): Promise<ContentPart[]> {
  const parts: ContentPart[] = [];
  const count = (type: 'image' | 'document') => [...already, ...parts].filter((p) => p.type === type).length;
  const info = findModel(model);
  for (const file of files) {
    const ext = extname(file).toLowerCase();
    const mediaType = IMAGES[ext];
    const format = DOCUMENTS[ext];
    if (!mediaType && !format) {
      throw new UsageError(`-a ${file}: unknown file type "${ext || '(none)'}"; images: ${Object.keys(IMAGES).join(' ')}; documents: ${Object.keys(DOCUMENTS).join(' ')}`);
    }
    if (mediaType && info && !info.supportsVision) {
      throw new UsageError(`-a ${file}: ${model} does not take images; pick a model with "vision" in \`bedrock-wire models\``);
    }
    if (format && info && !info.supportsDocuments) {
      throw new UsageError(`-a ${file}: ${model} does not take documents; pick a model with "documents" in \`bedrock-wire models\``);
    }
    const [limit, most, kind] = mediaType ? [MAX_IMAGE_BYTES, MAX_IMAGES, 'image' as const] : [MAX_DOCUMENT_BYTES, MAX_DOCUMENTS, 'document' as const];
    if (count(kind) >= most) throw new UsageError(`-a ${file}: at most ${most} ${kind}s go with one message (Bedrock's limit)`);
    let data: Uint8Array;
    try {
      const size = (await stat(file)).size;
      if (size > limit) throw new UsageError(`-a ${file}: ${mb(size)} is over Bedrock's ${mb(limit)} limit for a${kind === 'image' ? 'n' : ''} ${kind}`);
      data = new Uint8Array(await readFile(file));
    } catch (err) {
      if (err instanceof UsageError) throw err;
      throw new UsageError(`-a ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    if (mediaType) parts.push({ type: 'image', mediaType, data });
    else parts.push({ type: 'document', format: format!, name: documentName(file), data });
  }
  return parts;
}

/**
 * The API a conversation with documents goes through: Anthropic's own body takes PDF documents and
 * Nova's takes every format; any other family's body has no document field, so the
 * call goes through Converse (`document` blocks). `undefined`: whatever the config says.
 */
export function apiForDocuments(messages: Message[], family: ModelFamily | undefined): 'converse' | undefined {
  const formats = messages.flatMap((m) => (typeof m.content === 'string' ? [] : m.content.flatMap((p) => (p.type === 'document' ? [p.format] : []))));
  if (!formats.length || family === 'nova') return undefined;
  if (family === 'anthropic' && formats.every((f) => ANTHROPIC_DOCUMENTS.has(f))) return undefined;
  return 'converse';
}
