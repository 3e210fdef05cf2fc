/**
 * `dta-mcp init`: plan every file first, refuse when any would be overwritten (writing
 * nothing), then write them and, with `--from`, add one tool per selected operation
 * through `dta-mcp add` (generator/authoring/add.ts), so every entry is checked against
 * the spec before it is written. Nothing is written outside the project folder.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { addTools, type SkippedOperation } from '../../generator/authoring/add.ts';
import { newManifestText } from '../../generator/authoring/append.ts';
import type { AuthType } from '../../runtime/tools/types.ts';
import { claudeDesktopText, mcpJsonText } from './clients.ts';
import { CONFIG_FILE, configText, configVariables, envExampleText, exampleValue, variablesFor } from './config-file.ts';
import { dtaLocation, schemaRef, stdioCommand } from './dta-location.ts';
import { InitError } from './errors.ts';
import { planPackageJson, type PackageJsonPlan } from './package-json.ts';
import { resolveSpecSource, selectOperations, checkApiName, MAX_OPERATIONS, type SpecSource } from './spec-source.ts';
import { EXAMPLE_OPERATIONS, exampleSpecText, GITIGNORE, TSCONFIG, WORKFLOW } from './static-files.ts';

export interface InitOptions {
  /** The project folder (created if missing). */
  root: string;
  /** A spec file, or a package path resolved from the project. */
  from?: string;
  api?: string;
  tags?: readonly string[];
  auth?: AuthType;
  /** Where a relative `--from` is read from; default the current directory. */
  cwd?: string;
}

/** One file to put in the project; `copy` instead of `text` copies a file as it is. */
interface PlannedFile {
  path: string;
  text?: string;
  copy?: string;
  /** Written only when absent; never a conflict. */
  ifAbsent?: boolean;
}

export interface InitResult {
  root: string;
  api: string;
  /** Relative paths, in the order written. */
  written: string[];
  /** Files left as they were (present already, written only when absent). */
  keptFiles: string[];
  packageJson: PackageJsonPlan & { created: boolean };
  /** With --from: the tools added, the operations left out, and how many were selected. */
  added?: { file: string; tools: string[]; skipped: SkippedOperation[]; selected: number; total: number };
}

export function initProject(options: InitOptions): InitResult {
  const root = resolve(options.root);
  const tags = options.tags ?? [];
  if (tags.length > 0 && options.from === undefined) throw new InitError('init_usage', '--tag selects operations of the --from spec; give --from too');
  const source = options.from === undefined ? undefined : resolveSpecSource(options.from, root, options.api, options.cwd ?? process.cwd());
  const api = source?.api ?? checkApiName(options.api ?? 'example');
  const selection = source === undefined ? undefined : selectOperations(source.spec, tags);

  const files = planFiles(root, api, source);
  const conflicts = files.filter((f) => !f.ifAbsent && existsSync(join(root, f.path)) && !sameFile(f, root));
  if (conflicts.length > 0) {
    throw new InitError('init_conflict', `these files exist already, and init never overwrites:\n${conflicts.map((f) => `  ${f.path}`).join('\n')}\nnothing was written`);
  }
  const pkgPath = join(root, 'package.json');
  const existingPkg = existsSync(pkgPath) ? readFileSync(pkgPath, 'utf8') : undefined;
  const pkg = planPackageJson(existingPkg, packageName(root));

  const written: string[] = [];
  const keptFiles: string[] = [];
  for (const file of files) {
    const abs = join(root, file.path);
    if (existsSync(abs)) {
      keptFiles.push(file.path);
      continue;
    }
    mkdirSync(dirname(abs), { recursive: true });
    if (file.copy !== undefined) copyFileSync(file.copy, abs);
    else writeFileSync(abs, file.text ?? '');
    written.push(file.path);
  }
  if (pkg.text !== existingPkg) {
    writeFileSync(pkgPath, pkg.text);
    written.push('package.json');
  }
  written.sort();
  const result: InitResult = { root, api, written, keptFiles, packageJson: { ...pkg, created: existingPkg === undefined } };
  // Without --from, the example spec's operations, so that `generate` works before the
  // spec is replaced (a manifest needs at least one tool); unless the manifest was there.
  const operations = source === undefined ? (written.includes(`manifests/${api}.yaml`) ? [...EXAMPLE_OPERATIONS] : []) : (selection?.selectors ?? []);
  if (operations.length > 0) {
    const added = addTools({ root, operations, api, skipRefused: true, ...(options.auth !== undefined ? { auth: options.auth } : {}) });
    const total = selection?.total ?? operations.length;
    result.added = { file: added.file, tools: added.tools.map((t) => t.name), skipped: added.skipped, selected: operations.length, total };
  }
  return result;
}

function planFiles(root: string, api: string, source: SpecSource | undefined): PlannedFile[] {
  const location = dtaLocation(root);
  const config = configText(api);
  const baseUrl = absoluteUrl(source?.spec.defaultBaseUrl) ?? 'https://api.example.com';
  const variables = configVariables(config);
  const stdioEnv = Object.fromEntries(variablesFor(variables, 'local').map((v) => [v.name, exampleValue(v, api, baseUrl)]));
  const server = api;
  const files: PlannedFile[] = [
    { path: `manifests/${api}.yaml`, text: newManifestText(schemaRef(location, join(root, 'manifests')), api) },
    ...specFiles(api, source),
    { path: CONFIG_FILE, text: config },
    { path: '.env.example', text: envExampleText(config, api, baseUrl) },
    { path: '.github/workflows/dta-mcp.yml', text: WORKFLOW },
    { path: '.mcp.json', text: mcpJsonText(server) },
    { path: 'claude_desktop_config.json.example', text: claudeDesktopText(server, root, stdioCommand(location), stdioEnv) },
    { path: 'tsconfig.json', text: TSCONFIG, ifAbsent: true },
    { path: '.gitignore', text: GITIGNORE, ifAbsent: true },
  ];
  return files;
}

function specFiles(api: string, source: SpecSource | undefined): PlannedFile[] {
  if (source === undefined) return [{ path: `openapi/${api}.yaml`, text: exampleSpecText(api) }];
  if (source.kind === 'package') return [{ path: `openapi/${api}.ref`, text: `${source.packagePath}\n` }];
  return source.files.map((f) => ({ path: f.to, copy: f.from }));
}

/** A spec already in place (`init --from openapi/x.yaml` in its own project) is no conflict. */
function sameFile(file: PlannedFile, root: string): boolean {
  return file.copy !== undefined && resolve(file.copy) === join(root, file.path);
}

function absoluteUrl(url: string | undefined): string | undefined {
  return url !== undefined && /^https?:\/\/[^{}\s]+$/.test(url) ? url : undefined;
}

function packageName(root: string): string {
  const name = basename(root).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+/, '');
  return name === '' ? 'mcp-server' : name;
}

export { MAX_OPERATIONS };
