/**
 * The peer baseline (issue #11): dta-mcp serving `get-user-profile` (user-token, warm
 * token cache) against B1, the hand-written SDK server doing the same fetch
 * (bench/peer/b1-server.ts), and B0, a plain `fetch` of the upstream; over stdio and
 * Streamable HTTP (stateful sessions, both), at concurrency 1 and 16. The upstream is the
 * sandbox in its own process; every round checks it saw exactly one authorised
 * `GET /user/profile` per call, with the subject's own user. Repetitions interleave the
 * subjects (rotating their order); the table shows medians. See bench/README.md.
 *
 * `node bin/run-ts.js bench/peer-baseline.ts [--quick] [--write] [--calls N] [--reps N] [--profile DIR] [--sdk-client] [--sources]`
 * --quick: tiny counts, a smoke test of the harness (no timing is asserted anywhere);
 * --write: also writes the tables into bench/README.md between the peer-bench markers;
 * --profile: runs dta-mcp under `node --cpu-prof`, profiles written to DIR on exit;
 * --sdk-client: over HTTP, the SDK's Client instead of the minimal undici client;
 * --sources: dta-mcp from its TypeScript sources through tsx instead of dist/ (built first);
 * --log-level L: dta-mcp's log level (default info: one line per call), to see what logging costs.
 */
import { fork, spawnSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GC_ON_SIGNAL, idleSessions, tokenCacheHitNs, toolsListCost } from './peer/extras.ts';
import { runRound, type RoundResult } from './peer/load.ts';
import { medians, reportBlock, resultsTable, targetsTable, writeBetweenMarkers, type Run } from './peer/report.ts';
import {
  ROOT,
  b0Subject,
  b1Launch,
  dtaLaunch,
  httpSubject,
  stdioSubject,
  type Launch,
  type Subject,
  type SubjectName,
  type Transport,
} from './peer/subjects.ts';
import type { IssuedUserTokens } from '../sandbox/index.ts';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const value = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const option = (name: string, fallback: number) => Number(value(name) ?? fallback);
const PROFILE_DIR = value('--profile');
const RAW_CLIENT = !flag('--sdk-client');
const SOURCES = flag('--sources');
const LOG_LEVEL = value('--log-level');
const QUICK = flag('--quick') || process.env.BENCH_QUICK === '1';
const CALLS = option('--calls', QUICK ? 48 : 2_000);
const REPS = option('--reps', 3);
const WARMUP = QUICK ? 32 : 400;
const CONCURRENCIES = [1, 16];
const TRANSPORTS: Transport[] = ['stdio', 'http'];
const USERS = { B0: 'bench-b0', B1: 'bench-b1', 'dta-mcp': 'bench-dta', cache: 'bench-cache' } as const;

// The SDK's HTTP client passes one long-lived AbortSignal to every fetch and undici frees
// each call's listener only when the request is garbage-collected: one note, not thousands.
let listenerNoteShown = false;
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name === 'MaxListenersExceededWarning') {
    if (!listenerNoteShown) process.stderr.write(`peer-baseline: (client side) ${warning.message}\n`);
    listenerNoteShown = true;
    return;
  }
  process.stderr.write(`${warning.name}: ${warning.message}\n`);
});

// dta-mcp runs as installed: the built JavaScript in dist/.
if (!SOURCES && spawnSync(process.execPath, [join(ROOT, 'scripts/build.js')], { stdio: ['ignore', 'ignore', 'inherit'] }).status !== 0) {
  throw new Error('peer-baseline: npm run build failed');
}

const loadAtStart = loadavg();
const started = new Date();

