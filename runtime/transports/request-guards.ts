/**
 * DNS-rebinding and CSRF guards for the HTTP transport: Host and Origin checks, and a
 * bounded body reader. Each answers with a status, never throws at the caller.
 * @see https://modelcontextprotocol.io/specification/2025-06-18/basic/transports#security-warning
 */
import type { IncomingMessage } from 'node:http';

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** Allowed Host names: configured, else the loopback names when bound to loopback. */
export function defaultAllowedHosts(bindHost: string, configured?: string[]): string[] | undefined {
  if (configured && configured.length > 0) return configured.map((h) => h.toLowerCase());
  return isLoopback(bindHost) ? LOOPBACK_HOSTS : undefined;
}

export function hostAllowed(req: IncomingMessage, allowed: string[] | undefined): boolean {
  if (!allowed) return true;
  const header = req.headers.host;
  if (!header) return false;
  let hostname: string;
  try {
    hostname = new URL(`http://${header}`).hostname.toLowerCase();
  } catch {
    return false;
  }
  return allowed.includes(hostname);
}

/**
 * Browsers send Origin on cross-site requests; non-browser clients usually send none.
 * An Origin is allowed when configured, or when it is itself a loopback origin.
 */
export function originAllowed(req: IncomingMessage, allowedOrigins: string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (allowedOrigins.includes(origin)) return true;
  try {
    return isLoopback(new URL(origin).hostname.replace(/^\[|\]$/g, ''));
  } catch {
    return false;
  }
}

/**
 * Until inbound tokens identify HTTP callers, every HTTP caller acts as the configured
 * local user. That is only safe on loopback: refuse to expose it to a network.
 */
export function exposureProblem(bindHost: string, hasLocalUser: boolean): string | undefined {
  if (!hasLocalUser || isLoopback(bindHost)) return undefined;
  return (
    `Refusing to serve HTTP on ${bindHost} with a configured local user: every caller on the network would act as that user. ` +
    'Bind to 127.0.0.1 (the default), or remove `user:` from the config (user-token tools then answer "sign in required").'
  );
}

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw new BodyTooLargeError();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new BodyTooLargeError();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
