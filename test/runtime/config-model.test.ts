/**
 * One config model: the schema is the type, the validator and the defaults; each token
 * store owns its `tokens.*` slice; whatever the config accepts, the auth layer accepts,
 * so a problem always names the key the user wrote, never an internal option path.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { createCredentials } from '../../runtime/auth/credentials.ts';
import { stores, storeConfigs } from '../../runtime/auth/stores/index.ts';
import { loadConfig } from '../../runtime/config/load-config.ts';
import { DEFAULT_CONFIG, configSchema } from '../../runtime/config/schema.ts';
import { ConfigError } from '../../runtime/errors.ts';
import { createLogger } from '../../runtime/observability/logger.ts';

const dir = mkdtempSync(join(tmpdir(), 'dta-config-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function file(text: string): string {
  const path = join(dir, `c${n++}.yaml`);
  writeFileSync(path, text);
  return path;
}

async function problemsOf(text: string): Promise<string> {
  const error = await loadConfig(file(text), {}, {}).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  return (error as Error).message;
}

const INTERNAL_PATHS = /\b(refresh|store|serviceAccounts|encryption)\.[a-z]/;

describe('config model', () => {
  it('takes its defaults from the schema', () => {
    expect(configSchema.properties.http.properties.port.default).toBe(3000);
    expect(DEFAULT_CONFIG.http.port).toBe(3000);
    expect(DEFAULT_CONFIG.tokens).toEqual({ store: 'memory', expiryBufferMs: 300_000 });
  });

  it('is a valid JSON Schema 2020-12 (checked here, not at every start-up)', () => {
    const ajv = new Ajv2020({ strict: false });
    expect(ajv.validateSchema(configSchema), ajv.errorsText()).toBe(true);
  });

  it('offers exactly the registered stores as tokens.store', () => {
    expect([...configSchema.properties.tokens.properties.store.enum].sort()).toEqual(Object.keys(stores).sort());
    expect(Object.keys(storeConfigs).sort()).toEqual(Object.keys(stores).sort());
  });

  it('composes tokens.* from the keys each store reads', () => {
    const keys = Object.keys(configSchema.properties.tokens.properties);
    for (const slice of Object.values(storeConfigs)) for (const key of Object.keys(slice.properties)) expect(keys).toContain(key);
  });

  it.each([
    [
      'a userAuth without clientSecret (client_secret_basic by default)',
      'apis:\n  crm:\n    userAuth: { tokenUrl: "https://id.example.com/token", clientId: app }\n',
      /apis\.crm\.userAuth\.clientSecret: required unless authMethod is none/,
    ],
    [
      'a serviceAccount without clientSecret',
      'apis:\n  crm:\n    serviceAccount: { tokenUrl: "https://id.example.com/token", clientId: svc, authMethod: client_secret_post }\n',
      /apis\.crm\.serviceAccount\.clientSecret: required/,
    ],
    [
      'a token endpoint that is not http(s)',
      'apis:\n  crm:\n    userAuth: { tokenUrl: "ftp://id.example.com/token", clientId: app, clientSecret: s }\n',
      /apis\.crm\.userAuth\.tokenUrl: must be an http\(s\) URL/,
    ],
  ])('names %s by the user\'s keys, at load', async (_name, text, want) => {
    const message = await problemsOf(text);
    expect(message).toMatch(want);
    expect(message).not.toMatch(INTERNAL_PATHS);
  });

  it('a config that loads also creates its auth layer: no second validation can refuse it', async () => {
    const config = await loadConfig(
      file(
        'apis:\n  crm:\n    userAuth: { tokenUrl: "https://id.example.com/token", clientId: app, authMethod: none }\n' +
          '    serviceAccount: { staticToken: k }\n' +
          'tokens: { store: memory, maxUsers: 5, ttlMs: 1000, expiryBufferMs: 0 }\n',
      ),
      {},
      {},
    );
    const credentials = createCredentials(config, createLogger({ level: 'silent' }));
    await expect(credentials.ensureApis(['crm'])).resolves.toBeUndefined();
    await credentials.close();
  });

  it('maps each store\'s slice to its options, per API', () => {
    expect(storeConfigs.redis.fromConfig({ redisUrl: 'redis://127.0.0.1:6379', redisPrefix: 'p:', ttlMs: 5 }, 'crm')).toEqual({ url: 'redis://127.0.0.1:6379', keyPrefix: 'p:crm:', ttlMs: 5 });
    expect(storeConfigs.memory.fromConfig({ maxUsers: 2 })).toEqual({ maxUsers: 2 });
    expect(storeConfigs.file.fromConfig({ file: '/tmp/c.json' }, 'crm')).toEqual({ path: '/tmp/c.json', section: 'crm' });
  });
});
