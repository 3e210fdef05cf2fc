/** What one generation of the registry serves; swapped whole by a reload. */
import type { ToolDefinition } from '../tools/types.ts';
import type { ToolExecutor } from './tool-executor.ts';

export interface ToolSet {
  /** Definitions in `tools/list` order, precomputed at generate time. */
  definitions: readonly ToolDefinition[];
  executor: ToolExecutor;
  /** Inbound scopes a tool needs (manifest `scopes`), checked where HTTP requests enter. */
  scopes(name: string): readonly string[] | undefined;
}
