/** The README's configuration examples load as they are written (docs stay in step). */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../runtime/config/load-config.ts';

const README = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
const section = README.slice(README.indexOf('## Configuration'), README.indexOf('## Commands'));
const blocks = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);

const env = {
  DTA_WIDE_CLIENT_SECRET: 'x',
  DTA_WIDE_API_KEY: 'k',
  DTA_MCP_TOKEN_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
  DTA_MCP_USER: 'u',
  DTA_MCP_USER_ACCESS_TOKEN: 'a',
  DTA_MCP_USER_REFRESH_TOKEN: 'r',
  REDIS_URL: 'redis://127.0.0.1:6379',
  ISSUER_URL: 'https://id.example.com',
  MCP_AUDIENCE: 'dta-mcp',
};

describe('README configuration examples', () => {
  it('has the examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(2);
  });

  it.each(blocks.map((b, i) => [i, b] as const))('example %i loads', async (_i, text) => {
    const dir = mkdtempSync(join(tmpdir(), 'dta-readme-'));
    try {
      const path = join(dir, 'c.yaml');
      writeFileSync(path, text);
      const profiles = text.startsWith('profiles:') ? ['local', 'production'] : [undefined];
      for (const profile of profiles) await expect(loadConfig(path, {}, env, profile)).resolves.toBeTruthy();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
