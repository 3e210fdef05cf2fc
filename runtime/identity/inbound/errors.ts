/**
 * Why an inbound request was refused, as RFC 6750 §3.1 error codes. Classified by type
 * where it is raised, never by message text; descriptions never contain the token.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 */
export type InboundFailure =
  /** No credentials at all: a challenge without an error code (RFC 6750 §3.1). */
  | 'missing'
  /** Malformed request: a token in the query string, two Authorization headers. */
  | 'invalid_request'
  /** Expired, not yet valid, wrong issuer or audience, bad signature, unknown key. */
  | 'invalid_token'
  /** Valid token without the scopes asked for. */
  | 'insufficient_scope'
  /** The keys or the introspection endpoint could not be reached: try again. */
  | 'unavailable';

export class InboundAuthError extends Error {
  constructor(
    readonly failure: InboundFailure,
    /** Safe to send to the client: says what is wrong, never echoes the token. */
    readonly description: string,
    /** The scopes to ask for (insufficient_scope). */
    readonly scope?: string,
  ) {
    super(description);
    this.name = 'InboundAuthError';
  }
}
