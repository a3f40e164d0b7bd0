// The request's messages, normalised once for every codec: system text pulled out, tool messages
// turned into user turns of tool results, consecutive turns of one role merged (the Anthropic,
// Converse and Cohere APIs reject two user turns in a row).

import { invalid, unsupported } from './invalid.js';
import type { ContentPart, JsonPart, LLMRequest, ModelFamily } from './types.js';

export interface Turn {
  role: 'user' | 'assistant';
  parts: ContentPart[];
}

export interface Conversation {
  /** `LLMRequest.system`, then each `system` message, joined by a blank line. */
  system?: string;
  turns: Turn[];
}

export function toConversation(request: LLMRequest): Conversation {
  const system: string[] = request.system ? [request.system] : [];
  const turns: Turn[] = [];
  for (const message of request.messages) {
    if (message.role === 'system') {
      system.push(typeof message.content === 'string' ? message.content : systemText(message.content));
      continue;
    }
    let parts: ContentPart[];
    if (message.role === 'tool' && typeof message.content === 'string') {
      if (!message.toolCallId) throw invalid("a 'tool' message with string content needs toolCallId");
      parts = [{ type: 'tool-result', toolCallId: message.toolCallId, content: message.content }];
    } else {
      parts = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
    }
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const last = turns[turns.length - 1];
    if (last && last.role === role) last.parts = [...last.parts, ...parts];
    else turns.push({ role, parts });
  }
  return system.length ? { system: system.join('\n\n'), turns } : { turns };
}

function systemText(parts: ContentPart[]): string {
  return parts
    .map((p) => {
      if (p.type !== 'text') throw invalid(`system messages take text only, got a '${p.type}' part`);
      return p.text;
    })
    .join('');
}

/**
 * The text of a turn (or of a tool result's content), for families whose prompt is plain text.
 * Images, tool calls and tool results cannot be expressed: `ValidationError`. Reasoning from
 * earlier turns is left out.
 */
export function textOf(parts: string | (ContentPart | JsonPart)[], family: ModelFamily): string {
  if (typeof parts === 'string') return parts;
  let text = '';
  for (const p of parts) {
    if (p.type === 'text') text += p.text;
    // A tool result's JSON value, written as JSON text (the only form a text prompt has).
    else if (p.type === 'json') text += JSON.stringify(p.value);
    else if (p.type !== 'reasoning' && p.type !== 'redacted-reasoning') throw unsupported(family, partName(p.type));
  }
  return text;
}

const PART_NAMES: Partial<Record<ContentPart['type'], string>> = {
  image: 'image input', document: 'document input', video: 'video input', 'tool-call': 'tool calls in messages',
  'tool-result': 'tool results in messages', 'cache-point': 'cache points (prompt caching)', guard: 'guard content (guardrails)',
};

export function partName(type: ContentPart['type']): string {
  return PART_NAMES[type] ?? `${type} parts`;
}

/** The request asks for tools: it lists some, or sets a toolChoice other than 'none'. */
function usesTools(request: LLMRequest): boolean {
  return !!request.tools?.length || (request.toolChoice !== undefined && request.toolChoice !== 'none');
}

/** A toolChoice other than 'none' needs tools to choose from. */
export function checkToolChoice(request: LLMRequest): void {
  if (!request.tools?.length && usesTools(request)) throw invalid('toolChoice needs tools');
}

type Feature = 'tools' | 'topK' | 'reasoning' | 'stopSequences' | 'cache' | 'responseFormat' | 'anthropicBeta';

const FEATURE_NAMES: Partial<Record<Feature, string>> = {
  reasoning: 'reasoning settings', cache: 'prompt caching (request.cache)', responseFormat: 'structured output (request.responseFormat)',
  anthropicBeta: 'Anthropic beta flags (request.anthropicBeta)',
};

/** `ValidationError` for each request field the family has no place for. */
export function rejectFields(request: LLMRequest, family: ModelFamily, features: Feature[], hint?: string): void {
  for (const f of features) {
    const present = f === 'tools' ? usesTools(request) : request[f] !== undefined;
    if (present) throw unsupported(family, FEATURE_NAMES[f] ?? f, hint);
  }
}

/** Fields only Anthropic and Converse carry, refused by every other family body. */
export const NOT_ANTHROPIC: Feature[] = ['anthropicBeta'];
