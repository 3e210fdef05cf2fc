/**
 * `dta-mcp list`: every tool of the project's manifests with where it is declared, read
 * after the manifest schema (so a listed tool has the fields shown) but without the
 * spec cross-check — listing stays instant on a 13 MB spec. Manifests that do not
 * parse are skipped and reported as diagnostics.
 */
import type { Diagnostic } from '../diagnostics.ts';
import { loadManifests } from '../manifest/load.ts';
import { openProject } from '../project.ts';

export interface ListedTool {
  name: string;
  authType: string;
  /** `api operation` for upstream tools. */
  api?: string;
  operation?: string;
  /** The handler module, for local tools. */
  handler?: string;
  /** `manifests/x.yaml` */
  file: string;
  line: number;
}

export function listTools(root: string): { tools: ListedTool[]; diagnostics: Diagnostic[] } {
  const loaded = loadManifests(openProject(root));
  const tools: ListedTool[] = [];
  for (const { file, source, manifest } of loaded.files) {
    manifest.tools.forEach((tool, i) => {
      const listed: ListedTool = { name: tool.name, authType: tool.authType, file, line: source.locate(['tools', i, 'name']).line };
      if (tool.operation !== undefined) {
        const api = tool.api ?? manifest.api;
        if (api !== undefined) listed.api = api;
        listed.operation = tool.operation;
      }
      if (tool.handler !== undefined) listed.handler = tool.handler;
      tools.push(listed);
    });
  }
  return { tools, diagnostics: loaded.diagnostics };
}

/** Aligned columns: NAME, AUTH, OPERATION (or handler), SOURCE. */
export function formatToolTable(tools: readonly ListedTool[]): string {
  const rows = tools.map((t) => [t.name, t.authType, t.operation !== undefined ? `${t.api ?? '?'} ${t.operation}` : `handler ${t.handler ?? '?'}`, `${t.file}:${t.line}`]);
  const all = [['NAME', 'AUTH', 'OPERATION', 'SOURCE'], ...rows];
  const widths = [0, 1, 2].map((c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  return all.map((r) => r.map((cell, c) => (c < 3 ? cell.padEnd(widths[c] ?? 0) : cell)).join('  ').trimEnd()).join('\n') + '\n';
}
