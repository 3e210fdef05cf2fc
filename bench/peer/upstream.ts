/**
 * The upstream, in its own process so the load generator's CPU is its own: the sandbox
 * (sandbox/index.ts), with user tokens minted for each subject. Spoken to over the
 * child-process IPC channel, outside the measured path:
 * - on start it sends `{ url, tokenUrl, tokens: { <user>: IssuedUserTokens } }`;
 * - `{ take: true }` answers `{ bySub, other }` (requests per verified user with a 200,
 *   and every other request) since the last take, and forgets them.
 *
 * `node bin/run-ts.js bench/peer/upstream.ts <user>...` with an IPC channel.
 */
import { startSandbox } from '../../sandbox/index.ts';

if (!process.send) throw new Error('upstream.ts: run with an IPC channel');
const sandbox = await startSandbox();
const users = process.argv.slice(2);
const tokens = Object.fromEntries(await Promise.all(users.map(async (u) => [u, await sandbox.issueUserTokens(u)] as const)));

process.on('message', (message: { take?: boolean }) => {
  if (!message.take) return;
  const bySub: Record<string, number> = {};
  let other = 0;
  for (const r of sandbox.requests) {
    if (r.status === 200 && r.path === '/user/profile' && r.auth?.kind === 'user') bySub[r.auth.sub] = (bySub[r.auth.sub] ?? 0) + 1;
    else other++;
  }
  sandbox.reset();
  process.send!({ bySub, other });
});
process.on('disconnect', () => {
  void sandbox.close().then(() => process.exit(0));
});
process.send({ url: sandbox.url, tokenUrl: sandbox.tokenUrl, tokens });
