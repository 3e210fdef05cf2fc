/**
 * /metrics counts what it claims: a scripted session over HTTP against the sandbox (an
 * expired token refreshed, a 401 refreshed and retried, a service-account grant, a
 * refresh that fails transiently, one that is rejected), then one scrape, each counter
 * asserted by its exact value.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpHandle } from '../../runtime/transports/http.ts';
import { serveOverHttp, startHarness, type Harness } from './support.ts';

let h: Harness;
let http: HttpHandle;
let samples: Map<string, number>;

/** Prometheus text format, samples only: `name{a="x",b="y"} value` -> Map key `name{a="x",b="y"}`. */
function parsePrometheus(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)$/.exec(line);
    if (!match) throw new Error(`not a Prometheus sample: ${line}`);
    const [, name, labels = '', value] = match;
    out.set(`${name}${labels}`, Number(value));
  }
  return out;
}

const sample = (key: string): number | undefined => samples.get(key);

beforeAll(async () => {
  // An already-expired access token: the first user-token call must refresh it.
  h = await startHarness({ user: 'alice', accessTtlSec: 0 });
  http = await serveOverHttp(h.runtime);
  const transport = new StreamableHTTPClientTransport(new URL(http.url));
  const client = new Client({ name: 'metrics-e2e', version: '1.0.0' });
  await client.connect(transport);

  const calls: [string, Record<string, unknown>][] = [];
  const call = async (name: string, args: Record<string, unknown> = {}) => {
    const result = await client.callTool({ name, arguments: args });
    calls.push([name, { isError: result.isError ?? false }]);
    return result;
  };
  await call('get-user-profile'); // refresh_token grant (expired), then 200
  h.sandbox.faults.unauthorizedNext = 1;
  await call('get-user-profile'); // 401, refresh_token grant, retry: 200
  await call('query-recent-errors', { hours: 2 }); // client_credentials grant, then 200
  await call('query-recent-errors', { hours: 0 }); // invalid arguments: nothing sent
  await call('get-current-time'); // local: no upstream
  h.sandbox.faults.unauthorizedNext = 1;
  h.sandbox.faults.tokenEndpointStatus = 503;
  await call('get-user-profile'); // 401, refresh fails transiently: no retry
  h.sandbox.faults.unauthorizedNext = 1;
  h.sandbox.faults.tokenEndpointStatus = 400;
  await call('get-user-profile'); // 401, refresh rejected: the user must sign in again
  h.sandbox.reset();
  await transport.terminateSession();
  await client.close();

  samples = parsePrometheus(await (await fetch(http.url.replace('/mcp', '/metrics'))).text());
});
afterAll(async () => {
  await http.close();
  await h.close();
});

describe('/metrics after a scripted session', () => {
  it('counts tool calls by tool and outcome', () => {
    expect(sample('dta_mcp_tool_calls_total{tool="get-user-profile",outcome="ok"}')).toBe(2);
    expect(sample('dta_mcp_tool_calls_total{tool="get-user-profile",outcome="token_refresh_failed"}')).toBe(1);
    expect(sample('dta_mcp_tool_calls_total{tool="get-user-profile",outcome="auth_required"}')).toBe(1);
    expect(sample('dta_mcp_tool_calls_total{tool="query-recent-errors",outcome="ok"}')).toBe(1);
    expect(sample('dta_mcp_tool_calls_total{tool="query-recent-errors",outcome="invalid_arguments"}')).toBe(1);
    expect(sample('dta_mcp_tool_calls_total{tool="get-current-time",outcome="ok"}')).toBe(1);
    expect(sample('dta_mcp_tool_call_duration_seconds_count{tool="get-user-profile"}')).toBe(4);
  });

  it('counts every token grant by grant type and outcome', () => {
    expect(sample('dta_mcp_token_refreshes_total{grant="refresh_token",outcome="ok"}')).toBe(2);
    expect(sample('dta_mcp_token_refreshes_total{grant="refresh_token",outcome="transient"}')).toBe(1);
    expect(sample('dta_mcp_token_refreshes_total{grant="refresh_token",outcome="rejected"}')).toBe(1);
    expect(sample('dta_mcp_token_refreshes_total{grant="client_credentials",outcome="ok"}')).toBe(1);
    expect(sample('dta_mcp_token_refreshes_total{grant="token_exchange",outcome="ok"}')).toBeUndefined();
  });

  it('counts every upstream response, the 401 before a retry included', () => {
    expect(sample('dta_mcp_upstream_calls_total{api="dta-wide",status="200"}')).toBe(3);
    expect(sample('dta_mcp_upstream_calls_total{api="dta-wide",status="401"}')).toBe(3);
    expect(sample('dta_mcp_upstream_auth_retries_total{api="dta-wide"}')).toBe(1);
  });

  it('counts the calls that need the user to sign in again', () => {
    expect(sample('dta_mcp_auth_failures_total{reason="auth_required"}')).toBe(1);
  });

  it('counts the HTTP session opened and closed', () => {
    expect(sample('dta_mcp_http_sessions_total{event="opened"}')).toBe(1);
    expect(sample('dta_mcp_http_sessions_total{event="closed"}')).toBe(1);
    expect(sample('dta_mcp_http_requests_in_flight')).toBe(0);
  });
});
