/**
 * The token manager tells `onRefresh` of every grant it makes, by grant and outcome, so
 * /metrics counts refreshes; createAuth names the acquire grant (token exchange for
 * users, client_credentials for service accounts).
 */
import { describe, expect, it } from 'vitest';
import { MemoryTokenStore } from '../../runtime/auth/stores/memory-store.ts';
import { TokenManager, type RefreshEvent } from '../../runtime/auth/token-manager.ts';
import { AuthRequiredError, TokenRefreshError } from '../../runtime/errors.ts';

const expired = { accessToken: 'old', refreshToken: 'r1', expiresAt: Date.now() - 1_000 };

function manager(refresher: () => Promise<{ accessToken: string }>) {
  const events: RefreshEvent[] = [];
  const m = new TokenManager({ store: new MemoryTokenStore(), refresher, onRefresh: (e) => events.push(e) });
  return { m, events };
}

describe('TokenManager onRefresh', () => {
  it.each([
    ['ok', async () => ({ accessToken: 'new', expiresAt: Date.now() + 3_600_000 })],
    ['rejected', async () => Promise.reject(new AuthRequiredError('invalid_grant'))],
    ['transient', async () => Promise.reject(new TokenRefreshError('503'))],
    ['transient', async () => ({ accessToken: '' })],
  ] as const)('reports a refresh_token grant that ends %s', async (outcome, refresher) => {
    const { m, events } = manager(refresher);
    await m.setupUserSession('alice', expired);
    await m.getValidToken('alice').catch(() => undefined);
    expect(events).toEqual([{ grant: 'refresh_token', outcome }]);
  });

  it('reports an acquire, and nothing when no grant was made', async () => {
    const { m, events } = manager(async () => ({ accessToken: 'unused' }));
    await m.getValidToken('bob', undefined, async () => ({ accessToken: 'acquired', expiresAt: Date.now() + 3_600_000 }));
    await m.getValidToken('bob'); // still fresh: no grant
    expect(events).toEqual([{ grant: 'acquire', outcome: 'ok' }]);
  });

  it('reports a refused acquire as rejected and a failed one as transient', async () => {
    const { m, events } = manager(async () => ({ accessToken: 'unused' }));
    await m.getValidToken('carol', undefined, async () => Promise.reject(new AuthRequiredError('no'))).catch(() => undefined);
    await m.getValidToken('dave', undefined, async () => Promise.reject(new TokenRefreshError('503'))).catch(() => undefined);
    expect(events).toEqual([
      { grant: 'acquire', outcome: 'rejected' },
      { grant: 'acquire', outcome: 'transient' },
    ]);
  });

  it('survives a listener that throws', async () => {
    const m = new TokenManager({
      store: new MemoryTokenStore(),
      refresher: async () => ({ accessToken: 'new', expiresAt: Date.now() + 3_600_000 }),
      onRefresh: () => {
        throw new Error('listener bug');
      },
    });
    await m.setupUserSession('erin', expired);
    await expect(m.getValidToken('erin')).resolves.toBe('new');
  });
});
