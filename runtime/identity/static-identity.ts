/**
 * The one configured user (stdio, or an HTTP server without inbound auth): every caller
 * is that user. Replaced by the inbound-token resolver when identity over HTTP lands.
 */
import type { Identity, IdentityResolver } from './types.ts';

export function staticIdentity(userKey: string | undefined): IdentityResolver {
  const identity: Identity | undefined = userKey ? { userKey } : undefined;
  return { resolve: () => identity };
}
