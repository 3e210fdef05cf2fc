/**
 * `dta-mcp init` as the CLI runs it: the files written (relative paths), the scripts
 * merged or kept, the tools added or skipped, and what to run next. Exit 0 ok, 1
 * refused (nothing written), 2 usage.
 */
import { relative } from 'node:path';
import { AddEntryInvalidError, AddError } from '../../generator/authoring/errors.ts';
import type { AuthType } from '../../runtime/tools/types.ts';
import { InitError } from './errors.ts';
import { initProject, MAX_OPERATIONS, type InitResult } from './init-project.ts';

export interface InitFlags {
  from?: string;
  api?: string;
  tag?: string[];
  auth?: AuthType;
}

export function runInit(dir: string | undefined, flags: InitFlags, out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): number {
  let result: InitResult;
  try {
    result = initProject({
      root: dir ?? '.',
      ...(flags.from !== undefined ? { from: flags.from } : {}),
      ...(flags.api !== undefined ? { api: flags.api } : {}),
      ...(flags.tag !== undefined ? { tags: flags.tag } : {}),
      ...(flags.auth !== undefined ? { auth: flags.auth } : {}),
    });
  } catch (error) {
    if (error instanceof InitError) {
      err.write(`error: ${error.message}\n`);
      return error.usage ? 2 : 1;
    }
    if (error instanceof AddError || error instanceof AddEntryInvalidError) {
      // The files are written; only adding the tools failed.
      err.write(`error: the project files were written, but adding the tools failed: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  out.write(report(result));
  return 0;
}

function report(r: InitResult): string {
  const lines = [`wrote ${r.written.length} file${r.written.length === 1 ? '' : 's'} in ${r.root}:`, ...r.written.map((f) => `  ${f}`)];
  for (const f of r.keptFiles) lines.push(`kept ${f} (already there)`);
  const pkg = r.packageJson;
  if (!pkg.created && pkg.added.length > 0) lines.push(`package.json: added scripts ${pkg.added.join(', ')}`);
  for (const k of pkg.kept) lines.push(`package.json: scripts.${k.name} is "${k.current}": kept (dta-mcp's would be "${scriptFor(k.name)}")`);
  if (r.added !== undefined) {
    const a = r.added;
    lines.push(`added ${a.tools.length} tool${a.tools.length === 1 ? '' : 's'} to ${a.file}`);
    for (const s of a.skipped) lines.push(`  skipped ${s.operation}: ${s.reason.split('\n')[0]}`);
    if (a.total > a.selected) {
      lines.push(`  ${a.total} operations matched; added the first ${MAX_OPERATIONS}. Narrow with --tag, or add others with dta-mcp add <operationId>`);
    }
  }
  const cd = relative(process.cwd(), r.root);
  lines.push('', 'next:');
  if (cd !== '') lines.push(`  cd ${cd}`);
  if (!pkg.hasDtaMcp) lines.push('  npm i -D dta-mcp');
  if (r.added === undefined) lines.push(`  npx dta-mcp add <operationId>           # a tool per operation of openapi/${r.api}.*`);
  lines.push('  npm run generate                          # generated/: typed handlers (commit it)');
  lines.push('  cp .env.example .env                      # and fill it in; see dta-mcp.config.yaml');
  lines.push('  npm run serve                             # http://127.0.0.1:3000/mcp (.mcp.json connects to it)');
  return `${lines.join('\n')}\n`;
}

function scriptFor(name: string): string {
  return { generate: 'dta-mcp generate', validate: 'dta-mcp validate' }[name] ?? `dta-mcp ${name} --transport http --config dta-mcp.config.yaml`;
}
