/** What `dta-mcp demo` prints so a person can connect a real client. */
import { resolve } from 'node:path';

/** How a person gets a bearer token for the demo's inbound auth. */
export interface DemoTokenHelp {
  tokenUrl: string;
  user: string;
}

export function connectHelp(url: string | undefined, root: string, token?: DemoTokenHelp): string {
  const bin = resolve(root, 'bin/dta-mcp.js');
  const stdio = JSON.stringify(
    { mcpServers: { 'dta-mcp-demo': { command: 'node', args: [bin, 'demo', '--transport', 'stdio', '--root', resolve(root)] } } },
    null,
    2,
  );
  const lines = [''];
  if (url) {
    lines.push(`MCP endpoint: ${url}  (Streamable HTTP; every request needs Authorization: Bearer <token>)`, '');
    if (token) {
      lines.push(
        'Get a token (the sandbox signs one for any user name; each user gets their own upstream token):',
        `  curl -s -X POST ${token.tokenUrl} -d user=${token.user}`,
        '',
      );
    }
    lines.push(
      'Claude Code / VS Code (.mcp.json in your project), with the token pasted in:',
      JSON.stringify({ mcpServers: { 'dta-mcp-demo': { type: 'http', url, headers: { Authorization: 'Bearer <token>' } } } }, null, 2),
      '',
      'MCP Inspector:',
      `  npx @modelcontextprotocol/inspector   then: Transport "Streamable HTTP", URL ${url}, Authentication: Bearer <token>`,
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
