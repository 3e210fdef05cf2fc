/** What `dta-mcp validate` runs: validate, format, exit code. */
import { hasErrors } from '../../generator/diagnostics.ts';
import { DEFAULT_CLIENT_PREFIX } from '../../generator/rules/tool-names.ts';
import { validate } from '../../generator/validate.ts';
import type { ValidateCommandOptions } from '../commands/validate.ts';
import { EXIT, reportFailure } from '../fail.ts';
import { formatters, shouldColor, sourceReader } from '../format/index.ts';
import { terminalProgress } from '../progress.ts';

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
    return hasErrors(diagnostics) ? EXIT.problems : EXIT.ok;
  } catch (error) {
    return reportFailure(error);
  }
}
