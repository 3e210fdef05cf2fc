/**
 * Adapts the token manager to the CredentialSource the upstream middleware speaks, for
 * one user: the middleware never sees user keys, refresh tokens or stores.
 */
import type { Acquire, TokenManager } from './token-manager.ts';
import type { CredentialSource } from './types.ts';

/** @param acquire fills a missing or unrefreshable session (token exchange). */
export function userCredentialSource(manager: TokenManager, userKey: string, acquire?: Acquire): CredentialSource {
  return {
    getToken: (signal) => manager.getValidToken(userKey, signal, acquire),
    refreshAfterRejection: async (rejectedToken, signal) =>
      (
        await manager.refreshUserToken(userKey, {
          rejectedAccessToken: rejectedToken,
          ...(signal ? { signal } : {}),
          ...(acquire ? { acquire } : {}),
        })
      ).accessToken,
  };
}
