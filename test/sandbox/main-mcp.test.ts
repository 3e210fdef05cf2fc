import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';

describe('standalone sandbox (main.ts) and MCP tokens', () => {
  it('prints an MCP-audience token for --issue-mcp, with the audience from --mcp-audience', async () => {
    const child = spawn(
      process.execPath,
      ['bin/run-ts.js', 'sandbox/main.ts', '--json', '--mcp-audience', 'https://mcp.example/mcp', '--issue-mcp', 'alice'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      const info = JSON.parse(line) as { url: string; mcpAudience: string; mcpTokens: Record<string, string> };
      expect(info.mcpAudience).toBe('https://mcp.example/mcp');
      const token = info.mcpTokens.alice ?? '';
      expect(decodeJwt(token)).toMatchObject({ sub: 'alice', aud: 'https://mcp.example/mcp', iss: info.url });
      expect(stderr).toContain(`MCP token for alice: ${token}`);
      const res = await fetch(`${info.url}/user/profile`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(401);
    } finally {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    }
  });
});
