/**
 * An upstream that redirects to another origin (a download on a CDN or a signed storage
 * URL) is not followed with the call's credentials (upstream/redirects.ts); the model
 * gets where the content is, as a resource link it or its client can open. This is a
 * success, not an error: nothing failed, and retrying would only redirect again.
 * @see https://modelcontextprotocol.io/specification/2025-06-18/server/tools#resource-links
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { scrubKnownSecrets } from '../observability/scrub.ts';
import type { CallSecrets } from './results.ts';

export function redirectResult(target: URL, options: { status: number; mimeType?: string; secrets?: CallSecrets }): CallToolResult {
  // The location is the upstream's to give (a signed URL may carry its own short-lived
  // token); only this call's own credentials are removed, should an upstream echo one.
  const uri = scrubKnownSecrets(target.href, options.secrets ?? new Set());
  const name = decodeURIComponent(target.pathname.split('/').filter(Boolean).pop() ?? target.hostname);
  const link: { type: 'resource_link'; uri: string; name: string; mimeType?: string } = { type: 'resource_link', uri, name };
  if (options.mimeType) link.mimeType = options.mimeType;
  return {
    content: [
      {
        type: 'text',
        text: `The upstream answered ${options.status} with a redirect to another origin, ${target.origin}; it was not followed (credentials are not sent to another origin). The content is at: ${uri}`,
      },
      link,
    ],
  };
}
