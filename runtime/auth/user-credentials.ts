/**
 * Adapts the token manager to the CredentialSource the upstream middleware speaks, for
 * one user: the middleware never sees user keys, refresh tokens or stores.
 */
import type { TokenManager } from './token-manager.ts';
import type { CredentialSource } from './types.ts';

export function userCredentialSource(manager: TokenManager, userKey: string): CredentialSource {
  return {
    getToken: (signal) => manager.getValidToken(userKey, signal),
    refreshAfterRejection: async (rejectedToken, signal) =>
      (await manager.refreshUserToken(userKey, { rejectedAccessToken: rejectedToken, ...(signal ? { signal } : {}) })).accessToken,
  };
}
