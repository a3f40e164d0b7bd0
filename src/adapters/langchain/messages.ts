// LangChain messages → our LLMRequest messages. Pure: no I/O.
//
// Content blocks accepted: text (`{type:'text'}`), images (`{type:'image_url', image_url}` with a
// `data:` URL, or the standard `{type:'image', data|url (data:), mimeType}`), reasoning sent back
// (`{type:'thinking', thinking, signature}` as ChatAnthropic writes it, `{type:'reasoning_content',
// reasoningText:{text, signature}}` as ChatBedrockConverse writes it, `{type:'reasoning', reasoning}`).
import type { BaseMessage } from '@langchain/core/messages';
import { isImageMediaType, type ContentPart, type ImageMediaType, type Message } from '../../codecs/index.js';
import { ValidationError } from '../../errors.js';

function fail(path: string, what: string): never {
  throw new ValidationError(`${path}: ${what}`);
}

const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;

function mediaType(value: unknown, path: string): ImageMediaType {
  if (typeof value !== 'string') fail(path, 'missing');
  const type = value.toLowerCase();
  if (!isImageMediaType(type)) fail(path, `expected image/png, image/jpeg, image/gif or image/webp, got ${JSON.stringify(value)}`);
  return type;
}

function image(url: unknown, mimeType: unknown, path: string): ContentPart {
  const m = typeof url === 'string' ? DATA_URL.exec(url) : null;
  if (!m) fail(path, 'an image by URL; pass it as a base64 data: URL or { type: "image", data, mimeType }');
  return { type: 'image', mediaType: mediaType(typeof mimeType === 'string' ? mimeType : m[1], `${path}.mimeType`), data: m[2]! };
}

function parts(content: BaseMessage['content'], path: string): ContentPart[] | string {
  if (typeof content === 'string') return content;
  const out: ContentPart[] = [];
  content.forEach((raw, i) => {
    const b = raw as Record<string, any>;
    const at = `${path}.content[${i}]`;
    switch (b.type) {
      case 'text':
        if (b.text) out.push({ type: 'text', text: String(b.text) });
        return;
      case 'image_url':
        out.push(image(typeof b.image_url === 'string' ? b.image_url : b.image_url?.url, undefined, at));
        return;
      case 'image':
        if (typeof b.data === 'string' || b.data instanceof Uint8Array) {
          out.push({ type: 'image', mediaType: mediaType(b.mimeType ?? b.mime_type, `${at}.mimeType`), data: b.data });
        } else out.push(image(b.url, b.mimeType ?? b.mime_type, at));
        return;
      case 'thinking':
        out.push(b.signature ? { type: 'reasoning', text: String(b.thinking ?? ''), signature: String(b.signature) } : { type: 'reasoning', text: String(b.thinking ?? '') });
        return;
      case 'reasoning_content': {
        const r = b.reasoningText ?? b.reasoning_text ?? {};
        out.push(r.signature ? { type: 'reasoning', text: String(r.text ?? ''), signature: String(r.signature) } : { type: 'reasoning', text: String(r.text ?? '') });
        return;
      }
      case 'reasoning':
        out.push(b.signature ? { type: 'reasoning', text: String(b.reasoning ?? ''), signature: String(b.signature) } : { type: 'reasoning', text: String(b.reasoning ?? '') });
        return;
      case 'tool_use':
      case 'tool_call':
      case 'tool_call_chunk':
      case 'input_json_delta':
        return; // tool calls are read from `tool_calls`
      default:
        fail(`${at}.type`, `content block ${JSON.stringify(b.type)} is not supported`);
    }
  });
  return out;
}

function asArray(c: ContentPart[] | string): ContentPart[] {
  return typeof c === 'string' ? (c ? [{ type: 'text', text: c }] : []) : c;
}

/** Leading system messages become the system prompt; the rest become the conversation. */
export function convertMessages(messages: BaseMessage[]): { system: string | undefined; messages: Message[] } {
  const system: string[] = [];
  const out: Message[] = [];
  messages.forEach((m, i) => {
    const path = `messages[${i}]`;
    const type = m.getType();
    switch (type) {
      case 'system': {
        const c = parts(m.content, path);
        const text = typeof c === 'string' ? c : c.map((p) => (p.type === 'text' ? p.text : '')).join('');
        if (out.length === 0) system.push(text);
        else out.push({ role: 'system', content: text });
        return;
      }
      case 'human':
        out.push({ role: 'user', content: parts(m.content, path) });
        return;
      case 'ai': {
        const content = asArray(parts(m.content, path));
        for (const call of (m as { tool_calls?: Array<{ id?: string; name: string; args: Record<string, unknown> }> }).tool_calls ?? []) {
          if (!call.id) fail(`${path}.tool_calls`, `tool call ${call.name} has no id`);
          content.push({ type: 'tool-call', id: call.id, name: call.name, arguments: call.args ?? {} });
        }
        out.push({ role: 'assistant', content });
        return;
      }
      case 'tool': {
        const t = m as BaseMessage & { tool_call_id: string; status?: string };
        const c = parts(m.content, path);
        out.push({ role: 'tool', content: [{ type: 'tool-result', toolCallId: t.tool_call_id, content: c, ...(t.status === 'error' && { isError: true }) }] });
        return;
      }
      default:
        fail(`${path}`, `a ${type} message is not supported`);
    }
  });
  return { system: system.length ? system.join('\n\n') : undefined, messages: out };
}
