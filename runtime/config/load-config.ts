/**
 * Loads the runtime configuration: defaults <- YAML/JSON file <- overrides (CLI flags).
 * `${VAR}` in any string is replaced from the environment (`${VAR:-default}` allowed),
 * so secrets stay out of files. Every problem is reported at once as a ConfigError.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseEnv } from 'node:util';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { storeConfigs, type StoreConfig } from '../auth/stores/index.ts';
import { ConfigError } from '../errors.ts';
import { compileConfigValidator } from './config-validator.ts';
import { crossCheck } from './cross-checks.ts';
import { DEFAULT_CONFIG, configSchema, type RuntimeConfig } from './schema.ts';

export type ConfigOverrides = { [K in keyof RuntimeConfig]?: Partial<RuntimeConfig[K]> };

/**
 * @param processEnv the environment; a `.env` beside the config file adds variables it
 *   does not set.
 * @param profileFlag a section of `profiles:` merged over the rest of the file (e.g. local,
 *   staging, production), chosen by `--profile` or DTA_MCP_PROFILE. Selected before
 *   `${VAR}` interpolation, so other profiles' variables need not be set.
 */
export async function loadConfig(
  file: string | undefined,
  overrides: ConfigOverrides = {},
  processEnv: NodeJS.ProcessEnv = process.env,
  profileFlag?: string,
): Promise<RuntimeConfig> {
  const env = await withDotEnv(file, processEnv);
  const profile = profileFlag ?? (env.DTA_MCP_PROFILE || undefined);
  let fromFile: unknown = {};
  if (file) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      throw new ConfigError(`Cannot read config file ${file}.`);
    }
    // yaml (~70 modules) only when there is a file to read. It is CommonJS: take its
    // exports from `default`, which Node and the bundle (dist/bundle/) both provide.
    const { parse: parseYaml } = (await import('yaml')).default;
    try {
      fromFile = parseYaml(text) ?? {};
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : 'parse error';
      throw new ConfigError(`Config file ${file} is not valid YAML/JSON: ${reason}`);
    }
  }
  const selected = selectProfile(fromFile, profile, file);
  const problems: string[] = [];
  const interpolated = interpolate(selected, env, '', problems);
  if (problems.length > 0) throw new ConfigError(formatProblems(file, problems));
  checkShape(interpolated, file);
  const config = merge(merge(DEFAULT_CONFIG, interpolated as Partial<RuntimeConfig>), overrides as Partial<RuntimeConfig>);
  const slice: StoreConfig<RuntimeConfig['tokens'], unknown> = storeConfigs[config.tokens.store];
  if (slice.resolve) config.tokens = slice.resolve(config.tokens, env);
  const crossProblems = crossCheck(config);
  if (crossProblems.length > 0) throw new ConfigError(formatProblems(file, crossProblems));
  return config;
}

/**
 * Variables from a `.env` file beside the config (what `dta-mcp init` writes
 * `.env.example` for), under the real environment: a variable already set wins. Values
 * are only ever used for `${VAR}` references, never echoed.
 */
async function withDotEnv(file: string | undefined, env: NodeJS.ProcessEnv): Promise<NodeJS.ProcessEnv> {
  if (!file) return env;
  let text: string;
  try {
    text = await readFile(join(dirname(file), '.env'), 'utf8');
  } catch {
    return env;
  }
  return { ...parseEnv(text), ...env };
}

function selectProfile(value: unknown, profile: string | undefined, file: string | undefined): unknown {
  if (!isObject(value)) {
    if (profile) throw new ConfigError(`Profile "${profile}" was asked for, but ${file ? `${file} has` : 'there is'} no profiles: section.`);
    return value;
  }
  const { profiles, ...base } = value;
  if (!profile) return base;
  const available = isObject(profiles) ? Object.keys(profiles) : [];
  const chosen = isObject(profiles) ? profiles[profile] : undefined;
  if (!isObject(chosen)) {
    throw new ConfigError(
      `Unknown profile "${profile}"${file ? ` in ${file}` : ''}; available: ${available.length > 0 ? available.join(', ') : '(none)'}.`,
    );
  }
  return merge(base, chosen);
}

let validate: ValidateFunction | undefined;

function checkShape(value: unknown, file: string | undefined): void {
  validate ??= compileConfigValidator();
  if (validate(value)) return;
  const problems = (validate.errors ?? []).map((e) => {
    const where = e.instancePath ? e.instancePath.slice(1).replaceAll('/', '.') : '(top level)';
    const extra = e.keyword === 'additionalProperties' ? ` "${String(e.params.additionalProperty)}"` : '';
    const message = (e.keyword === 'format' && FORMAT_MESSAGES[String(e.params.format)]) || e.message || 'is invalid';
    return `${where}: ${message}${extra}`;
  });
  throw new ConfigError(formatProblems(file, [...new Set(problems)]));
}

/** Our own formats, said in words rather than as `must match format "http-url"`. */
const FORMAT_MESSAGES: Record<string, string> = { 'http-url': 'must be an http(s) URL' };

const REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-(.*?))?\}/g;

function interpolate(value: unknown, env: NodeJS.ProcessEnv, path: string, problems: string[]): unknown {
  if (typeof value === 'string') {
    return value.replace(REF, (_match, name: string, fallback: string | undefined) => {
      const found = env[name];
      if (found !== undefined && found !== '') return found;
      if (fallback !== undefined) return fallback;
      problems.push(`${path || '(top level)'}: environment variable ${name} is not set`);
      return '';
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, env, `${path}[${i}]`, problems));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      const next = interpolate(v, env, path ? `${path}.${key}` : key, problems);
      if (next !== '') out[key] = next; // `${VAR:-}` means "absent"
    }
    return out;
  }
  return value;
}

function formatProblems(file: string | undefined, problems: string[]): string {
  return `Invalid configuration${file ? ` in ${file}` : ''}:\n${problems.map((p) => `  - ${p}`).join('\n')}`;
}

function merge<T>(base: T, over: Partial<T> | undefined): T {
  if (!over) return base;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const current = out[key];
    out[key] =
      isObject(current) && isObject(value) ? merge(current, value as Record<string, unknown>) : value;
  }
  return out as T;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
