/**
 * Request ids tie one MCP request to its log lines and upstream calls. A JSON-RPC id is
 * unique only within its session, so each tools/call gets its own: the caller's
 * `X-Request-Id` when it looks like an id (a load balancer or gateway made it, and its
 * logs use it too), else a random one. Anything else the header holds is ignored, so a
 * caller cannot put text of its choosing into log lines or upstream headers.
 */
import { randomBytes } from 'node:crypto';

/** Letters, digits and `. _ : -`, up to 128 characters: UUIDs, ULIDs, most trace ids. */
const SANE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/**
 * This process's random prefix and a counter: unique across replicas and restarts without
 * a call to the random source per request (ids are for correlation, not secrets).
 */
const PREFIX = randomBytes(6).toString('hex');
let counter = 0;

export function newRequestId(): string {
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  return `${PREFIX}-${counter.toString(36)}`;
}

/** The inbound id when sane, else a new one. */
export function requestIdFrom(inbound: string | string[] | undefined): string {
  const value = Array.isArray(inbound) ? inbound[0] : inbound;
  return value !== undefined && SANE.test(value) ? value : newRequestId();
}
