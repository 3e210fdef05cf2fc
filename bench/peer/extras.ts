/**
 * The targets of issue #11 that are not per-call: `tools/list` at 1,000 tools against
 * serialising its payload, a token-cache hit, and the memory an idle HTTP session holds.
 */
import { randomBytes } from 'node:crypto';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { sandboxConfig } from '../../cli/demo/sandbox-config.ts';
import registry from '../../generated/index.gen.ts';
import { createRuntime } from '../../runtime/app/create-runtime.ts';
import { createAuth } from '../../runtime/auth/index.ts';
import { silentLogger } from '../../runtime/observability/logger.ts';
import type { ToolRegistry } from '../../runtime/tools/types.ts';
import type { IssuedUserTokens, Sandbox } from '../../sandbox/index.ts';
import { sampleProc } from './proc-stats.ts';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openRawSession } from './subjects.ts';

export interface Upstream {
  url: string;
  tokenUrl: string;
}

const PROTOCOL = '2025-06-18';

async function timeNs(iterations: number, op: () => unknown): Promise<number> {
  for (let i = 0; i < Math.min(1_000, iterations); i++) await op();
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await op();
  return Number(process.hrtime.bigint() - start) / iterations;
}

/**
 * `tools/list` over 1,000 tools (the example's five, renamed, cycled), every page of it,
 * answered by the runtime's server on an in-memory pair and serialised as stdio would,
 * against `JSON.stringify` of the same answers alone.
 */
export async function toolsListCost(upstream: Upstream, iterations: number): Promise<{ listUs: number; stringifyUs: number; payloadKb: number }> {
  const tools = Array.from({ length: 1_000 }, (_, i) => {
    const tool = registry.tools[i % registry.tools.length]!;
    return { ...tool, definition: { ...tool.definition, name: `${tool.definition.name}-${i}` } };
  });
  const big: ToolRegistry = { ...registry, tools: tools as ToolRegistry['tools'] };
  const runtime = await createRuntime({ config: sandboxConfig(upstream as Sandbox), registry: big, logger: silentLogger });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await runtime.createServer('memory').connect(serverSide);
  let answer: (m: JSONRPCMessage) => void = () => {};
  clientSide.onmessage = (m) => answer(m);
  await clientSide.start();
  let id = 0;
  const request = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<JSONRPCMessage>((done) => {
      answer = done;
      void clientSide.send({ jsonrpc: '2.0', id: ++id, method, params });
    });
  await request('initialize', { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: 'bench', version: '1' } });
  await clientSide.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  // tools/list answers in pages (runtime/mcp/list-page.ts): the whole list is every page.
  const listAll = async (): Promise<JSONRPCMessage[]> => {
    const pages: JSONRPCMessage[] = [];
    let cursor: string | undefined;
    do {
      const page = await request('tools/list', cursor ? { cursor } : {});
      pages.push(page);
      cursor = (page as { result?: { nextCursor?: string } }).result?.nextCursor;
    } while (cursor);
    return pages;
  };
  const sample = await listAll();
  const count = sample.reduce((n, page) => n + ((page as { result?: { tools?: unknown[] } }).result?.tools ?? []).length, 0);
  if (count !== 1_000) throw new Error(`tools/list: expected 1,000 tools over its pages, got ${count}`);
  const listNs = await timeNs(iterations, async () => (await listAll()).map((page) => JSON.stringify(page)));
  const stringifyNs = await timeNs(iterations, () => sample.map((page) => JSON.stringify(page)));
  await clientSide.close();
  await runtime.close();
  return { listUs: listNs / 1e3, stringifyUs: stringifyNs / 1e3, payloadKb: sample.reduce((n, page) => n + JSON.stringify(page).length, 0) / 1024 };
}

/** `getValidToken` on a cached, unexpired token (memory store, AES-GCM), as bench/token-manager.ts measures it. */
export async function tokenCacheHitNs(upstream: Upstream, tokens: IssuedUserTokens, iterations: number): Promise<number> {
  const auth = createAuth({
    encryption: { keys: [{ id: 'k1', key: randomBytes(32).toString('base64') }] },
    refresh: { tokenUrl: upstream.tokenUrl, clientId: 'dta-mcp', clientSecret: 'dta-mcp-secret' },
  });
  await auth.tokenManager.setupUserSession('alice', tokens);
  const ns = await timeNs(iterations, () => auth.tokenManager.getValidToken('alice'));
  await auth.close();
  return ns;
}

export interface IdleSessions {
  /** RSS of the fresh server before any session, MB. */
  restMb: number;
  /** Heap (and memory outside it) kept per idle session, after a full collection, KB. */
  perSessionKb: number;
  /** RSS growth per idle session, KB: also the heap the initializes' garbage grew. */
  rssPerSessionKb: number;
}

/**
 * On a freshly started server (so its heap has not already grown under load and absorbs
 * the sessions unseen), started with gc-on-signal.cjs and GC_REPORT_FILE: RSS at rest,
 * then what `count` sessions opened (initialize + initialized) and left idle keep — the
 * heap in use (plus memory outside the heap) after a full collection, before and after —
 * and, for comparison, the RSS growth, which also counts heap the requests' garbage grew.
 */
export async function idleSessions(url: string, pid: number, count: number, reportFile: string): Promise<IdleSessions> {
  await collected(pid, reportFile);
  const rest = sampleProc(pid).rssKb;
  for (let i = 0; i < 10; i++) await openRawSession(url); // first-use allocations are not per session
  const before = await collected(pid, reportFile);
  const rssBefore = sampleProc(pid).rssKb;
  for (let i = 0; i < count; i++) await openRawSession(url);
  const after = await collected(pid, reportFile);
  return {
    restMb: rest / 1024,
    perSessionKb: (after - before) / 1024 / count,
    rssPerSessionKb: (sampleProc(pid).rssKb - rssBefore) / count,
  };
}

/** Node flags that make a server collect its garbage and report its heap on SIGUSR2 (for idleSessions). */
export const GC_ON_SIGNAL = ['--expose-gc', '--require', join(import.meta.dirname, 'gc-on-signal.cjs')];

/** Heap in use plus memory outside the heap, in bytes, after a full collection. */
async function collected(pid: number, reportFile: string): Promise<number> {
  await settle();
  rmSync(reportFile, { force: true });
  process.kill(pid, 'SIGUSR2');
  for (let i = 0; i < 100 && !existsSync(reportFile); i++) await new Promise((done) => setTimeout(done, 20));
  const { heapUsed, external } = JSON.parse(readFileSync(reportFile, 'utf8')) as { heapUsed: number; external: number };
  return heapUsed + external;
}

const settle = () => new Promise((done) => setTimeout(done, 500));
