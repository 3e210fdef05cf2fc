/**
 * RFC 9728 protected resource metadata: where clients learn which authorization server
 * issues tokens for this MCP server. Served at the root well-known URL and at the
 * path-aware one for /mcp (`/.well-known/oauth-protected-resource/mcp`).
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-3
 */
import type { InboundAuthConfig } from '../../config/schema.ts';

export const METADATA_PATH = '/.well-known/oauth-protected-resource';

export interface ResourceMetadata {
  resource: string;
  authorization_servers: string[];
  bearer_methods_supported: ['header'];
  scopes_supported?: string[];
  resource_name: string;
}

export function resourceMetadata(auth: InboundAuthConfig, resource: string, scopes: readonly string[]): ResourceMetadata {
  return {
    resource,
    authorization_servers: [auth.issuer],
    bearer_methods_supported: ['header'],
    ...(scopes.length > 0 ? { scopes_supported: [...scopes] } : {}),
    resource_name: 'dta-mcp',
  };
}

/** The metadata paths this server answers: root, and path-aware for the MCP endpoint. */
export function isMetadataPath(path: string, mcpPath = '/mcp'): boolean {
  return path === METADATA_PATH || path === `${METADATA_PATH}${mcpPath}`;
}

/** The path-aware metadata URL for a resource URL (RFC 9728 §3.1). */
export function metadataUrlFor(resource: string): string {
  const url = new URL(resource);
  const path = url.pathname === '/' ? '' : url.pathname;
  return `${url.origin}${METADATA_PATH}${path}`;
}
