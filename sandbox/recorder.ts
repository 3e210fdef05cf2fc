/**
 * What the sandbox received, for tests to assert on: API requests (raw body, headers,
 * verified identity, answer status) and token endpoint requests.
 */
import type { IncomingMessage } from 'node:http';
import type { RecordedRequest, TokenRequest } from './types.ts';

export class Recorder {
  /** Stable arrays: reset empties them in place, so references held by tests stay live. */
  readonly requests: RecordedRequest[] = [];
  readonly tokenRequests: TokenRequest[] = [];

  recordRequest(entry: RecordedRequest): void {
    this.requests.push(entry);
  }

  recordToken(entry: TokenRequest): void {
    // Leave absent fields out rather than undefined, so toEqual/JSON read cleanly.
    const clean = Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined));
    this.tokenRequests.push(clean as unknown as TokenRequest);
  }

  clear(): void {
    this.requests.length = 0;
    this.tokenRequests.length = 0;
  }
}

/** Lower-cased header names; repeated headers joined with ", ". */
export function headerRecord(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** The first value of each query parameter. */
export function queryRecord(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of params) if (!(k in out)) out[k] = v;
  return out;
}
