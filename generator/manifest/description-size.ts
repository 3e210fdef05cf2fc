/**
 * `description-large` (warning): a tool's description travels to the client in every
 * tools/list and into the model's context on every turn; past 2 KB Claude Code cuts it
 * off, and a multi-megabyte one (a pasted document) is pure cost. Checked when the
 * manifest loads, so `generate` warns as well as `validate`.
 * @see https://docs.anthropic.com/en/docs/claude-code/mcp
 */
import { diagnostic, type Diagnostic } from '../diagnostics.ts';
import type { YamlSource } from '../yaml-source.ts';
import type { Manifest } from './types.ts';

/** UTF-8 bytes. */
export const MAX_DESCRIPTION_BYTES = 2 * 1024;

export function checkDescriptionSize(manifest: Manifest, source: YamlSource): Diagnostic[] {
  return manifest.tools.flatMap((tool, i) => {
    const bytes = Buffer.byteLength(tool.description);
    if (bytes <= MAX_DESCRIPTION_BYTES) return [];
    const size = bytes < 10 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${Math.round(bytes / 1024)} KB`;
    return [
      diagnostic(
        'description-large',
        source.locate(['tools', i, 'description']),
        `the description of tool '${tool.name}' is ${size} (over ${MAX_DESCRIPTION_BYTES / 1024} KB), sent to clients in every tools/list; keep it to what the model needs to choose the tool`,
        { severity: 'warning' },
      ),
    ];
  });
}
