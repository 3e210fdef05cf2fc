/**
 * `dta-mcp add <operation...> [--api] [--auth] [--name] [--file] [--root] [--dry-run]`:
 * appends ready tool entries derived from OpenAPI operations to a manifest.
 */
import { Command, Option } from 'commander';

interface AddFlags {
  api?: string;
  auth?: 'none' | 'service-account' | 'user-token';
  name?: string;
  file?: string;
  root?: string;
  dryRun?: boolean;
}

export function addCommand(): Command {
  return new Command('add')
    .description('Append tool entries derived from OpenAPI operations (operationId or "METHOD /path") to a manifest')
    .argument('<operations...>', 'operationIds or "METHOD /path" selectors, e.g. repos/get-readme "GET /user"')
    .option('--api <name>', "the API (openapi/<name>.*); default: the manifest's api:, else the only spec")
    .addOption(new Option('--auth <type>', 'authType to write (default: none when the operation has no security, else user-token)').choices(['none', 'service-account', 'user-token']))
    .option('--name <name>', 'tool name (one operation only; default: kebab-case of the operationId)')
    .option('--file <path>', 'manifest to append to, e.g. manifests/github.yaml (default: manifests/<api>.yaml; created if missing)')
    .option('--root <dir>', 'project root holding manifests/ and openapi/ (default: current directory)')
    .option('--dry-run', 'print the entries; write nothing')
    .action(async (operations: string[], flags: AddFlags) => {
      process.exitCode = await runAdd(operations, flags);
    });
}

export async function runAdd(operations: string[], flags: AddFlags): Promise<number> {
  const { addTools } = await import('../../generator/authoring/add.ts');
  const { AddEntryInvalidError } = await import('../../generator/authoring/errors.ts');
  const { formatDiagnostics } = await import('../../generator/diagnostics.ts');
  const { EXIT, reportFailure } = await import('../fail.ts');
  try {
    const result = addTools({ root: flags.root ?? process.cwd(), operations, ...defined(flags) });
    if (flags.dryRun) {
      process.stdout.write(result.text);
      return EXIT.ok;
    }
    const verb = result.created ? 'created' : 'appended to';
    const lines = result.tools.map((t) => `  ${t.name}  (${t.operation}, authType ${t.authType})`);
    process.stdout.write(`${verb} ${result.file}: ${result.tools.length} tool${result.tools.length === 1 ? '' : 's'}\n${lines.join('\n')}\nnext: dta-mcp generate\n`);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof AddEntryInvalidError) {
      process.stderr.write(`${formatDiagnostics(error.diagnostics)}error: ${error.message.split('\n')[0]}; nothing was written\n`);
      return EXIT.problems;
    }
    return reportFailure(error);
  }
}

function defined(flags: AddFlags): Omit<AddFlags, 'root'> {
  const out: Omit<AddFlags, 'root'> = {};
  if (flags.api !== undefined) out.api = flags.api;
  if (flags.auth !== undefined) out.auth = flags.auth;
  if (flags.name !== undefined) out.name = flags.name;
  if (flags.file !== undefined) out.file = flags.file;
  if (flags.dryRun) out.dryRun = true;
  return out;
}
