/** What `dta-mcp generate` runs: generate (or --check) and report. */
import { formatDiagnostics } from '../../generator/diagnostics.ts';
import { generate, type GenerateResult } from '../../generator/generate.ts';
import { EXIT, reportFailure } from '../fail.ts';
import { terminalProgress } from '../progress.ts';

export async function runGenerate(options: { root?: string; check?: boolean; typecheck?: boolean; cache?: boolean }): Promise<number> {
  try {
    const progress = terminalProgress(process.stderr);
    const result = await generate({ root: options.root ?? process.cwd(), check: options.check === true, skipTypecheck: options.typecheck === false, cache: options.cache !== false, progress });
    if (result.diagnostics.length > 0) process.stderr.write(formatDiagnostics(result.diagnostics));
    if (options.check) {
      if (result.upToDate) {
        process.stdout.write(`generated/ is up to date (${result.files.length} files${cached(result)})\n`);
        return EXIT.ok;
      }
      const lines = [
        ...result.changed.map((f) => `  stale:   ${f}`),
        ...result.added.map((f) => `  missing: ${f}`),
        ...result.removed.map((f) => `  extra:   ${f}`),
      ];
      process.stderr.write(`generated/ is out of date:\n${lines.join('\n')}\nrun \`npm run generate\` and commit the result\n`);
      return EXIT.problems;
    }
    const touched = result.changed.length + result.added.length + result.removed.length;
    process.stdout.write(
      touched === 0
        ? `generated/ already up to date (${result.files.length} files${cached(result)})\n`
        : `generated ${result.files.length} files: ${result.added.length} added, ${result.changed.length} changed, ${result.removed.length} removed\n`,
    );
    return EXIT.ok;
  } catch (error) {
    return reportFailure(error);
  }
}

/** Says so when the cache answered: nothing was parsed or type-checked. */
function cached(result: GenerateResult): string {
  return result.cache === 'outputs' ? '; unchanged since the last run, answered from generated/.cache/' : '';
}
