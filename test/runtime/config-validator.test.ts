/**
 * The config validator compiled ahead of time (ajv standalone code, what the bundle in
 * dist/bundle/ runs) and compiled at start-up (the sources) give the same verdicts, the
 * same errors and the same coercions.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { configFormats } from '../../runtime/config/config-formats.ts';
import { compileConfigValidator, configValidatorSource } from '../../runtime/config/config-validator.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'dta-config-validator-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The standalone module as a bundler would see it; its `require` of the formats gets ours. */
async function aheadOfTime(): Promise<ValidateFunction> {
  (globalThis as { __dtaConfigFormats?: unknown }).__dtaConfigFormats = configFormats;
  const formats = join(dir, 'formats.cjs');
  writeFileSync(formats, 'module.exports = { configFormats: globalThis.__dtaConfigFormats };\n');
  const module = join(dir, 'validator.mjs');
  const requireFrom = pathToFileURL(join(ROOT, 'package.json')).href;
  writeFileSync(module, `import { createRequire } from 'node:module';\nconst require = createRequire(${JSON.stringify(requireFrom)});\n${await configValidatorSource(formats)}`);
  const { compileConfigValidator: compiled } = (await import(pathToFileURL(module).href)) as { compileConfigValidator(): ValidateFunction };
  return compiled();
}

const samples: [string, unknown][] = [
  ['an empty config', {}],
  ['a full API entry', { apis: { crm: { baseUrl: 'https://crm.example.com', userAuth: { tokenUrl: 'https://id.example.com/token', clientId: 'app', clientSecret: 's' } } } }],
  ['a port from the environment, as a string', { http: { port: '8080' } }],
  ['an unknown key', { bogus: 1 }],
  ['a token endpoint that is not http(s)', { apis: { crm: { userAuth: { tokenUrl: 'ftp://id.example.com/token', clientId: 'app' } } } }],
  ['a base URL that is not a URI', { apis: { crm: { baseUrl: 'not a uri' } } }],
  ['an empty client id and a port out of range', { apis: { crm: { serviceAccount: { tokenUrl: 'https://x/t', clientId: '' } } }, http: { port: 70000 } }],
  ['a Redis URL without the scheme', { tokens: { store: 'redis', redisUrl: 'localhost:6379' } }],
  ['an unknown log level', { logLevel: 'loud' }],
];

let compiledAhead: Promise<ValidateFunction> | undefined;

describe('config validator', () => {
  it.each(samples)('ahead of time and at start-up agree on %s', async (_name, sample) => {
    const [ahead, atStart] = [await (compiledAhead ??= aheadOfTime()), compileConfigValidator()];
    const [a, b] = [structuredClone(sample), structuredClone(sample)];
    expect(ahead(a)).toBe(atStart(b));
    expect(ahead.errors ?? null).toEqual(atStart.errors ?? null);
    expect(a).toEqual(b); // the same coercions
  });
});
