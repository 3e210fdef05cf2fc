/**
 * GET /.well-known/jwks.json: the published signing keys, counted so tests can assert
 * how often a resource server fetches them (caching, refetch on an unknown kid);
 * `faults.jwksDown` answers 503 instead.
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-5
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './http.ts';
import type { Signer } from './keys.ts';
import type { SandboxFaults } from './types.ts';

export interface JwksContext {
  signer: Signer;
  faults: SandboxFaults;
  counters: { jwksRequests: number };
}

export function handleJwks(ctx: JwksContext, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return sendJson(res, 405, { error: 'method_not_allowed', message: 'Use GET.' }, { allow: 'GET, HEAD' });
  }
  ctx.counters.jwksRequests++;
  if (ctx.faults.jwksDown) {
    return sendJson(res, 503, { error: 'temporarily_unavailable', message: 'Injected fault.' }, { 'retry-after': '1' });
  }
  sendJson(res, 200, ctx.signer.jwks, { 'content-type': 'application/jwk-set+json' });
}
