/** Loads the generated registry module (generated/index.gen.ts by default). */
import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { ConfigError } from '../errors.ts';
import type { ToolRegistry } from './types.ts';

export const DEFAULT_REGISTRY = 'generated/index.gen.ts';

/**
 * @param fresh load the registry and everything it imports anew (after `generate`
 *   rewrote them): tsImport gives each load its own module namespace, so no stale module
 *   from the ESM cache is reused. Old generations stay in memory: a dev-loop cost.
 */
export async function loadRegistry(root: string, file = DEFAULT_REGISTRY, fresh = false): Promise<ToolRegistry> {
  const path = resolve(root, file);
  try {
    await access(path);
  } catch {
    throw new ConfigError(`No generated registry at ${path}. Run \`npm run generate\` first.`);
  }
  const url = pathToFileURL(path).href;
  const mod = (fresh
    ? await tsImport(url, { parentURL: import.meta.url })
    : await import(url)) as { registry?: ToolRegistry; default?: ToolRegistry };
  const registry = mod.registry ?? mod.default;
  if (!registry || !Array.isArray(registry.tools)) {
    throw new ConfigError(`${path} does not export a tool registry. Regenerate it with \`npm run generate\`.`);
  }
  return registry;
}
