/**
 * `dta-mcp generate [--check] [--root <dir>] [--no-typecheck] [--no-cache]`: manifests +
 * specs -> generated/.
 */
import { Command } from 'commander';

export function generateCommand(): Command {
  return new Command('generate')
    .description('Generate typed tool handlers and the tool registry (generated/) from manifests/ and openapi/')
    .option('--root <dir>', 'project root holding manifests/, openapi/ and generated/ (default: current directory)')
    .option('--check', 'write nothing; exit 1 when generated/ is not exactly what generate would write')
    .option('--no-typecheck', 'skip type-checking the generated code')
    .option('--no-cache', 'ignore generated/.cache/ (an unchanged project is otherwise answered from it) and do the whole run')
    .action(async (options: { root?: string; check?: boolean; typecheck: boolean; cache: boolean }) => {
      // The generator (TypeScript compiler, openapi-typescript) loads only when run.
      const { runGenerate } = await import('../generate/run-generate.ts');
      process.exitCode = await runGenerate(options);
    });
}
