/**
 * Token delegation through the whole engine: many concurrent tool calls for one user
 * whose access token has expired cost exactly one token-endpoint request.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { connectInMemory, startHarness, textOf, type Harness } from './support.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('user-token calls with an expired access token', () => {
  it('100 concurrent calls -> one refresh_token grant and 100 successes', async () => {
    h = await startHarness({ user: 'dave', accessTtlSec: 0 });
    const client = await connectInMemory(h.runtime);
    h.sandbox.reset();
    const results = await Promise.all(
      Array.from({ length: 100 }, () => client.callTool({ name: 'get-user-profile', arguments: {} })),
    );
    expect(results.filter((r) => r.isError)).toEqual([]);
    expect(h.sandbox.tokenRequests.filter((t) => t.grantType === 'refresh_token')).toHaveLength(1);
    const tokens = new Set(h.sandbox.requests.map((r) => r.headers.authorization));
    expect(tokens.size).toBe(1);
    expect(tokens.has(`Bearer ${h.userToken}`)).toBe(false);
    await client.close();
  });

  it('concurrent upstream 401s -> one refresh, every call retried once and successful', async () => {
    h = await startHarness({ user: 'erin' });
    const client = await connectInMemory(h.runtime);
    h.sandbox.reset();
    h.sandbox.revokeAccessToken(h.userToken);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => client.callTool({ name: 'get-user-profile', arguments: {} })),
    );
    expect(results.filter((r) => r.isError)).toEqual([]);
    expect(h.sandbox.tokenRequests.filter((t) => t.grantType === 'refresh_token')).toHaveLength(1);
    expect(h.sandbox.requests.filter((r) => r.status === 401).length).toBeLessThanOrEqual(20);
    expect(h.sandbox.requests.filter((r) => r.status === 200)).toHaveLength(20);
    await client.close();
  });

  it('a rejected refresh (invalid_grant) tells the model the user must re-authorize', async () => {
    h = await startHarness({ user: 'frank', accessTtlSec: 0 });
    const client = await connectInMemory(h.runtime);
    h.sandbox.faults.tokenEndpointStatus = 400;
    const result = await client.callTool({ name: 'get-user-profile', arguments: {} });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/re-authorize/);
    expect(result._meta?.['dta-mcp/error']).toMatchObject({ code: 'auth_required' });
    // The session is gone: the next call does not even try the token endpoint.
    h.sandbox.reset();
    const again = await client.callTool({ name: 'get-user-profile', arguments: {} });
    expect(again.isError).toBe(true);
    expect(h.sandbox.tokenRequests).toHaveLength(0);
    await client.close();
  });

  it('a token endpoint 500 is a retryable error and keeps the tokens for the next call', async () => {
    h = await startHarness({ user: 'grace', accessTtlSec: 0 });
    const client = await connectInMemory(h.runtime);
    h.sandbox.faults.tokenEndpointStatus = 500;
    const result = await client.callTool({ name: 'get-user-profile', arguments: {} });
    expect(result.isError).toBe(true);
    expect(result._meta?.['dta-mcp/error']).toMatchObject({ retryable: true });
    h.sandbox.faults.tokenEndpointStatus = undefined;
    const again = await client.callTool({ name: 'get-user-profile', arguments: {} });
    expect(again.isError).toBeFalsy();
    await client.close();
  });

  it('a second 401 after the refresh is an error, with no third request', async () => {
    h = await startHarness({ user: 'heidi' });
    const client = await connectInMemory(h.runtime);
    h.sandbox.reset();
    h.sandbox.faults.alwaysUnauthorized = true;
    const result = await client.callTool({ name: 'update-user-settings', arguments: { settings: { theme: 'light' } } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/401/);
    expect(h.sandbox.requests).toHaveLength(2);
    const [first, retry] = h.sandbox.requests;
    expect(retry?.body).toBe(first?.body); // replayed byte for byte
    expect(retry?.method).toBe('PUT');
    await client.close();
  });
});
