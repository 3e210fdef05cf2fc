/**
 * /health, after the seed's McpHealthController: token store, upstream reachability and
 * memory, each reported on its own; "healthy" only when all pass.
 */
export type Check = () => Promise<void>;

export interface HealthReport {
  status: 'healthy' | 'unhealthy';
  timestamp: string;
  checks: Record<string, 'pass' | 'fail'>;
  [key: string]: unknown;
}

export async function runChecks(checks: Record<string, Check>, timeoutMs = 2_000): Promise<HealthReport> {
  const names = Object.keys(checks);
  const settled = await Promise.allSettled(
    names.map((name) => withTimeout(checks[name]!(), timeoutMs)),
  );
  const results: Record<string, 'pass' | 'fail'> = {};
  settled.forEach((s, i) => {
    results[names[i]!] = s.status === 'fulfilled' ? 'pass' : 'fail';
  });
  return {
    status: Object.values(results).every((r) => r === 'pass') ? 'healthy' : 'unhealthy',
    timestamp: new Date().toISOString(),
    checks: results,
  };
}

/** Any HTTP answer counts as reachable: the check is about the network, not auth. */
export function reachable(baseUrl: string): Check {
  return async () => {
    const response = await fetch(baseUrl, { method: 'GET', signal: AbortSignal.timeout(2_000) });
    await response.body?.cancel();
  };
}

export function heapBelow(maxBytes: number): Check {
  return async () => {
    if (process.memoryUsage().heapUsed > maxBytes) throw new Error('heap above limit');
  };
}

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  return Promise.race([
    promise,
    new Promise<void>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);
}
