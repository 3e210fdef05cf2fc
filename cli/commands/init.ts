/**
 * `dta-mcp init [dir] [--from <spec>] [--api NAME] [--tag T]... [--auth T]`: options and
 * help only; the implementation (cli/init/) loads when the command runs.
 */
import { Command, Option } from 'commander';

export function initCommand(): Command {
  return new Command('init')
    .description('Start a project in an empty or existing folder: manifests/, openapi/, config, .env.example, CI, client snippets. Never overwrites a file.')
    .argument('[dir]', 'the project folder, created if missing (default: the current directory)')
    .option('--from <spec>', 'the API\'s spec: a file (copied into openapi/ with the files its $refs reach), or a package path written as openapi/<api>.ref; adds a tool per operation')
    .option('--api <name>', 'the API\'s name: openapi/<name>.*, manifests/<name>.yaml (default: from the --from file name, else "example")')
    .option('--tag <tag>', 'with --from: only operations with this tag (repeat for more)', collect, [])
    .addOption(new Option('--auth <type>', 'with --from: authType for every added tool (default: none when the operation needs no credentials, else user-token)').choices(['none', 'service-account', 'user-token']))
    .addHelpText(
      'after',
      `
Examples:
  $ dta-mcp init                                      the current folder, with an example spec
  $ dta-mcp init my-server --api billing              a new folder; openapi/billing.yaml to replace
  $ dta-mcp init --from ./my-api.yaml                 copy the spec in, a tool per operation
  $ dta-mcp init --from ./my-api.yaml --tag users --tag orders    only operations with these tags
  $ dta-mcp init --from ./my-api.yaml --auth service-account      every tool with the server's own token
  $ dta-mcp init --from @octokit/openapi/generated/api.github.com.json --api github --tag issues
                                                      a spec inside an installed package: openapi/github.ref

Writes manifests/<api>.yaml, openapi/<api>.* (or .ref), dta-mcp.config.yaml (profiles
local and production), .env.example, .github/workflows/dta-mcp.yml, .mcp.json,
claude_desktop_config.json.example, and tsconfig.json and .gitignore when absent;
package.json gets the scripts generate, validate and serve (existing ones are kept).
If any of the other files exists, nothing is written. At most 200 tools are added;
operations add refuses (e.g. non-JSON bodies) are listed as skipped.
Exit codes: 0 written, 1 refused (nothing written), 2 usage error.`,
    )
    .action(async (dir: string | undefined, flags: { from?: string; api?: string; tag: string[]; auth?: 'none' | 'service-account' | 'user-token' }) => {
      const { runInit } = await import('../init/run-init.ts');
      const { tag, ...rest } = flags;
      process.exitCode = runInit(dir, tag.length > 0 ? { ...rest, tag } : rest);
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
