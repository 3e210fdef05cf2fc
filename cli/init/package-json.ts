/**
 * package.json: created with the three scripts, or merged into — a script name that is
 * absent is added, one that is there is never changed (reported when it differs).
 * Dependencies are left alone; the caller says `npm i -D dta-mcp` when it is missing.
 */
import { CONFIG_FILE } from './config-file.ts';
import { InitError } from './errors.ts';

export const SCRIPTS: Readonly<Record<string, string>> = {
  generate: 'dta-mcp generate',
  validate: 'dta-mcp validate',
  serve: `dta-mcp serve --transport http --config ${CONFIG_FILE}`,
};

export interface PackageJsonPlan {
  text: string;
  added: string[];
  /** Scripts already there with other content: kept as they are. */
  kept: Array<{ name: string; current: string }>;
  /** dta-mcp is in dependencies or devDependencies. */
  hasDtaMcp: boolean;
}

export function planPackageJson(existing: string | undefined, name: string): PackageJsonPlan {
  if (existing === undefined) {
    const pkg = { name, private: true, type: 'module', scripts: { ...SCRIPTS } };
    return { text: `${JSON.stringify(pkg, null, 2)}\n`, added: Object.keys(SCRIPTS), kept: [], hasDtaMcp: false };
  }
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(existing) as Record<string, unknown>;
  } catch (error) {
    throw new InitError('init_package_json_invalid', `package.json is not valid JSON (${(error as Error).message}); fix it first`);
  }
  const scripts = (pkg.scripts !== null && typeof pkg.scripts === 'object' ? pkg.scripts : {}) as Record<string, string>;
  const added: string[] = [];
  const kept: PackageJsonPlan['kept'] = [];
  for (const [script, command] of Object.entries(SCRIPTS)) {
    const current = scripts[script];
    if (current === undefined) {
      scripts[script] = command;
      added.push(script);
    } else if (current !== command) {
      kept.push({ name: script, current });
    }
  }
  const deps = [pkg.dependencies, pkg.devDependencies].filter((d): d is Record<string, unknown> => d !== null && typeof d === 'object');
  const hasDtaMcp = deps.some((d) => 'dta-mcp' in d);
  if (added.length === 0) return { text: existing, added, kept, hasDtaMcp };
  pkg.scripts = scripts;
  const indent = /^[ \t]+/m.exec(existing)?.[0] ?? '  ';
  return { text: `${JSON.stringify(pkg, null, indent)}\n`, added, kept, hasDtaMcp };
}
