/**
 * The sandbox's HTML pages (sign-in, device code entry, errors): plain HTML forms, no
 * script, every value escaped. Stable hooks for browser tests: `<form method="post">`,
 * inputs `username` / `password`, submit button `#sign-in`, cancel button `#cancel`,
 * error text `#error` on forms, `#message` on message pages.
 */
import type { ServerResponse } from 'node:http';

export interface SignInPage {
  title: string;
  /** Where the form posts. */
  action: string;
  /** Shown to the user: who asks, for what. */
  clientId?: string;
  scope?: string;
  /** Carried through the POST unchanged. */
  hidden: Record<string, string>;
  /** Ask for a user code too (device flow). */
  userCode?: string | true;
  error?: string;
}

export function signInPage(page: SignInPage): string {
  const hidden = Object.entries(page.hidden)
    .map(([name, value]) => `    <input type="hidden" name="${esc(name)}" value="${esc(value)}">`)
    .join('\n');
  const userCode = page.userCode === undefined
    ? ''
    : `    <p><label>Code <input name="user_code" value="${page.userCode === true ? '' : esc(page.userCode)}" autocomplete="off" required></label></p>\n`;
  const lines = [
    `<h1>${esc(page.title)}</h1>`,
    page.clientId ? `<p><strong>${esc(page.clientId)}</strong> asks for access${page.scope ? `: <code>${esc(page.scope)}</code>` : ''}.</p>` : '',
    page.error ? `<p id="error" role="alert">${esc(page.error)}</p>` : '',
    `<form method="post" action="${esc(page.action)}">`,
    hidden,
    `${userCode}    <p><label>Username <input name="username" autocomplete="username" required></label></p>`,
    '    <p><label>Password <input name="password" type="password" autocomplete="current-password" required></label></p>',
    '    <p><button type="submit" id="sign-in" name="action" value="approve">Sign in</button>',
    '       <button type="submit" id="cancel" name="action" value="deny" formnovalidate>Cancel</button></p>',
    '</form>',
    '<p><small>Sandbox users: alice, bob, carol; password: password.</small></p>',
  ];
  return document(page.title, lines.filter(Boolean).join('\n'));
}

export function messagePage(title: string, message: string): string {
  return document(title, `<h1>${esc(title)}</h1>\n<p id="message">${esc(message)}</p>`);
}

export function sendHtml(res: ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(Buffer.byteLength(html)),
    'cache-control': 'no-store',
    // No framing (clickjacking) and no scripts; form-action is left open because
    // browsers apply it to the redirect that follows the POST.
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    ...headers,
  });
  res.end(html);
}

function document(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${esc(title)}</title></head>
<body>
${body}
</body>
</html>
`;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
