/**
 * Non-JSON upstream bodies as MCP content, by media type: `image/*` an image block,
 * `audio/*` an audio block, text (text/*, JSON, XML) a text block, anything else (PDF,
 * octet-stream, zip...) an embedded resource with its MIME type and base64 blob. A body
 * over its kind's cap is not sent: the model gets a one-line note with the size and type
 * instead, and the call still succeeds (isError false: the upstream answered; the
 * content is just too large for a model's context).
 * @see https://modelcontextprotocol.io/specification/2025-06-18/server/tools#tool-result
 */
import type { CallToolResult, ContentBlock } from '@modelcontextprotocol/sdk/types.js';
import { successResult, type CallSecrets } from './results.ts';

export type MediaKind = 'image' | 'audio' | 'resource';

/** Bytes (before base64) each kind may carry; base64 adds a third on the wire. */
export const MAX_MEDIA_BYTES: Readonly<Record<MediaKind, number>> = {
  image: 5 * 1024 * 1024,
  audio: 5 * 1024 * 1024,
  resource: 5 * 1024 * 1024,
};

const TEXTUAL = /^(text\/|application\/([\w.-]+\+)?(json|xml)$|application\/(javascript|x-www-form-urlencoded|yaml|x-yaml)$)/;

/** The media type without parameters, lower-cased ('' when the upstream sent none). */
export function essenceOf(type: string): string {
  return (type.split(';')[0] ?? '').trim().toLowerCase();
}

export function kindOf(mimeType: string): MediaKind | 'text' {
  if (TEXTUAL.test(mimeType)) return 'text';
  if (mimeType.startsWith('image/')) return 'image';
  if (mimeType.startsWith('audio/')) return 'audio';
  return 'resource';
}

/**
 * The result for a binary body. `uri` names the embedded resource (a stable
 * `dta://<tool>/result`, not the upstream URL, which may carry credentials in its query).
 */
export async function mediaResult(
  blob: Blob,
  options: { uri: string; secrets?: CallSecrets; maxTextChars?: number },
): Promise<CallToolResult> {
  const mimeType = essenceOf(blob.type) || 'application/octet-stream';
  const kind = kindOf(mimeType);
  if (kind === 'text') {
    return successResult(await blob.text(), { structured: false, secrets: options.secrets, maxTextChars: options.maxTextChars });
  }
  const max = MAX_MEDIA_BYTES[kind];
  if (blob.size > max) {
    const note = `(${mimeType} content of ${blob.size} bytes; over the ${max}-byte limit for ${kind} results, so not shown)`;
    return { content: [{ type: 'text', text: note }] };
  }
  const data = Buffer.from(await blob.arrayBuffer()).toString('base64');
  return { content: [blockOf(kind, mimeType, data, options.uri)] };
}

function blockOf(kind: MediaKind, mimeType: string, data: string, uri: string): ContentBlock {
  if (kind === 'image') return { type: 'image', data, mimeType };
  if (kind === 'audio') return { type: 'audio', data, mimeType };
  return { type: 'resource', resource: { uri, mimeType, blob: data } };
}
