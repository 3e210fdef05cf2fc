/**
 * `apis.<api>.headers`: fixed headers sent on every request to an API (the sending is in
 * test/e2e/upstream-requests.test.ts); credentials can never be one of them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../runtime/config/load-config.ts';
import { ConfigError } from '../../runtime/errors.ts';
import type { ToolRegistry } from '../../runtime/tools/types.ts';
import { createUpstreamClients } from '../../runtime/upstream/clients.ts';

const dir = mkdtempSync(join(tmpdir(), 'dta-api-headers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
async function load(text: string) {
  const path = join(dir, `c${n++}.yaml`);
  writeFileSync(path, text);
  return loadConfig(path, {}, {});
}

describe('apis.<api>.headers', () => {
  it('accepts fixed headers such as an API version', async () => {
    const config = await load('apis:\n  github:\n    headers:\n      X-GitHub-Api-Version: "2022-11-28"\n');
    expect(config.apis.github?.headers).toEqual({ 'X-GitHub-Api-Version': '2022-11-28' });
  });

  it.each(['Authorization', 'cookie', 'Proxy-Authorization'])('refuses %s at load, naming the key', async (name) => {
    const error = await load(`apis:\n  github:\n    headers:\n      ${name}: "Bearer abc"\n`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(`apis.github.headers.${name}: credentials cannot be fixed headers`);
    expect((error as Error).message).not.toContain('abc');
  });

  it('refuses a header name that is not an HTTP token', async () => {
    await expect(load('apis:\n  github:\n    headers:\n      "Bad Name": x\n')).rejects.toBeInstanceOf(ConfigError);
  });

  it("refuses the header an API's apiKey scheme puts its key in, naming the key", () => {
    const registry = {
      apis: { keyed: { name: 'keyed', defaultBaseUrl: 'http://127.0.0.1:1' } },
      tools: [{ kind: 'upstream', api: 'keyed', credential: { in: 'header', name: 'X-API-Key' } }],
    } as unknown as ToolRegistry;
    expect(() => createUpstreamClients(registry, { keyed: { headers: { 'x-api-key': 'k' } } })).toThrow(
      /apis\.keyed\.headers\.x-api-key: is where the API's key goes/,
    );
  });
});
