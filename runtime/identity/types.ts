/**
 * Who is calling. Tools and transports depend only on this interface, so the source of
 * identity (configuration today; the verified inbound token over HTTP later) can change
 * without touching them.
 */
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { VerifiedCaller } from './inbound/types.ts';

export interface CallerContext {
  transport: 'stdio' | 'http' | 'memory';
  /** Set by the HTTP transport once an inbound token is verified. */
  authInfo?: AuthInfo;
}

export interface Identity {
  /** A stable user key: the subject, never a session id or a tool argument. */
  userKey: string;
  /** Over HTTP with inbound auth: the verified caller (its token is for token exchange only). */
  caller?: VerifiedCaller;
}

export interface IdentityResolver {
  resolve(ctx: CallerContext): Identity | undefined;
}
