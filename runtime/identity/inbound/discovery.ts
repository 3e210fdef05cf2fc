/**
 * Finds the issuer's JWKS from its metadata: RFC 8414 first, then OpenID Connect
 * Discovery. The metadata's `issuer` must equal the configured one (RFC 8414 §3.3).
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3
 */
export async function discoverJwksUri(issuer: string, timeoutMs = 5_000): Promise<string> {
  const base = issuer.replace(/\/$/, '');
  const url = new URL(issuer);
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  const candidates = [
    `${url.origin}/.well-known/oauth-authorization-server${path}`,
    `${base}/.well-known/openid-configuration`,
  ];
  for (const candidate of candidates) {
    const response = await fetch(candidate, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } }).catch(() => undefined);
    if (!response?.ok) {
      await response?.body?.cancel().catch(() => undefined);
      continue;
    }
    const metadata = (await response.json().catch(() => undefined)) as { issuer?: unknown; jwks_uri?: unknown } | undefined;
    if (metadata?.issuer !== issuer && metadata?.issuer !== base) continue;
    if (typeof metadata.jwks_uri === 'string') return metadata.jwks_uri;
  }
  throw new Error('no authorization server metadata with a jwks_uri');
}
