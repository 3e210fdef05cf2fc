/**
 * The authorization server's endpoints for `dta-mcp login`: configured explicitly, else
 * from its metadata — RFC 8414 first (`/.well-known/oauth-authorization-server`, inserted
 * before the issuer's path), then OpenID Connect discovery. The metadata's `issuer` must
 * be the configured one (RFC 8414 §3.3), and every endpoint https, or http on loopback.
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-8.3
 */
import type { LoginConfig } from '../../runtime/config/schema.ts';
import { LoginError } from './login-error.ts';

export interface LoginEndpoints {
  issuer: string;
  authorizationUrl?: string;
  tokenUrl: string;
  deviceAuthorizationUrl?: string;
  userinfoUrl?: string;
}

const DISCOVERY_TIMEOUT_MS = 10_000;

export async function resolveEndpoints(login: LoginConfig): Promise<LoginEndpoints> {
  const explicit = login.tokenUrl && (login.device ? login.deviceAuthorizationUrl : login.authorizationUrl);
  const metadata = explicit ? {} : await discover(login.issuer);
  const pick = (configured: string | undefined, field: string): string | undefined =>
    configured ?? (typeof metadata[field] === 'string' ? (metadata[field] as string) : undefined);
  const endpoints: LoginEndpoints = { issuer: login.issuer, tokenUrl: pick(login.tokenUrl, 'token_endpoint') ?? '' };
  const authorizationUrl = pick(login.authorizationUrl, 'authorization_endpoint');
  const deviceAuthorizationUrl = pick(login.deviceAuthorizationUrl, 'device_authorization_endpoint');
  const userinfoUrl = pick(undefined, 'userinfo_endpoint');
  if (authorizationUrl) endpoints.authorizationUrl = authorizationUrl;
  if (deviceAuthorizationUrl) endpoints.deviceAuthorizationUrl = deviceAuthorizationUrl;
  if (userinfoUrl) endpoints.userinfoUrl = userinfoUrl;

  if (!endpoints.tokenUrl) throw new LoginError(`${login.issuer} names no token endpoint; set login.tokenUrl.`);
  if (login.device && !endpoints.deviceAuthorizationUrl) {
    throw new LoginError(`${login.issuer} has no device authorization endpoint; set login.deviceAuthorizationUrl or drop login.device.`);
  }
  if (!login.device && !endpoints.authorizationUrl) {
    throw new LoginError(`${login.issuer} names no authorization endpoint; set login.authorizationUrl.`);
  }
  for (const url of [endpoints.authorizationUrl, endpoints.tokenUrl, endpoints.deviceAuthorizationUrl, endpoints.userinfoUrl]) {
    if (url !== undefined) assertSafeUrl(url);
  }
  return endpoints;
}

async function discover(issuer: string): Promise<Record<string, unknown>> {
  const base = new URL(issuer);
  const path = base.pathname === '/' ? '' : base.pathname.replace(/\/$/, '');
  const candidates = [
    new URL(`/.well-known/oauth-authorization-server${path}`, base.origin).href,
    `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
  ];
  for (const url of candidates) {
    const metadata = await fetchJson(url);
    if (!metadata) continue;
    if (typeof metadata.issuer !== 'string' || trimSlash(metadata.issuer) !== trimSlash(issuer)) {
      throw new LoginError(`The metadata at ${url} is for another issuer; check login.issuer.`);
    }
    return metadata;
  }
  throw new LoginError(`Cannot read the authorization server metadata of ${issuer}; check login.issuer or set the endpoints.`);
}

async function fetchJson(url: string): Promise<Record<string, unknown> | undefined> {
  try {
    const res = await fetch(url, { headers: { accept: 'application/json' }, redirect: 'error', signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS) });
    if (!res.ok) return undefined;
    const value: unknown = await res.json();
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Codes and tokens travel to these: TLS, except to this machine (RFC 8252 §8.3 allows loopback). */
function assertSafeUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new LoginError(`Endpoint ${url} is not a URL.`);
  }
  const loopback = parsed.hostname === '127.0.0.1' || parsed.hostname === '[::1]' || parsed.hostname === 'localhost';
  if (parsed.protocol === 'https:' || (parsed.protocol === 'http:' && loopback)) return;
  throw new LoginError(`Endpoint ${parsed.origin} must use https (plain http only on this machine).`);
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
