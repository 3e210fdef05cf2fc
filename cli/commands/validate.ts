/**
 * `dta-mcp validate [--root <dir>] [--format text|json|github] [--client-prefix <p>]
 * [--no-drift]`: every problem of the manifests, their specs and generated/, at once.
 * Exit 0 when there are no errors (warnings alone pass), 1 when there are, 2 when the
 * project cannot be read. The report goes to stdout; nothing else does.
 */
import { Command, Option } from 'commander';
import { FORMAT_NAMES, type FormatName } from '../format/index.ts';
import { DEFAULT_CLIENT_PREFIX } from '../../generator/rules/tool-names.ts';

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
      // The generator loads only when the command runs, so --help stays fast.
      const { runValidate } = await import('../validate/run-validate.ts');
      process.exitCode = await runValidate(options);
    });
}
