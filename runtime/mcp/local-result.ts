/**
 * A local handler's return value as a tool result. A `CallToolResult`-shaped value
 * (`{ content: [blocks] }`, optionally structuredContent / isError / _meta, nothing else)
 * is passed on after a minimal check of each block; any other value is data, shown as
 * text (and as structuredContent with an output schema) by successResult.
 * @see https://modelcontextprotocol.io/specification/2025-06-18/server/tools#tool-result
 */
import type { CallToolResult, ContentBlock } from '@modelcontextprotocol/sdk/types.js';
import { MAX_MEDIA_BYTES, type MediaKind } from './media.ts';
import { DEFAULT_MAX_TEXT_CHARS, errorResult, successResult } from './results.ts';

const RESULT_KEYS = new Set(['content', 'structuredContent', 'isError', '_meta']);

export function localResult(value: unknown, options: { structured: boolean }): CallToolResult {
  if (!isToolResultShaped(value)) return successResult(value, { structured: options.structured, boundStructured: true });
  const problems: string[] = [];
  const content = value.content.map((block, i) => checkedBlock(block, i, problems));
  if (problems.length > 0) {
    return errorResult(`The tool's handler returned invalid content: ${problems.slice(0, 5).join('; ')}.`, {
      code: 'invalid_tool_result',
      retryable: false,
    });
  }
  const result: CallToolResult = { content };
  if (isRecord(value.structuredContent)) result.structuredContent = value.structuredContent;
  if (value.isError === true) result.isError = true;
  if (isRecord(value._meta)) result._meta = value._meta;
  return result;
}

type Shaped = { content: Record<string, unknown>[]; structuredContent?: unknown; isError?: unknown; _meta?: unknown };

/** Only the result's own keys, and a content array of objects each with a string `type`. */
function isToolResultShaped(value: unknown): value is Shaped {
  if (!isRecord(value) || !Array.isArray(value.content)) return false;
  if (!Object.keys(value).every((key) => RESULT_KEYS.has(key))) return false;
  return value.content.every((block) => isRecord(block) && typeof block.type === 'string');
}

/** The block as it goes out (text cut, over-cap binaries replaced by a note), or a problem noted. */
function checkedBlock(block: Record<string, unknown>, i: number, problems: string[]): ContentBlock {
  const fail = (what: string): ContentBlock => {
    problems.push(`content[${i}] (${String(block.type).slice(0, 40)}) ${what}`);
    return { type: 'text', text: '' };
  };
  switch (block.type) {
    case 'text':
      if (typeof block.text !== 'string') return fail('needs a string `text`');
      return { ...block, type: 'text', text: cut(block.text) };
    case 'image':
    case 'audio': {
      if (typeof block.data !== 'string' || typeof block.mimeType !== 'string') return fail('needs string `data` (base64) and `mimeType`');
      return binary(block.type, block.mimeType, block.data) ?? { ...block, type: block.type, data: block.data, mimeType: block.mimeType };
    }
    case 'resource': {
      const resource = block.resource;
      if (!isRecord(resource) || typeof resource.uri !== 'string') return fail('needs a `resource` with a string `uri`');
      if (typeof resource.text === 'string') return { ...block, type: 'resource', resource: { ...resource, uri: resource.uri, text: cut(resource.text) } };
      if (typeof resource.blob !== 'string') return fail('needs a string `text` or `blob` in `resource`');
      const mimeType = typeof resource.mimeType === 'string' ? resource.mimeType : 'application/octet-stream';
      return binary('resource', mimeType, resource.blob) ?? { ...block, type: 'resource', resource: { ...resource, uri: resource.uri, blob: resource.blob } };
    }
    case 'resource_link':
      if (typeof block.uri !== 'string' || typeof block.name !== 'string') return fail('needs string `uri` and `name`');
      return { ...block, type: 'resource_link', uri: block.uri, name: block.name };
    default:
      return fail('is not a content type (text, image, audio, resource, resource_link)');
  }
}

/** A note in place of a base64 payload over its kind's cap; undefined when within it. */
function binary(kind: MediaKind, mimeType: string, base64: string): ContentBlock | undefined {
  const bytes = Math.floor((base64.length * 3) / 4);
  const max = MAX_MEDIA_BYTES[kind];
  if (bytes <= max) return undefined;
  return { type: 'text', text: `(${mimeType} content of about ${bytes} bytes; over the ${max}-byte limit for ${kind} results, so not shown)` };
}

function cut(text: string): string {
  const max = DEFAULT_MAX_TEXT_CHARS;
  return text.length <= max ? text : `${text.slice(0, max)}\n… [truncated ${text.length - max} characters]`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
