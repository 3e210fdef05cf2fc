/**
 * `dta-mcp generate [--check] [--root <dir>]`: manifests + specs -> generated/.
 */
import { Command } from 'commander';

export function generateCommand(): Command {
  return new Command('generate')
    .description('Generate typed tool handlers and the tool registry (generated/) from manifests/ and openapi/')
    .option('--root <dir>', 'project root holding manifests/, openapi/ and generated/ (default: current directory)')
    .option('--check', 'write nothing; exit 1 when generated/ is not exactly what generate would write')
    .option('--no-typecheck', 'skip type-checking the generated code')
    .action(async (options: { root?: string; check?: boolean; typecheck: boolean }) => {
      // The generator (TypeScript compiler, openapi-typescript) loads only when run.
      const { runGenerate } = await import('../generate/run-generate.ts');
      process.exitCode = await runGenerate(options);
    });
}
