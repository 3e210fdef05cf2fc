/**
 * One POST to an OAuth 2.0 token endpoint, shared by the refresh_token refresher and the
 * client_credentials service account: form encoding, client authentication, timeout,
 * response parsing, and classification of failures.
 *
 * Classification is the point: a 4xx (`invalid_grant`, `invalid_client`, ...) means the
 * grant itself was refused and retrying will not help; a 5xx, 408, 429, a timeout, a
 * network error or a malformed answer may go away, so callers keep their tokens and report a retryable
 * error. Results carry the OAuth `error` code (a short registered word, never a secret);
 * bodies, descriptions and tokens never reach a message.
 *
 * @see RFC 6749 §2.3.1 (client authentication), §5.1 (success), §5.2 (error response)
 * @see RFC 8707 (resource indicators)
 */

export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

export interface TokenEndpointClient {
  tokenUrl: string;
  clientId: string;
  /** Required unless authMethod is 'none'. */
  clientSecret?: string;
  /** Default 'client_secret_basic' (RFC 6749 §2.3.1 says servers MUST support it). */
  authMethod?: ClientAuthMethod;
  /** Per-request timeout; default 10 s. */
  timeoutMs?: number;
  /** Injected for tests of the fetch layer only; default the global fetch. */
  fetch?: typeof fetch;
}

export interface TokenResponse {
  accessToken: string;
  tokenType?: string;
  /** Epoch ms, from expires_in. */
  expiresAt?: number;
  refreshToken?: string;
  scope?: string;
  /** OpenID Connect: the ID token, when the server sends one (only to name the signed-in user). */
  idToken?: string;
}

export type TokenEndpointResult =
  | { ok: true; tokens: TokenResponse }
  /** The server refused the grant (4xx): retrying will not help. */
  | { ok: false; kind: 'rejected'; status: number; error: string }
  /** May go away: 5xx, timeout, network, malformed answer. `reason` is log-safe. */
  | { ok: false; kind: 'transient'; status?: number; reason: string; cause?: unknown };

export const DEFAULT_TOKEN_TIMEOUT_MS = 10_000;

/** POSTs `params` (grant_type and friends) to the token endpoint and classifies the answer. */
export async function requestToken(
  client: TokenEndpointClient,
  params: Record<string, string | undefined>,
  signal?: AbortSignal,
): Promise<TokenEndpointResult> {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== '') body.set(name, value);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  const method = client.authMethod ?? 'client_secret_basic';
  if (method === 'client_secret_basic') {
    // §2.3.1: id and secret are form-urlencoded before base64, so ':' in an id is safe.
    const pair = `${formEncode(client.clientId)}:${formEncode(client.clientSecret ?? '')}`;
    headers.authorization = `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
  } else {
    body.set('client_id', client.clientId);
    if (method === 'client_secret_post') body.set('client_secret', client.clientSecret ?? '');
  }

  const timeout = AbortSignal.timeout(client.timeoutMs ?? DEFAULT_TOKEN_TIMEOUT_MS);
  let response: Response;
  try {
    response = await (client.fetch ?? fetch)(client.tokenUrl, {
      method: 'POST',
      headers,
      body,
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      redirect: 'error',
    });
  } catch (error) {
    const reason = timeout.aborted ? 'timeout' : signal?.aborted ? 'aborted' : 'network error';
    return { ok: false, kind: 'transient', reason, cause: error };
  }

  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    return { ok: false, kind: 'transient', status: response.status, reason: 'response body unreadable', cause: error };
  }
  const json = parseJsonObject(text);

  // 408 and 429 are "not now", not "never": logging a user out for rate limiting would be wrong.
  if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
    return { ok: false, kind: 'rejected', status: response.status, error: oauthErrorCode(json?.error) ?? `http_${response.status}` };
  }
  if (!response.ok) {
    return { ok: false, kind: 'transient', status: response.status, reason: `token endpoint answered ${response.status}` };
  }
  if (!json) return { ok: false, kind: 'transient', status: response.status, reason: 'malformed token response (not a JSON object)' };
  const tokens = parseTokenResponse(json);
  if (!tokens) return { ok: false, kind: 'transient', status: response.status, reason: 'malformed token response (no access_token)' };
  return { ok: true, tokens };
}

/** §5.1 fields; `expires_in` may arrive as a numeric string from lenient servers. */
export function parseTokenResponse(json: Record<string, unknown>, now = Date.now()): TokenResponse | undefined {
  if (typeof json.access_token !== 'string' || json.access_token === '') return undefined;
  const tokens: TokenResponse = { accessToken: json.access_token };
  if (typeof json.token_type === 'string') tokens.tokenType = json.token_type;
  const expiresIn = typeof json.expires_in === 'string' ? Number(json.expires_in) : json.expires_in;
  if (typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn >= 0) tokens.expiresAt = now + expiresIn * 1000;
  if (typeof json.refresh_token === 'string' && json.refresh_token !== '') tokens.refreshToken = json.refresh_token;
  if (typeof json.scope === 'string') tokens.scope = json.scope;
  if (typeof json.id_token === 'string' && json.id_token !== '') tokens.idToken = json.id_token;
  return tokens;
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** §5.2: error codes are NQSCHAR (printable ASCII minus '"' and '\'); anything else is dropped. */
function oauthErrorCode(value: unknown): string | undefined {
  return typeof value === 'string' && /^[\x20\x21\x23-\x5B\x5D-\x7E]{1,64}$/.test(value) ? value : undefined;
}

function formEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, '+');
}
