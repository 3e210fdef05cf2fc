/**
 * Authorization server metadata, served at both well-known paths (MCP clients try
 * RFC 8414 first, then OpenID Connect discovery).
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata
 * @see https://modelcontextprotocol.io/specification/2025-06-18/basic/authorization
 */
import { USER_SCOPES } from './grant.ts';

export function authorizationServerMetadata(issuer: string, grantTypes: readonly string[]): Record<string, unknown> {
  return {
    issuer,
    authorization_endpoint: `${issuer}/oauth/authorize`,
    token_endpoint: `${issuer}/oauth/token`,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    introspection_endpoint: `${issuer}/oauth/introspect`,
    device_authorization_endpoint: `${issuer}/oauth/device_authorization`,
    grant_types_supported: [...grantTypes],
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    scopes_supported: ['system.read', ...USER_SCOPES],
    authorization_response_iss_parameter_supported: true,
  };
}

/** The same, plus the fields OpenID discovery requires (no ID tokens are issued). */
export function openidConfiguration(issuer: string, grantTypes: readonly string[]): Record<string, unknown> {
  return {
    ...authorizationServerMetadata(issuer, grantTypes),
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['ES256'],
  };
}
