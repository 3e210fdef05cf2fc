/**
 * The random pieces of an authorization code request: a PKCE S256 pair and a single-use
 * `state`. Shared by `dta-mcp login` (cli/login/code-flow.ts) and the server's URL-mode
 * sign-in (auth/sign-in/).
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.1
 */
import { createHash, randomBytes } from 'node:crypto';

export interface Pkce {
  verifier: string;
  challenge: string;
}

export function newPkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function newState(): string {
  return randomBytes(24).toString('base64url');
}
