/**
 * Renders the whole `generated/` tree in memory: one `<api>.d.ts` per API, one
 * `tools/<name>.gen.ts` per tool, and `index.gen.ts`; beside them the JavaScript that
 * `serve` loads (javascript.ts). Keys are absolute paths. `generate` takes the two
 * halves apart, to type-check the TypeScript while the JavaScript is emitted.
 */
import { join } from 'node:path';
import type { Analysis } from '../analyze.ts';
import type { ManifestFile } from '../manifest/types.ts';
import { silentProgress, type Progress } from '../progress.ts';
import { renderApiTypes } from './api-types.ts';
import { emitJavaScript } from './javascript.ts';
import { templates } from './templates.ts';
import { localView, registryView, toolFile, upstreamView } from './view-models.ts';

export async function renderProject(analysis: Analysis, progress: Progress = silentProgress): Promise<Map<string, string>> {
  const files = await renderTypeScript(analysis, progress);
  return withJavaScript(analysis, files, progress);
}

/** The TypeScript half: API types, one handler per tool, the registry. */
export async function renderTypeScript(analysis: Analysis, progress: Progress = silentProgress): Promise<Map<string, string>> {
  const { project, plan } = analysis;
  const manifests = new Map<string, ManifestFile>(analysis.manifests.map((m) => [m.file, m]));
  const files = new Map<string, string>();
  for (const api of plan.apis) {
    progress.phase(`writing types for API '${api.name}'`);
    const operations = plan.tools.flatMap((t) => (t.kind === 'upstream' && t.api === api.name ? [{ method: t.method, path: t.path }] : []));
    files.set(join(project.generatedDir, `${api.name}.d.ts`), await renderApiTypes(api, analysis.specs.get(api.name), operations));
  }
  progress.phase('rendering handlers', plan.tools.length);
  for (const tool of plan.tools) {
    progress.tick();
    let text: string;
    if (tool.kind === 'upstream') text = templates.upstreamTool(upstreamView(project, tool));
    else {
      const manifest = manifests.get(tool.manifestFile);
      const index = manifest?.manifest.tools.findIndex((t) => t.name === tool.name) ?? -1;
      const handlerAt = manifest && index >= 0 ? manifest.source.locate(['tools', index, 'handler']) : tool.at;
      text = templates.localTool(localView(project, tool, handlerAt));
    }
    files.set(toolFile(project, tool.name), text);
  }
  files.set(join(project.generatedDir, 'index.gen.ts'), templates.registry(registryView(project, plan)));
  return files;
}

/** `files` (the TypeScript half) with the JavaScript beside it, every key sorted. */
export function withJavaScript(analysis: Analysis, typescript: ReadonlyMap<string, string>, progress: Progress = silentProgress): Map<string, string> {
  const { project, plan } = analysis;
  const files = new Map(typescript);
  progress.phase('writing JavaScript');
  const handlers = plan.tools.flatMap((t) => (t.kind === 'local' ? [t.handlerPath] : []));
  for (const [path, text] of emitJavaScript(project, files, handlers)) files.set(path, text);
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}
