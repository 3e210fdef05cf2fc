/**
 * DNS-rebinding and CSRF guards for the HTTP transport: Host and Origin checks, and a
 * bounded body reader. Each answers with a status, never throws at the caller.
 * @see https://modelcontextprotocol.io/specification/2025-06-18/basic/transports#security-warning
 */
import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';
import { isJsonContentType } from '@modelcontextprotocol/sdk/shared/mediaType.js';

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/** 127.0.0.0/8 and ::1; BlockList also matches IPv4-mapped IPv6 (::ffff:127.0.0.1). */
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * `localhost`, or an IP literal in a loopback range: the address is parsed, so
 * `127.0.0.1.evil.example` (a DNS name) is not loopback. IPv6 may come in brackets.
 */
export function isLoopback(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (name === 'localhost') return true;
  const family = isIP(name);
  return family !== 0 && LOOPBACK.check(name, family === 4 ? 'ipv4' : 'ipv6');
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
    return isLoopback(new URL(origin).hostname);
  } catch {
    return false;
  }
}

/**
 * Beyond loopback, every caller must prove who they are: without inbound auth
 * (`http.auth`) a network caller would be anonymous, or act as the configured local
 * user. Refused at start-up.
 */
export function exposureProblem(bindHost: string, hasInboundAuth: boolean): string | undefined {
  if (hasInboundAuth || isLoopback(bindHost)) return undefined;
  return (
    `Refusing to serve HTTP on ${bindHost} without inbound auth: nothing would say who a network caller is. ` +
    'Configure http.auth (issuer and audience of the tokens your MCP clients send), or bind to 127.0.0.1 (the default).'
  );
}

export interface Refusal {
  status: number;
  message: string;
}

/**
 * The transport's own Accept and Content-Type checks for a POST, made before a server is
 * created for an initialize, so a request that cannot open a session allocates nothing.
 * Same verdicts and messages as the SDK's StreamableHTTPServerTransport.
 */
export function postRefusal(req: IncomingMessage): Refusal | undefined {
  const accept = req.headers.accept ?? '';
  if (!accept.includes('application/json') || !accept.includes('text/event-stream')) {
    return { status: 406, message: 'Not Acceptable: Client must accept both application/json and text/event-stream' };
  }
  if (!isJsonContentType(req.headers['content-type'])) {
    return { status: 415, message: 'Unsupported Media Type: Content-Type must be application/json' };
  }
  return undefined;
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
