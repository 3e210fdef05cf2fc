/**
 * Client snippets: `.mcp.json` (Claude Code, VS Code) reaching the server over
 * Streamable HTTP with a bearer token from the client's environment, and Claude
 * Desktop's entry, which starts its own server over stdio with an `env` block — Claude
 * Desktop starts servers outside the project, so every path in it is absolute.
 * @see https://docs.anthropic.com/en/docs/claude-code/mcp (`.mcp.json`, `${VAR}` expansion)
 */
import { CONFIG_FILE } from './config-file.ts';

export const MCP_URL = 'http://127.0.0.1:3000/mcp';

export function mcpJsonText(server: string): string {
  const entry = { type: 'http', url: MCP_URL, headers: { Authorization: 'Bearer ${MCP_ACCESS_TOKEN}' } };
  return `${JSON.stringify({ mcpServers: { [server]: entry } }, null, 2)}\n`;
}

export interface StdioCommand {
  command: string;
  /** Arguments before `serve`: e.g. the absolute path of bin/dta-mcp.js. */
  args: string[];
}

export function claudeDesktopText(server: string, root: string, run: StdioCommand, env: Record<string, string>): string {
  const sep = root.includes('\\') ? '\\' : '/';
  const args = [...run.args, 'serve', '--transport', 'stdio', '--root', root, '--config', `${root}${sep}${CONFIG_FILE}`, '--profile', 'local'];
  const entry = { command: run.command, args, env };
  return `${JSON.stringify({ mcpServers: { [server]: entry } }, null, 2)}\n`;
}
