// `-a FILE`: files sent with the prompt, where the model takes them.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { ContentPart, ImageMediaType } from '../codecs/index.js';
import { findModel } from '../provider/index.js';
import { UsageError } from './command.js';

const IMAGES: Record<string, ImageMediaType> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp' };
// The document formats Bedrock takes (Converse DocumentBlock). The request shape has no document
// part yet, so these are refused with a clear message rather than sent as something else.
const DOCUMENTS = new Set(['.pdf', '.csv', '.doc', '.docx', '.xls', '.xlsx', '.html', '.txt', '.md']);

/** The content parts for the attached files; a `UsageError` naming the file when one cannot be sent. */
export async function attachmentParts(files: string[], model: string): Promise<ContentPart[]> {
  const parts: ContentPart[] = [];
  for (const file of files) {
    const ext = extname(file).toLowerCase();
    const mediaType = IMAGES[ext];
    if (!mediaType) {
      if (DOCUMENTS.has(ext)) {
        throw new UsageError(`-a ${file}: documents (${ext}) are not supported by this version yet; attach images (png, jpeg, gif, webp), or paste the text on stdin`);
      }
      throw new UsageError(`-a ${file}: unknown file type "${ext || '(none)'}"; images: ${Object.keys(IMAGES).join(' ')}`);
    }
    const info = findModel(model);
    if (info && !info.supportsVision) {
      throw new UsageError(`-a ${file}: ${model} does not take images; pick a model with "vision" in \`bedrock-wire models\``);
    }
    let data: Uint8Array;
    try {
      data = new Uint8Array(await readFile(file));
    } catch (err) {
      throw new UsageError(`-a ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    parts.push({ type: 'image', mediaType, data });
  }
  return parts;
}
