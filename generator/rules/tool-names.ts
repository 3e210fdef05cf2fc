/**
 * `tool-name-too-long-with-prefix` (warning): clients namespace tool names — Claude
 * Code calls `get-user-profile` of server `dta-mcp` as `mcp__dta-mcp__get-user-profile`
 * — and several reject the result past 64 characters, so a name that is valid on its
 * own can still vanish from a client's tool list.
 */
import { diagnostic, type Diagnostic } from '../diagnostics.ts';
import type { ProjectRule } from './context.ts';

/** Claude Code's `mcp__<server>__`, for a server registered as `dta-mcp`. */
export const DEFAULT_CLIENT_PREFIX = 'mcp__dta-mcp__';

export const MAX_TOOL_NAME = 64;

export const toolNameFitsPrefix: ProjectRule = (analysis, { clientPrefix }) => {
  const out: Diagnostic[] = [];
  for (const { source, manifest } of analysis.manifests) {
    manifest.tools.forEach((tool, i) => {
      const total = clientPrefix.length + tool.name.length;
      if (total <= MAX_TOOL_NAME) return;
      out.push(
        diagnostic(
          'tool-name-too-long-with-prefix',
          source.locate(['tools', i, 'name']),
          `tool name '${tool.name}' is ${total} characters with the client prefix '${clientPrefix}', over the ${MAX_TOOL_NAME} clients accept; shorten it to at most ${MAX_TOOL_NAME - clientPrefix.length} (or pass --client-prefix with your server's prefix)`,
          { severity: 'warning' },
        ),
      );
    });
  }
  return out;
};
