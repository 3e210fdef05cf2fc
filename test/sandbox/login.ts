/** Plain-HTTP walks through the sandbox's sign-in pages, as a browser would (no JS needed). */
import { createHash, randomBytes } from 'node:crypto';
import type { Sandbox } from '../../sandbox/types.ts';

export const PUBLIC_CLIENT = 'dta-mcp-cli';
export const LOOPBACK = 'http://127.0.0.1:53682/callback';

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizeParams(challenge: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    response_type: 'code',
    client_id: PUBLIC_CLIENT,
    redirect_uri: LOOPBACK,
    state: 'st-123',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  };
}

export interface Page {
  status: number;
  headers: Headers;
  html: string;
}

export async function getPage(url: string): Promise<Page> {
  const res = await fetch(url, { redirect: 'manual' });
  return { status: res.status, headers: res.headers, html: await res.text() };
}

export async function postForm(url: string, form: Record<string, string>): Promise<Page> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
    redirect: 'manual',
  });
  return { status: res.status, headers: res.headers, html: await res.text() };
}

/** The hidden inputs of the page's form, as a browser would submit them. */
export function hiddenFields(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    out[unescape(m[1] ?? '')] = unescape(m[2] ?? '');
  }
  return out;
}

function unescape(s: string): string {
  return s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
}

/** GETs the sign-in page, submits the credentials with its hidden fields, and returns the redirect target. */
export async function signIn(
  sb: Sandbox,
  params: Record<string, string>,
  user = { username: 'alice', password: 'password' },
): Promise<URL> {
  const page = await getPage(`${sb.authorizationUrl}?${new URLSearchParams(params)}`);
  if (page.status !== 200) throw new Error(`authorize page answered ${page.status}`);
  const res = await postForm(sb.authorizationUrl, { ...hiddenFields(page.html), ...user });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`sign-in answered ${res.status}`);
  return new URL(location);
}

/** Signs alice in with a fresh PKCE pair; returns the code and the verifier. */
export async function codeFor(
  sb: Sandbox,
  extra: Record<string, string> = {},
): Promise<{ code: string; verifier: string }> {
  const { verifier, challenge } = pkcePair();
  const back = await signIn(sb, authorizeParams(challenge, extra));
  const code = back.searchParams.get('code');
  if (!code) throw new Error(`no code in ${back.href}`);
  return { code, verifier };
}
