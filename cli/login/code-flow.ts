/**
 * The authorization code grant for a public native client: PKCE S256 with a fresh random
 * verifier, a random single-use `state`, a loopback redirect, and the code exchanged at
 * the token endpoint without a client secret. The callback must carry our exact `state`
 * and, when the server sends it, our issuer as `iss` (mix-up defence); otherwise the
 * browser is told so and the login fails.
 * @see https://www.rfc-editor.org/rfc/rfc8252 (OAuth 2.0 for native apps)
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.1 (PKCE)
 * @see https://www.rfc-editor.org/rfc/rfc9207 (iss in the authorization response)
 */
import { requestToken, type TokenResponse } from '../../runtime/auth/oauth-token-endpoint.ts';
import { newPkce, newState } from '../../runtime/auth/pkce.ts';
import type { LoginEndpoints } from './endpoints.ts';
import { listenForCallback } from './loopback.ts';
import { LoginError } from './login-error.ts';

export interface CodeFlowOptions {
  endpoints: LoginEndpoints;
  clientId: string;
  scope?: string;
  resource?: string;
  /** Loopback port; 0 picks a free one. */
  port: number;
  timeoutMs: number;
  /** Shown the URL to open (and opens a browser, if it likes). */
  onUrl(url: string): void;
}

export async function authorizationCodeFlow(options: CodeFlowOptions): Promise<TokenResponse> {
  const { endpoints } = options;
  const { verifier, challenge } = newPkce();
  const state = newState();
  const client = { tokenUrl: endpoints.tokenUrl, clientId: options.clientId, authMethod: 'none' as const };

  let redirectUri = '';
  const loopback = await listenForCallback(options.port, async (query) => {
    const error = query.get('error');
    if (query.get('state') !== state) throw new LoginError('The sign-in answer does not belong to this login (state mismatch).');
    const iss = query.get('iss');
    if (iss !== null && trimSlash(iss) !== trimSlash(endpoints.issuer)) {
      throw new LoginError('The sign-in answer came from another authorization server (iss mismatch).');
    }
    if (error) throw new LoginError(`The authorization server refused the sign-in (${oauthCode(error)}).`);
    const code = query.get('code');
    if (!code) throw new LoginError('The sign-in answer carries no authorization code.');
    const result = await requestToken(client, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
      resource: options.resource,
    });
    if (result.ok) return result.tokens;
    if (result.kind === 'rejected') throw new LoginError(`The token endpoint refused the authorization code (${result.error}).`);
    throw new LoginError(`The token endpoint could not be used (${result.reason}); try again.`);
  });
  redirectUri = loopback.redirectUri;

  const url = new URL(endpoints.authorizationUrl as string);
  const params: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: options.clientId,
    redirect_uri: redirectUri,
    scope: options.scope,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    resource: options.resource,
  };
  for (const [name, value] of Object.entries(params)) if (value) url.searchParams.set(name, value);
  options.onUrl(url.href);

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new LoginError(`No sign-in within ${Math.round(options.timeoutMs / 1000)} s; run dta-mcp login again.`)),
      options.timeoutMs,
    );
  });
  try {
    return await Promise.race([loopback.result, timeout]);
  } finally {
    clearTimeout(timer);
    await loopback.close();
  }
}

/** Only a registered-looking error code is repeated (RFC 6749 §4.1.2.1), never free text. */
function oauthCode(error: string): string {
  return /^[a-z_]{1,64}$/.test(error) ? error : 'error';
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
