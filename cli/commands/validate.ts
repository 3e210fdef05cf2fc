/**
 * `dta-mcp validate [--root <dir>] [--format text|json]`: parse, schema-check and
 * cross-check every manifest against its spec; writes nothing.
 */
import { Command, Option } from 'commander';
import { formatDiagnostics, hasErrors } from '../../generator/diagnostics.ts';
import { EXIT_OK, EXIT_PROBLEMS, reportError, summaryLine } from '../../generator/report.ts';
import { validate } from '../../generator/validate.ts';

export function validateCommand(): Command {
  return new Command('validate')
    .description('Check manifests/ against the manifest schema and the OpenAPI specs they reference')
    .option('--root <dir>', 'project root holding manifests/ and openapi/ (default: current directory)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (options: { root?: string; format: 'text' | 'json' }) => {
      process.exitCode = await runValidate(options);
    });
}

export async function runValidate(options: { root?: string; format?: 'text' | 'json' }): Promise<number> {
  try {
    const diagnostics = await validate({ root: options.root ?? process.cwd() });
    if (options.format === 'json') {
      process.stdout.write(`${JSON.stringify({ diagnostics }, null, 2)}\n`);
    } else {
      process.stdout.write(formatDiagnostics(diagnostics));
      process.stdout.write(diagnostics.length === 0 ? 'manifests are valid\n' : `${summaryLine(diagnostics)}\n`);
    }
    return hasErrors(diagnostics) ? EXIT_PROBLEMS : EXIT_OK;
  } catch (error) {
    return reportError(error, process.stderr);
  }
}
