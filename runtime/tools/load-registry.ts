/** Loads the generated registry module (generated/index.gen.ts by default). */
import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../errors.ts';
import type { ToolRegistry } from './types.ts';

export const DEFAULT_REGISTRY = 'generated/index.gen.ts';

export async function loadRegistry(root: string, file = DEFAULT_REGISTRY): Promise<ToolRegistry> {
  const path = resolve(root, file);
  try {
    await access(path);
  } catch {
    throw new ConfigError(`No generated registry at ${path}. Run \`npm run generate\` first.`);
  }
  const mod = (await import(pathToFileURL(path).href)) as { registry?: ToolRegistry; default?: ToolRegistry };
  const registry = mod.registry ?? mod.default;
  if (!registry || !Array.isArray(registry.tools)) {
    throw new ConfigError(`${path} does not export a tool registry. Regenerate it with \`npm run generate\`.`);
  }
  return registry;
}
