/**
 * `dta-mcp`: thin CLI, one file per command under cli/commands/. Exit codes: see EXIT
 * in fail.ts (0 ok, 1 problems, 2 usage or unreadable input).
 */
import { Command, CommanderError } from 'commander';
import { addCommand } from './commands/add.ts';
import { configCommand } from './commands/config.ts';
import { demoCommand } from './commands/demo.ts';
import { generateCommand } from './commands/generate.ts';
import { initCommand } from './commands/init.ts';
import { listCommand } from './commands/list.ts';
import { loginCommand } from './commands/login.ts';
import { logoutCommand } from './commands/logout.ts';
import { serveCommand } from './commands/serve.ts';
import { validateCommand } from './commands/validate.ts';
import { EXIT } from './fail.ts';
import { VERSION } from '../runtime/version.ts';

export function buildProgram(): Command {
  return new Command('dta-mcp')
    .description('Declarative tool manifests + code generation for MCP servers that call your REST APIs.')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .addCommand(initCommand())
    .addCommand(validateCommand())
    .addCommand(generateCommand())
    .addCommand(addCommand())
    .addCommand(listCommand())
    .addCommand(serveCommand())
    .addCommand(demoCommand())
    .addCommand(loginCommand())
    .addCommand(logoutCommand())
    .addCommand(configCommand())
    .addHelpText(
      'after',
      `
Examples:
  $ dta-mcp validate                       check manifests against the OpenAPI specs
  $ dta-mcp generate                       emit typed handlers into generated/
  $ dta-mcp generate --check               exit 1 if generated/ is stale (CI)
  $ dta-mcp add repos/get-readme           append a tool entry for an operation
  $ dta-mcp list                           the tools, their auth and where they are declared
  $ dta-mcp serve --transport stdio        serve MCP over stdio
  $ dta-mcp serve --transport http --port 3000
  $ dta-mcp demo                           sandbox upstream + server on the example manifests
  $ dta-mcp login --config dta-mcp.config.yaml   sign the local (stdio) user in
  $ dta-mcp logout                         remove the stored credentials
  $ dta-mcp config check --profile production   the resolved config, secrets masked`,
    );
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  const override = (command: Command): void => {
    command.exitOverride();
    for (const sub of command.commands) override(sub);
  };
  override(program);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version "fail" with exit code 0; usage errors are already printed.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    throw error;
  }
  return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
}
