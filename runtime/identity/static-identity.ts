/**
 * Who is calling, resolved once where a request enters:
 * - over HTTP with inbound auth, the verified caller the transport put on the request
 *   (`authInfo.extra.identity`, set in http.ts after the token was verified);
 * - otherwise the one configured local user (stdio; HTTP on loopback for development),
 *   or nobody.
 */
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { VerifiedCaller } from './inbound/types.ts';
import type { Identity, IdentityResolver } from './types.ts';

export function staticIdentity(userKey: string | undefined): IdentityResolver {
  const local: Identity | undefined = userKey ? { userKey } : undefined;
  return {
    resolve: (ctx) => {
      const verified = identityOf(ctx.authInfo);
      if (verified) return verified;
      // A network caller that carried a token is never the local user.
      return ctx.authInfo ? undefined : local;
    },
  };
}

/** The AuthInfo the HTTP transport hands the SDK for a verified caller. */
export function authInfoFor(caller: VerifiedCaller): AuthInfo {
  const identity: Identity = { userKey: caller.userKey, caller };
  return {
    token: caller.token,
    clientId: caller.clientId ?? '',
    scopes: caller.scopes,
    expiresAt: caller.expiresAt,
    extra: { identity },
  };
}

function identityOf(authInfo: AuthInfo | undefined): Identity | undefined {
  const identity = authInfo?.extra?.identity as Identity | undefined;
  return identity && typeof identity.userKey === 'string' ? identity : undefined;
}
