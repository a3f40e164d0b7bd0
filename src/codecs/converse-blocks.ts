// Converse-shaped body fields (content blocks, inference and tool config), shared by the Converse codec and Nova's
// messages-v1 InvokeModel body (same block shapes). Source: Bedrock API reference, ContentBlock /
// ToolConfiguration (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ContentBlock.html).

import { toBase64 } from '../base64.js';
import { checkToolChoice, toConversation } from './conversation.js';
import { put } from './extra.js';
import { invalid } from './invalid.js';
import { putParams } from './params.js';
import type { ContentPart, ImagePart, LLMRequest, ToolDefinition } from './types.js';

const FORMATS: Record<string, string> = {
  'image/png': 'png', 'image/jpeg': 'jpeg', 'image/jpg': 'jpeg', 'image/gif': 'gif', 'image/webp': 'webp',
};

export function imageBlock(part: ImagePart): Record<string, unknown> {
  const format = FORMATS[part.mediaType.toLowerCase()];
  if (!format) throw invalid(`unsupported image media type '${part.mediaType}' (png, jpeg, gif or webp)`);
  return { image: { format, source: { bytes: toBase64(part.data) } } };
}

/** `withReasoning: false` (Nova InvokeModel) leaves earlier reasoning out of the prompt. */
function converseBlocks(parts: ContentPart[], withReasoning: boolean): Record<string, unknown>[] {
  const blocks: Record<string, unknown>[] = [];
  for (const p of parts) {
    switch (p.type) {
      case 'text':
        blocks.push({ text: p.text });
        break;
      case 'image':
        blocks.push(imageBlock(p));
        break;
      case 'tool-call':
        blocks.push({ toolUse: { toolUseId: p.id, name: p.name, input: p.arguments } });
        break;
      case 'tool-result': {
        const content =
          typeof p.content === 'string'
            ? [{ text: p.content }]
            : p.content.map((c) => {
                if (c.type === 'text') return { text: c.text };
                if (c.type === 'image') return imageBlock(c);
                throw invalid(`tool results take text and image parts, got '${c.type}'`);
              });
        const result: Record<string, unknown> = { toolUseId: p.toolCallId, content };
        if (p.isError !== undefined) result.status = p.isError ? 'error' : 'success';
        blocks.push({ toolResult: result });
        break;
      }
      case 'reasoning':
        if (withReasoning) {
          const reasoningText: Record<string, unknown> = { text: p.text };
          if (p.signature !== undefined) reasoningText.signature = p.signature;
          blocks.push({ reasoningContent: { reasoningText } });
        }
        break;
    }
  }
  return blocks;
}

/**
 * The Converse-shaped fields of a body: `system`, `messages`, `inferenceConfig`, `toolConfig`.
 * `nova`: Nova's messages-v1 InvokeModel body, which takes `topK` in `inferenceConfig` and has no
 * block for earlier reasoning (left out of the history).
 */
export function converseFields(request: LLMRequest, nova: boolean): Record<string, unknown> {
  const conversation = toConversation(request);
  const body: Record<string, unknown> = {};
  if (conversation.system !== undefined) body.system = [{ text: conversation.system }];
  body.messages = conversation.turns.map((t) => ({ role: t.role, content: converseBlocks(t.parts, !nova) }));
  const inference = putParams({}, request, nova ? { ...NAMES, topK: 'topK' } : NAMES);
  if (Object.keys(inference).length) body.inferenceConfig = inference;
  put(body, 'toolConfig', converseToolConfig(request, nova ? 'nova' : 'Converse'));
  return body;
}

const NAMES = { maxTokens: 'maxTokens', temperature: 'temperature', topP: 'topP', stopSequences: 'stopSequences' };

function toolSpec(tool: ToolDefinition): Record<string, unknown> {
  const spec: Record<string, unknown> = { name: tool.name };
  if (tool.description !== undefined) spec.description = tool.description;
  spec.inputSchema = { json: tool.inputSchema };
  return { toolSpec: spec };
}

/**
 * `toolConfig`, or `undefined` without tools. Converse has no "none" choice: a request with
 * `toolChoice: 'none'` is refused rather than sent with tools the model may call.
 */
export function converseToolConfig(request: LLMRequest, family: string): Record<string, unknown> | undefined {
  const { tools, toolChoice } = request;
  if (toolChoice === 'none') throw invalid(`${family} has no toolChoice 'none'; send the request without tools instead`);
  checkToolChoice(request);
  if (!tools?.length) return undefined;
  const config: Record<string, unknown> = { tools: tools.map(toolSpec) };
  // `{ auto: {} }`, `{ any: {} }` ('required') or `{ tool: { name } }`; 'none' was refused above.
  if (typeof toolChoice === 'object') config.toolChoice = { tool: { name: toolChoice.name } };
  else if (toolChoice) config.toolChoice = { [toolChoice === 'required' ? 'any' : toolChoice]: {} };
  return config;
}
