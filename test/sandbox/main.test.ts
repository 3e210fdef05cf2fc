import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

describe('standalone sandbox (main.ts)', () => {
  it('prints its URL and credentials, serves, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, ['bin/run-ts.js', 'sandbox/main.ts', '--json', '--issue', 'demo-user'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      const info = JSON.parse(line) as { url: string; users: Record<string, { accessToken: string }> };
      expect(stderr).toContain(`sandbox listening on ${info.url}`);
      expect(stderr).toContain('dta-mcp / dta-mcp-secret');
      const token = info.users['demo-user']?.accessToken ?? '';
      const res = await fetch(`${info.url}/user/profile`, { headers: { authorization: `Bearer ${token}` } });
      expect(await res.json()).toMatchObject({ id: 'demo-user' });
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('rejects a bad option with a one-line message and exit code 2', async () => {
    const child = spawn(process.execPath, ['bin/run-ts.js', 'sandbox/main.ts', '--port', 'x'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(2);
    expect(stderr.trim()).toBe('sandbox: --port must be an integer >= 0');
  });
});
