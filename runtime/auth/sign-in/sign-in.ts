/**
 * URL-mode sign-in: when a user-token call finds no usable session, the server hands the
 * client an authorization URL (authorization code + PKCE S256, with the API's userAuth
 * client) whose redirect comes back to this server's `/oauth/callback`. The `state` is
 * random, single-use, bound to the calling user's key and API, and expires; the code is
 * exchanged with the verifier kept here, and the tokens become that user's session.
 *
 * Nothing a browser sends is trusted beyond the `state` lookup: an unknown or spent state
 * is refused without touching any session.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/client/elicitation (URL mode)
 * @see https://www.rfc-editor.org/rfc/rfc7636 (PKCE)
 * @see https://www.rfc-editor.org/rfc/rfc9207 (iss in the authorization response)
 */
import { randomUUID } from 'node:crypto';
import type { ApiConfig, RuntimeConfig } from '../../config/schema.ts';
import type { Logger } from '../../observability/logger.ts';
import { clientOf } from '../credentials.ts';
import type { Auth } from '../index.ts';
import { requestToken } from '../oauth-token-endpoint.ts';
import { newPkce, newState } from '../pkce.ts';

export const SIGN_IN_CALLBACK_PATH = '/oauth/callback';
const DEFAULT_TIMEOUT_MS = 300_000;

/** One sign-in waiting for its callback. */
export interface PendingSignIn {
  /** The URL the user opens. */
  url: string;
  /** The elicitation this sign-in answers (MCP `elicitationId`). */
  elicitationId: string;
  /** Resolves true once the session is stored; false on timeout, refusal or cancel. */
  done: Promise<boolean>;
  /** Forgets the state (the caller stopped waiting). */
  cancel(): void;
}

/** What the callback page tells the browser; never a token or a code. */
export interface CallbackAnswer {
  status: number;
  title: string;
  message: string;
}

export interface SignIn {
  /** Whether `api` has `userAuth.authorize` and this process serves the callback (an HTTP listener). */
  available(api: string): boolean;
  begin(api: string, userKey: string): PendingSignIn;
  /** The browser's return to `/oauth/callback`. */
  callback(query: URLSearchParams): Promise<CallbackAnswer>;
  /** The HTTP listener's origin, for a redirect URI that is not configured. */
  listening(origin: string): void;
}

interface Waiting {
  api: string;
  userKey: string;
  verifier: string;
  redirectUri: string;
  settle(ok: boolean): void;
}

export function createSignIn(config: RuntimeConfig, auths: ReadonlyMap<string, Auth>, logger: Logger): SignIn {
  const pending = new Map<string, Waiting>();
  let origin: string | undefined;

  const settingsOf = (api: string): ApiConfig['userAuth'] | undefined => {
    const userAuth = config.apis[api]?.userAuth;
    return userAuth?.authorize ? userAuth : undefined;
  };
  const redirectUriOf = (api: string): string | undefined =>
    settingsOf(api)?.authorize?.redirectUri ?? (origin ? `${origin}${SIGN_IN_CALLBACK_PATH}` : undefined);

  return {
    // Over stdio nothing would answer the browser's return, so the call is not made to wait for it.
    available: (api) => origin !== undefined && settingsOf(api) !== undefined && auths.has(api),
    listening(value) {
      origin = value;
    },
    begin(api, userKey) {
      const userAuth = settingsOf(api);
      const redirectUri = redirectUriOf(api);
      if (!userAuth?.authorize || !redirectUri) throw new Error(`sign-in is not available for API "${api}"`);
      const { authorize } = userAuth;
      const { verifier, challenge } = newPkce();
      const state = newState();
      let settle: (ok: boolean) => void = () => {};
      const done = new Promise<boolean>((resolve) => {
        settle = resolve;
      });
      const timer = setTimeout(() => finish(false), authorize.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      timer.unref();
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        pending.delete(state);
        settle(ok);
      };
      pending.set(state, { api, userKey, verifier, redirectUri, settle: finish });

      const url = new URL(authorize.authorizationUrl);
      const params: Record<string, string | undefined> = {
        response_type: 'code',
        client_id: userAuth.clientId,
        redirect_uri: redirectUri,
        scope: authorize.scope,
        state,
        code_challenge: challenge,
        code_challenge_method: 'S256',
        resource: authorize.resource,
      };
      for (const [name, value] of Object.entries(params)) if (value) url.searchParams.set(name, value);
      return { url: url.href, elicitationId: randomUUID(), done, cancel: () => finish(false) };
    },

    async callback(query) {
      const state = query.get('state') ?? '';
      const waiting = pending.get(state);
      // Single use: whatever happens next, this state is spent.
      if (!waiting) return { status: 400, title: 'Sign-in failed', message: 'This sign-in link is unknown or already used; call the tool again.' };
      pending.delete(state);
      const userAuth = settingsOf(waiting.api);
      const auth = auths.get(waiting.api);
      if (!userAuth?.authorize || !auth) return fail(waiting, 'This API is no longer configured for sign-in.');
      const iss = query.get('iss');
      const issuer = userAuth.authorize.issuer;
      if (issuer && trimSlash(iss ?? '') !== trimSlash(issuer)) return fail(waiting, 'The answer came from another authorization server (iss mismatch).');
      const error = query.get('error');
      if (error) return fail(waiting, `The authorization server refused the sign-in (${oauthCode(error)}).`);
      const code = query.get('code');
      if (!code) return fail(waiting, 'The answer carries no authorization code.');
      const result = await requestToken(clientOf(userAuth), {
        grant_type: 'authorization_code',
        code,
        redirect_uri: waiting.redirectUri,
        code_verifier: waiting.verifier,
        resource: userAuth.authorize.resource,
      });
      if (!result.ok) {
        const reason = result.kind === 'rejected' ? result.error : result.reason;
        return fail(waiting, `The token endpoint refused the authorization code (${oauthCode(reason)}).`);
      }
      const { accessToken, refreshToken, expiresAt, tokenType, scope } = result.tokens;
      await auth.tokenManager.setupUserSession(waiting.userKey, {
        accessToken,
        ...(refreshToken ? { refreshToken } : {}),
        ...(expiresAt ? { expiresAt } : {}),
        ...(tokenType ? { tokenType } : {}),
        ...(scope ? { scope } : {}),
      });
      logger.info({ api: waiting.api, user: waiting.userKey }, 'user signed in through URL elicitation');
      waiting.settle(true);
      return { status: 200, title: 'Signed in', message: 'You are signed in; you can close this window and return to your assistant.' };
    },
  };

  function fail(waiting: Waiting, message: string): CallbackAnswer {
    logger.warn({ api: waiting.api, user: waiting.userKey }, 'URL sign-in failed');
    waiting.settle(false);
    return { status: 400, title: 'Sign-in failed', message };
  }
}

/** Only a registered-looking error code is repeated (RFC 6749 §4.1.2.1), never free text. */
function oauthCode(error: string): string {
  return /^[a-z_]{1,64}$/.test(error) ? error : 'error';
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
