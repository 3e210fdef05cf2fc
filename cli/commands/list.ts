/**
 * `dta-mcp list [--root] [--format text|json]`: the tools of manifests/ — name,
 * authType, operation (or handler) and where each is declared.
 */
import { Command, Option } from 'commander';

export function listCommand(): Command {
  return new Command('list')
    .description('List the tools of manifests/: name, authType, operation or handler, file:line')
    .option('--root <dir>', 'project root holding manifests/ (default: current directory)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (options: { root?: string; format: 'text' | 'json' }) => {
      process.exitCode = await runList(options);
    });
}

export async function runList(options: { root?: string; format?: 'text' | 'json' }): Promise<number> {
  const { formatToolTable, listTools } = await import('../../generator/authoring/list-tools.ts');
  const { formatDiagnostics, hasErrors } = await import('../../generator/diagnostics.ts');
  const { EXIT, reportFailure } = await import('../fail.ts');
  try {
    const { tools, diagnostics } = listTools(options.root ?? process.cwd());
    if (diagnostics.length > 0) process.stderr.write(formatDiagnostics(diagnostics));
    process.stdout.write(options.format === 'json' ? `${JSON.stringify({ tools }, null, 2)}\n` : formatToolTable(tools));
    return hasErrors(diagnostics) ? EXIT.problems : EXIT.ok;
  } catch (error) {
    return reportFailure(error);
  }
}