// The upstream.
interface Hello { url: string; tokenUrl: string; tokens: Record<string, IssuedUserTokens> }
interface Counts { bySub: Record<string, number>; other: number }
const upstreamProcess = fork(join(ROOT, 'bin/run-ts.js'), [join(ROOT, 'bench/peer/upstream.ts'), ...Object.values(USERS)], {
  execArgv: [],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const nextMessage = <T>() => new Promise<T>((done) => upstreamProcess.once('message', (m) => done(m as T)));
const upstream = await nextMessage<Hello>();
const take = async () => {
  const reply = nextMessage<Counts>();
  upstreamProcess.send({ take: true });
  return reply;
};
const token = (user: string) => upstream.tokens[user]!;

// dta-mcp's config: the sandbox API, the configured local user (stdio, and HTTP on loopback).
const dir = mkdtempSync(join(tmpdir(), 'dta-mcp-peer-'));
const configFile = join(dir, 'dta-mcp.config.yaml');
const dtaUser = token(USERS['dta-mcp']);
writeFileSync(
  configFile,
  `apis:
  dta-wide:
    baseUrl: ${upstream.url}
    serviceAccount: { tokenUrl: ${upstream.tokenUrl}, clientId: dta-mcp, clientSecret: dta-mcp-secret, scope: system.read }
    userAuth: { tokenUrl: ${upstream.tokenUrl}, clientId: dta-mcp, clientSecret: dta-mcp-secret }
user:
  key: ${USERS['dta-mcp']}
  accessToken: ${dtaUser.accessToken}
  refreshToken: ${dtaUser.refreshToken}
  expiresAt: ${dtaUser.expiresAt}
http:
  maxSessions: 5000
  maxSessionsPerUser: 5000
`,
);

const connections = Math.max(...CONCURRENCIES);
const b1Token = token(USERS.B1).accessToken;
const subjects: Record<Transport, Record<SubjectName, Subject>> = {
  stdio: {
    B0: b0Subject(upstream.url, token(USERS.B0).accessToken),
    B1: await stdioSubject('B1', b1Launch('stdio', upstream.url, b1Token)),
    'dta-mcp': await stdioSubject('dta-mcp', dtaLaunch('stdio', configFile, { profileDir: PROFILE_DIR, sources: SOURCES, logLevel: LOG_LEVEL })),
  },
  http: {
    B0: b0Subject(upstream.url, token(USERS.B0).accessToken),
    B1: await httpSubject('B1', b1Launch('http', upstream.url, b1Token), connections, RAW_CLIENT),
    'dta-mcp': await httpSubject('dta-mcp', dtaLaunch('http', configFile, { profileDir: PROFILE_DIR, sources: SOURCES, logLevel: LOG_LEVEL }), connections, RAW_CLIENT),
  },
};

/** One measured round, checked against what the upstream saw. */
async function measured(subject: Subject, calls: number, c: number): Promise<RoundResult> {
  await take();
  const result = await runRound(subject, calls, c);
  const seen = await take();
  const user = USERS[subject.name];
  if (seen.bySub[user] !== calls || seen.other !== 0 || Object.keys(seen.bySub).length !== 1) {
    throw new Error(`${subject.name} ${subject.transport} c=${c}: upstream saw ${JSON.stringify(seen)}, expected ${calls} for ${user}`);
  }
  return result;
}

// Warm-up: JIT, connections, dta-mcp's token cache.
for (const transport of TRANSPORTS) {
  for (const subject of Object.values(subjects[transport])) {
    for (const c of CONCURRENCIES) await runRound(subject, WARMUP, c);
  }
}

const rounds = new Map<string, RoundResult[]>();
const keyOf = (subject: SubjectName, transport: Transport, c: number) => `${subject}|${subject === 'B0' ? 'fetch' : transport}|${c}`;
const order: SubjectName[] = ['B0', 'B1', 'dta-mcp'];
for (let rep = 0; rep < REPS; rep++) {
  for (const c of CONCURRENCIES) {
    for (const transport of TRANSPORTS) {
      const rotated = [...order.slice(rep % 3), ...order.slice(0, rep % 3)];
      for (const name of rotated) {
        const result = await measured(subjects[transport][name], CALLS, c);
        const key = keyOf(name, transport, c);
        rounds.set(key, [...(rounds.get(key) ?? []), result]);
      }
    }
  }
  process.stderr.write(`peer-baseline: repetition ${rep + 1}/${REPS} done\n`);
}

for (const transport of TRANSPORTS) for (const subject of Object.values(subjects[transport])) await subject.close();

// Not per call: idle sessions (on fresh servers), tools/list at 1,000 tools, the token-cache hit.
const idleCount = QUICK ? 20 : 1_000;
async function idleOn(name: SubjectName, launch: Launch) {
  const reportFile = join(dir, `${name}-heap.json`);
  const fresh = await httpSubject(name, { args: [...GC_ON_SIGNAL, ...launch.args], env: { ...launch.env, GC_REPORT_FILE: reportFile } }, 0, true);
  const result = await idleSessions(fresh.url!, fresh.pid!, idleCount, reportFile);
  await fresh.close();
  return result;
}
const idle = {
  dta: await idleOn('dta-mcp', dtaLaunch('http', configFile, { sources: SOURCES })),
  b1: await idleOn('B1', b1Launch('http', upstream.url, b1Token)),
  count: idleCount,
};
const toolsList = await toolsListCost(upstream, QUICK ? 20 : 500);
const cacheHitNs = await tokenCacheHitNs(upstream, token(USERS.cache), QUICK ? 1_000 : 100_000);
upstreamProcess.disconnect();
rmSync(dir, { recursive: true, force: true });

const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
const load = (l: number[]) => l.map((v) => v.toFixed(2)).join(' ');
const run: Run = {
  header:
    `${started.toISOString().slice(0, 10)}, Node ${process.versions.node}, ${cpu}, nproc ${availableParallelism()}; ` +
    `load average ${load(loadAtStart)} at the start, ${load(loadavg())} at the end (1, 5, 15 min). ` +
    `${CALLS.toLocaleString('en-US')} calls per round, medians of ${REPS} interleaved repetitions, HTTP client: ${RAW_CLIENT ? 'minimal (undici)' : 'SDK Client'}, dta-mcp from ${SOURCES ? 'sources (tsx)' : 'dist/'}, B1 transpiled to JavaScript${QUICK ? ' (quick mode: not meaningful)' : ''}.`,
  concurrencies: CONCURRENCIES,
  transports: TRANSPORTS,
  median: (subject, transport, c) => medians(rounds.get(keyOf(subject, transport, c)) ?? []),
  extras: { toolsList, cacheHitNs, idle },
};

process.stdout.write(`${run.header}\n\n${resultsTable(run)}\n\n${targetsTable(run)}\n`);
if (flag('--write')) {
  writeBetweenMarkers(join(ROOT, 'bench/README.md'), reportBlock(run));
  process.stdout.write('peer-baseline: bench/README.md updated\n');
}
