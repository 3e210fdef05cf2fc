/**
 * The loopback redirect receiver of a native app (RFC 8252 §7.3): an HTTP listener on
 * 127.0.0.1 (not "localhost", which may resolve elsewhere), any free port by default,
 * answering exactly one path. The first request to that path is the callback: it is
 * handed to `onCallback` once, its outcome becomes the browser's page and `result`;
 * anything else (another path, a second callback) gets a plain error page.
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.3
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-8.3
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LoginError } from './login-error.ts';

export const CALLBACK_PATH = '/callback';

export interface Loopback<T> {
  /** e.g. http://127.0.0.1:53121/callback */
  redirectUri: string;
  /** Settles with the first callback's outcome. */
  result: Promise<T>;
  close(): Promise<void>;
}

export async function listenForCallback<T>(port: number, onCallback: (query: URLSearchParams) => Promise<T>): Promise<Loopback<T>> {
  let settle!: { resolve: (value: T) => void; reject: (error: unknown) => void };
  const result = new Promise<T>((resolve, reject) => (settle = { resolve, reject }));
  let taken = false;

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== CALLBACK_PATH) return page(res, 404, 'Not found', 'This address only receives the sign-in redirect.');
    if (taken) return page(res, 400, 'Sign-in already handled', 'This sign-in has already completed; return to the terminal.');
    taken = true;
    onCallback(url.searchParams).then(
      (value) => {
        page(res, 200, 'Signed in', 'You are signed in to dta-mcp. You can close this window and return to the terminal.');
        settle.resolve(value);
      },
      (error: unknown) => {
        const message = error instanceof LoginError ? error.message : 'Sign-in failed.';
        page(res, 400, 'Sign-in failed', `${message} Return to the terminal.`);
        settle.reject(error);
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new LoginError(`Port ${port} on 127.0.0.1 is in use; choose another with --port.`) : error),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    redirectUri: `http://127.0.0.1:${bound}${CALLBACK_PATH}`,
    result,
    // Answers carry `Connection: close`, so they end their sockets once written; idle
    // keep-alive sockets (browser pre-connects) are closed now, stragglers after a second.
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 1000).unref();
      }),
  };
}

function page(res: ServerResponse, status: number, title: string, message: string): void {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title></head>
<body><h1 id="title">${esc(title)}</h1><p id="message">${esc(message)}</p></body></html>
`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(Buffer.byteLength(html)),
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'",
    'referrer-policy': 'no-referrer',
    connection: 'close',
  });
  res.end(html);
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
