/**
 * Registered clients, how they authenticate, and where they may be redirected.
 *
 * Confidential clients authenticate with HTTP Basic or client_id/client_secret in the
 * body (RFC 6749 §2.3.1). Public clients (a CLI) send only client_id and must use PKCE;
 * they may use a loopback redirect URI on any port (RFC 8252 §7.3), other redirect URIs
 * must match a registered one exactly.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.3
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const DEFAULT_PUBLIC_CLIENT = 'dta-mcp-cli';

interface Client {
  clientId: string;
  /** undefined: a public client. */
  secret?: string;
  redirectUris: string[];
}

export class Clients {
  readonly #byId = new Map<string, Client>();

  constructor(
    confidential: { clientId: string; clientSecret: string; redirectUris?: string[] }[],
    publicClients: { clientId: string; redirectUris?: string[] }[],
  ) {
    for (const c of confidential) this.#add({ clientId: c.clientId, secret: c.clientSecret, redirectUris: c.redirectUris ?? [] });
    for (const c of publicClients) this.#add({ clientId: c.clientId, redirectUris: c.redirectUris ?? [] });
  }

  #add(client: Client): void {
    if (this.#byId.has(client.clientId)) throw new Error(`startSandbox: client ${client.clientId} is registered twice`);
    this.#byId.set(client.clientId, client);
  }

  has(clientId: string): boolean {
    return this.#byId.has(clientId);
  }

  isPublic(clientId: string): boolean {
    const client = this.#byId.get(clientId);
    return client !== undefined && client.secret === undefined;
  }

  /** Whether `secret` is the confidential client's secret (constant-time). */
  checkSecret(clientId: string, secret: string): boolean {
    const expected = this.#byId.get(clientId)?.secret;
    if (expected === undefined || secret === '') return false;
    // Compare digests so the comparison is constant-time whatever the lengths.
    const a = createHash('sha256').update(expected).digest();
    const b = createHash('sha256').update(secret).digest();
    return timingSafeEqual(a, b);
  }

  /** Whether the client may be sent to `uri`: exact match, or loopback on any port for a public client. */
  allowsRedirect(clientId: string, uri: string): boolean {
    const client = this.#byId.get(clientId);
    if (!client) return false;
    if (client.redirectUris.includes(uri)) return true;
    return client.secret === undefined && isLoopbackRedirect(uri);
  }
}

/**
 * http on 127.0.0.1, [::1] or localhost, any port, no fragment, no credentials.
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.3 (localhost is NOT RECOMMENDED there, still accepted)
 */
function isLoopbackRedirect(uri: string): boolean {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  return (
    url.protocol === 'http:' &&
    ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname) &&
    url.hash === '' &&
    !uri.includes('#') &&
    url.username === '' &&
    url.password === ''
  );
}

export type ClientAuth =
  | { kind: 'none' }
  | { kind: 'ok' | 'both'; method: 'basic' | 'post'; clientId: string; secret: string };

/** HTTP Basic (RFC 6749 §2.3.1: form-encoded id and secret) or client_id/client_secret in the body. */
export function clientCredentials(req: IncomingMessage, params: URLSearchParams): ClientAuth {
  const header = req.headers.authorization;
  const inBody = params.has('client_id') || params.has('client_secret');
  if (header?.toLowerCase().startsWith('basic ')) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const id = formDecode(colon < 0 ? decoded : decoded.slice(0, colon));
    const secret = colon < 0 ? '' : formDecode(decoded.slice(colon + 1));
    return { kind: inBody ? 'both' : 'ok', method: 'basic', clientId: id, secret };
  }
  const id = params.get('client_id');
  if (id === null) return { kind: 'none' };
  return { kind: 'ok', method: 'post', clientId: id, secret: params.get('client_secret') ?? '' };
}

export type Authenticated = { ok: true; clientId: string; public: boolean } | { ok: false };

/**
 * A confidential client with its secret, or a public client that sent client_id in the
 * body and no client_secret at all (a public client presenting a secret fails).
 */
export function authenticate(clients: Clients, auth: ClientAuth, params: URLSearchParams): Authenticated {
  if (auth.kind !== 'ok') return { ok: false };
  if (clients.checkSecret(auth.clientId, auth.secret)) return { ok: true, clientId: auth.clientId, public: false };
  if (auth.method === 'post' && !params.has('client_secret') && clients.isPublic(auth.clientId)) {
    return { ok: true, clientId: auth.clientId, public: true };
  }
  return { ok: false };
}

function formDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}
