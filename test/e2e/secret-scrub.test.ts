/**
 * An upstream that echoes the request's credentials in an error (many do, in debug or
 * validation messages) must not hand them to the model or the log: the user's token,
 * a token rotated during the same call, and the service account's token are scrubbed
 * from every result and every log line.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectInMemory, startHarness, textOf, type Harness } from './support.ts';

const JWT = /eyJ[\w-]+\.[\w-]+\./;

let h: Harness;
let client: Client;

beforeAll(async () => {
  h = await startHarness({ user: 'echo-user' });
  client = await connectInMemory(h.runtime);
});
afterAll(async () => {
  await client.close();
  await h.close();
});
beforeEach(() => h.sandbox.reset());

/** Every token the sandbox received in this test, as sent. */
function presentedTokens(): string[] {
  const tokens = h.sandbox.requests.map((r) => /^Bearer (\S+)$/.exec(r.headers.authorization ?? '')?.[1] ?? '');
  expect(tokens.every((t) => t.length > 20)).toBe(true);
  return tokens;
}

function expectFreeOf(tokens: string[], texts: string[]): void {
  for (const text of texts) {
    for (const token of tokens) expect(text).not.toContain(token);
    expect(text).not.toMatch(JWT);
    expect(text).not.toContain('challenge-echo'); // WWW-Authenticate never reaches the model
  }
}

describe('credentials echoed by the upstream', () => {
  it('the sandbox fault really echoes the token in the body and in WWW-Authenticate', async () => {
    h.sandbox.faults.echoCredentials = { status: 400 };
    const response = await fetch(`${h.sandbox.url}/user/profile`, { headers: { authorization: `Bearer ${h.userToken}` } });
    expect(response.status).toBe(400);
    expect(response.headers.get('www-authenticate')).toContain(h.userToken);
    const body = await response.text();
    expect(body).toContain(`received Authorization: Bearer ${h.userToken}`);
    expect(body).toContain(`"token":"${h.userToken}"`);
  });

  it("a 400 that echoes the user's bearer token reaches the model and the log without it", async () => {
    h.sandbox.faults.echoCredentials = { status: 400 };
    const result = await client.callTool({ name: 'get-user-profile', arguments: {} });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/400/);
    expect(textOf(result)).toContain('invalid_request'); // the rest of the excerpt is kept
    expect(textOf(result)).toContain('[REDACTED]');
    expect(presentedTokens()).toEqual([h.userToken]);
    expectFreeOf([h.userToken], [JSON.stringify(result), ...h.logs]);
  });

  it('a 403 that echoes a token rotated after a 401 in the same call reaches neither', async () => {
    h.sandbox.faults.unauthorizedNext = 1;
    h.sandbox.faults.echoCredentials = { status: 403 };
    const result = await client.callTool({ name: 'get-user-activity-log', arguments: {} });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/403/);
    expect(h.sandbox.requests.map((r) => r.status)).toEqual([401, 403]);
    const [first, rotated] = presentedTokens();
    expect(rotated).not.toBe(first);
    expectFreeOf([first!, rotated!, h.userToken], [JSON.stringify(result), ...h.logs]);
  });

  it("a 500 that echoes the service account's token reaches neither", async () => {
    h.sandbox.faults.echoCredentials = { status: 500 };
    const result = await client.callTool({ name: 'query-recent-errors', arguments: {} });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/500/);
    expect(result._meta?.['dta-mcp/error']).toMatchObject({ code: 'upstream_error', status: 500, retryable: true });
    const [serviceToken] = presentedTokens();
    expect(serviceToken).not.toBe(h.userToken);
    expectFreeOf([serviceToken!], [JSON.stringify(result), ...h.logs]);
  });
});
