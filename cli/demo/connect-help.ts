/** What `dta-mcp demo` prints so a person can connect a real client. */
import { resolve } from 'node:path';

export function connectHelp(url: string | undefined, root: string): string {
  const bin = resolve(root, 'bin/dta-mcp.js');
  const stdio = JSON.stringify(
    { mcpServers: { 'dta-mcp-demo': { command: 'node', args: [bin, 'demo', '--transport', 'stdio', '--root', resolve(root)] } } },
    null,
    2,
  );
  const lines = [''];
  if (url) {
    lines.push(
      `MCP endpoint: ${url}  (Streamable HTTP)`,
      '',
      'Claude Code / VS Code (.mcp.json in your project):',
      JSON.stringify({ mcpServers: { 'dta-mcp-demo': { type: 'http', url } } }, null, 2),
      '',
      'MCP Inspector:',
      `  npx @modelcontextprotocol/inspector   then: Transport "Streamable HTTP", URL ${url}`,
      '',
    );
  }
  lines.push(
    'Claude Desktop (claude_desktop_config.json), over stdio — it starts its own sandbox:',
    stdio,
    '',
    'Try: "what time is it in Seoul, in Korean format?", "show my profile", "any errors in the last 6 hours?"',
    'Stop with Ctrl+C.',
    '',
  );
  return lines.join('\n');
}
