/**
 * Demo only (`SandboxOptions.demoTokens`): `POST /demo/mcp-token` with `user=<name>` mints
 * a token for the MCP server as audience, so a person can paste it into a client that takes
 * a bearer token (the MCP Inspector, a `.mcp.json` `headers` block). Never on by default:
 * anyone who reaches it gets a token for anyone.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from './http.ts';

export async function handleDemoToken(
  mint: (userId: string) => Promise<string>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (req.method !== 'POST') return sendJson(res, 405, { error: 'invalid_request', error_description: 'POST user=<name>.' }, { allow: 'POST' });
  const body = await readBody(req);
  const user = body.ok ? (new URLSearchParams(body.text).get('user') ?? '') : '';
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(user)) {
    return sendJson(res, 400, { error: 'invalid_request', error_description: 'user: 1-64 letters, digits, ".", "_" or "-".' });
  }
  return sendJson(res, 200, { access_token: await mint(user), token_type: 'Bearer' }, { 'cache-control': 'no-store' });
}
