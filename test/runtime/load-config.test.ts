/** Runtime configuration: file + environment + profiles + overrides, every problem at once. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../runtime/config/load-config.ts';
import { ConfigError } from '../../runtime/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'dta-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function file(text: string): string {
  const path = join(dir, `c${n++}.yaml`);
  writeFileSync(path, text);
  return path;
}

const BASE = `
apis:
  dta-wide:
    baseUrl: https://api.example.com
    serviceAccount:
      tokenUrl: https://id.example.com/token
      clientId: svc
      clientSecret: \${SECRET}
profiles:
  local:
    apis:
      dta-wide:
        baseUrl: http://127.0.0.1:4010
    logLevel: debug
  production:
    http:
      host: 0.0.0.0
      allowedHosts: [mcp.example.com]
      port: 8080
`;

describe('loadConfig', () => {
  it('fills defaults when there is no file', async () => {
    const config = await loadConfig(undefined, {}, {});
    expect(config.http).toMatchObject({ host: '127.0.0.1', port: 3000 });
    expect(config.tokens.store).toBe('memory');
  });

  it('reads secrets from the environment', async () => {
    const config = await loadConfig(file(BASE), {}, { SECRET: 's3cr3t' });
    expect(config.apis['dta-wide']?.serviceAccount?.clientSecret).toBe('s3cr3t');
  });

  it('names the unset variable and where it is used, without any value', async () => {
    await expect(loadConfig(file(BASE), {}, {})).rejects.toThrow(/apis\.dta-wide\.serviceAccount\.clientSecret: environment variable SECRET is not set/);
  });

  it('uses ${VAR:-default} when the variable is unset', async () => {
    const config = await loadConfig(file('http:\n  port: ${PORT:-4000}\n'), {}, {});
    expect(config.http.port).toBe(4000); // coerced to the schema's integer
    const fromEnv = await loadConfig(file('http:\n  port: ${PORT:-4000}\n'), {}, { PORT: '5000' });
    expect(fromEnv.http.port).toBe(5000);
  });

  it.each([
    ['local', { baseUrl: 'http://127.0.0.1:4010', logLevel: 'debug', host: '127.0.0.1' }],
    ['production', { baseUrl: 'https://api.example.com', logLevel: 'info', host: '0.0.0.0' }],
  ])('merges the %s profile over the file', async (profile, want) => {
    const config = await loadConfig(file(BASE), {}, { SECRET: 'x' }, profile);
    expect(config.apis['dta-wide']?.baseUrl).toBe(want.baseUrl);
    expect(config.logLevel).toBe(want.logLevel);
    expect(config.http.host).toBe(want.host);
    expect(config.apis['dta-wide']?.serviceAccount?.clientId).toBe('svc'); // kept from the base
  });

  it('takes the profile from DTA_MCP_PROFILE', async () => {
    const config = await loadConfig(file(BASE), {}, { SECRET: 'x', DTA_MCP_PROFILE: 'local' });
    expect(config.logLevel).toBe('debug');
  });

  it('rejects an unknown profile, listing the known ones', async () => {
    await expect(loadConfig(file(BASE), {}, { SECRET: 'x' }, 'staging')).rejects.toThrow(/Unknown profile "staging".*local, production/);
  });

  it('lets overrides (CLI flags) win over file and profile', async () => {
    const config = await loadConfig(file(BASE), { http: { port: 9999 } }, { SECRET: 'x' }, 'production');
    expect(config.http.port).toBe(9999);
    expect(config.http.host).toBe('0.0.0.0');
  });

  it('reports every shape problem at once, as a ConfigError', async () => {
    const error = await loadConfig(file('http:\n  port: -1\n  colour: blue\ntokens:\n  store: postgres\n'), {}, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/http\.port/);
    expect(message).toMatch(/"colour"/);
    expect(message).toMatch(/tokens\.store/);
  });

  it.each([
    ['malformed YAML', 'http: [1, 2\n', /not valid YAML/],
    ['a list at the top level', '- a\n- b\n', /must be object/],
    ['a missing file', undefined, /Cannot read config file/],
  ])('gives one clear error for %s', async (_name, text, want) => {
    const path = text === undefined ? join(dir, 'missing.yaml') : file(text);
    await expect(loadConfig(path, {}, {})).rejects.toThrow(want);
  });
});

describe('loadConfig: problems named by the keys the user wrote', () => {
  it('asks for tokens.redisUrl and tokens.encryptionKeys with the Redis store, never internal option paths', async () => {
    const error = await loadConfig(file('tokens:\n  store: redis\n'), {}, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/tokens\.redisUrl: required when tokens\.store is redis/);
    expect(message).toMatch(/tokens\.encryptionKeys: required when tokens\.store is redis/);
    expect(message).not.toMatch(/store\.url|encryption\.keys/);
  });

  it('checks tokens.encryptionKeys at load, naming the entry, never its value', async () => {
    const error = await loadConfig(file('tokens:\n  encryptionKeys: "k1:c2VjcmV0,nokid"\n'), {}, {}).catch((e: unknown) => e);
    const message = (error as Error).message;
    expect(message).toMatch(/tokens\.encryptionKeys\[0\]\.key: must be 32 bytes/);
    expect(message).toMatch(/tokens\.encryptionKeys\[1\]: expected "keyId:base64key"/);
    expect(message).not.toContain('c2VjcmV0');
  });

  it('reads http.auth and apis.<api>.userAuth.exchange as the issue writes them', async () => {
    const config = await loadConfig(
      file(`
http:
  auth:
    issuer: \${ISSUER_URL}
    audience: \${MCP_AUDIENCE}
apis:
  dta-wide:
    userAuth:
      tokenUrl: \${ISSUER_URL}/oauth/token
      clientId: dta-mcp
      clientSecret: s
      exchange:
        audience: dta-wide
`),
      {},
      { ISSUER_URL: 'https://id.example.com', MCP_AUDIENCE: 'mcp' },
    );
    expect(config.http.auth).toMatchObject({ issuer: 'https://id.example.com', audience: 'mcp' });
    expect(config.apis['dta-wide']?.userAuth?.exchange).toEqual({ audience: 'dta-wide' });
  });

  it('refuses http.auth without an audience, and an introspection block without its url', async () => {
    const error = await loadConfig(file('http:\n  auth:\n    issuer: https://id.example.com\n    introspection: { clientId: x }\n'), {}, {}).catch((e: unknown) => e);
    const message = (error as Error).message;
    expect(message).toMatch(/http\.auth: must have required property 'audience'/);
    expect(message).toMatch(/http\.auth\.introspection: must have required property 'url'/);
  });
});

describe('loadConfig: a .env file beside the config', () => {
  function project(config: string, dotenv: string): string {
    const root = mkdtempSync(join(dir, 'envproj-'));
    writeFileSync(join(root, '.env'), dotenv);
    const path = join(root, 'dta-mcp.config.yaml');
    writeFileSync(path, config);
    return path;
  }

  it('reads the variables it defines, as `dta-mcp init` tells the user to fill it in', async () => {
    const path = project('apis:\n  a:\n    baseUrl: ${A_BASE_URL}\n', '# comment\nA_BASE_URL=https://api.example.com\n');
    const config = await loadConfig(path, {}, {});
    expect(config.apis.a?.baseUrl).toBe('https://api.example.com');
  });

  it('lets the real environment win over the file', async () => {
    const path = project('apis:\n  a:\n    baseUrl: ${A_BASE_URL}\n', 'A_BASE_URL=https://from-file.example.com\n');
    const config = await loadConfig(path, {}, { A_BASE_URL: 'https://from-env.example.com' });
    expect(config.apis.a?.baseUrl).toBe('https://from-env.example.com');
  });

  it('takes DTA_MCP_PROFILE from it too', async () => {
    const path = project('logLevel: info\nprofiles:\n  local:\n    logLevel: debug\n', 'DTA_MCP_PROFILE=local\n');
    expect((await loadConfig(path, {}, {})).logLevel).toBe('debug');
  });
});
