/** Small fetch helpers shared by the sandbox's own tests (real HTTP on loopback). */
import type { Sandbox } from '../../sandbox/types.ts';

export const CLIENT_ID = 'dta-mcp';
export const CLIENT_SECRET = 'dta-mcp-secret';

export function basicAuth(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
}

export interface TokenCall {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/** POSTs a form to the token endpoint; `basic` authenticates with HTTP Basic, else in the body. */
export async function postToken(
  sb: Sandbox,
  params: Record<string, string>,
  auth: 'basic' | 'post' | 'none' = 'basic',
  creds: { id: string; secret: string } = { id: CLIENT_ID, secret: CLIENT_SECRET },
): Promise<TokenCall> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  const form = new URLSearchParams(params);
  if (auth === 'basic') headers.authorization = basicAuth(creds.id, creds.secret);
  if (auth === 'post') {
    form.set('client_id', creds.id);
    form.set('client_secret', creds.secret);
  }
  const res = await fetch(sb.tokenUrl, { method: 'POST', headers, body: form.toString() });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

export interface ApiCall {
  status: number;
  headers: Headers;
  body: unknown;
}

export async function callApi(
  sb: Sandbox,
  path: string,
  init: { token?: string; method?: string; body?: string; contentType?: string } = {},
): Promise<ApiCall> {
  const headers: Record<string, string> = {};
  if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['content-type'] = init.contentType ?? 'application/json';
  const res = await fetch(sb.url + path, { method: init.method ?? 'GET', headers, body: init.body ?? null });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body };
}

export async function serviceToken(sb: Sandbox, scope?: string): Promise<string> {
  const res = await postToken(sb, { grant_type: 'client_credentials', ...(scope ? { scope } : {}) });
  if (res.status !== 200) throw new Error(`client_credentials failed: ${res.status}`);
  return res.body.access_token as string;
}
