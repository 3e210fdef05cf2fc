/**
 * `dta-mcp validate [--root <dir>] [--format text|json|github] [--client-prefix <p>]
 * [--no-drift]`: every problem of the manifests, their specs and generated/, at once.
 * Exit 0 when there are no errors (warnings alone pass), 1 when there are, 2 when the
 * project cannot be read. The report goes to stdout; nothing else does.
 */
import { Command, Option } from 'commander';
import { hasErrors } from '../../generator/diagnostics.ts';
import { FORMAT_NAMES, formatters, shouldColor, sourceReader, type FormatName } from '../../generator/format/index.ts';
import { EXIT_OK, EXIT_PROBLEMS, reportError } from '../../generator/report.ts';
import { DEFAULT_CLIENT_PREFIX } from '../../generator/rules/index.ts';
import { validate } from '../../generator/validate.ts';

export interface ValidateCommandOptions {
  root?: string;
  format?: FormatName;
  clientPrefix?: string;
  /** false with `--no-drift`. */
  drift?: boolean;
}

export function validateCommand(): Command {
  return new Command('validate')
    .description('Check manifests/ against the manifest schema and the OpenAPI specs they reference, and generated/ against both')
    .option('--root <dir>', 'project root holding manifests/ and openapi/ (default: current directory)')
    .addOption(new Option('--format <format>', 'output format (github: GitHub Actions annotations)').choices(FORMAT_NAMES).default('text'))
    .option('--client-prefix <prefix>', 'what clients put before tool names, for the 64-character check', DEFAULT_CLIENT_PREFIX)
    .option('--no-drift', 'skip checking that generated/ is up to date')
    .action(async (options: ValidateCommandOptions) => {
      process.exitCode = await runValidate(options);
    });
}

export async function runValidate(options: ValidateCommandOptions): Promise<number> {
  try {
    const root = options.root ?? process.cwd();
    const diagnostics = await validate({ root, clientPrefix: options.clientPrefix ?? DEFAULT_CLIENT_PREFIX, drift: options.drift !== false });
    const format = formatters[options.format ?? 'text'];
    process.stdout.write(format(diagnostics, { readSource: sourceReader(root), color: shouldColor(process.stdout) }));
    return hasErrors(diagnostics) ? EXIT_PROBLEMS : EXIT_OK;
  } catch (error) {
    return reportError(error, process.stderr);
  }
}
