/** What `dta-mcp validate` runs: validate, format, exit code. */
import { hasErrors } from '../../generator/diagnostics.ts';
import { formatters, shouldColor, sourceReader } from '../../generator/format/index.ts';
import { EXIT_OK, EXIT_PROBLEMS, reportError } from '../../generator/report.ts';
import { DEFAULT_CLIENT_PREFIX } from '../../generator/rules/tool-names.ts';
import { terminalProgress } from '../../generator/progress.ts';
import { validate } from '../../generator/validate.ts';
import type { ValidateCommandOptions } from '../commands/validate.ts';

export async function runValidate(options: ValidateCommandOptions): Promise<number> {
  try {
    const root = options.root ?? process.cwd();
    const diagnostics = await validate({
      root,
      clientPrefix: options.clientPrefix ?? DEFAULT_CLIENT_PREFIX,
      drift: options.drift !== false,
      progress: terminalProgress(process.stderr),
    });
    const format = formatters[options.format ?? 'text'];
    process.stdout.write(format(diagnostics, { readSource: sourceReader(root), color: shouldColor(process.stdout) }));
    return hasErrors(diagnostics) ? EXIT_PROBLEMS : EXIT_OK;
  } catch (error) {
    return reportError(error, process.stderr);
  }
}
