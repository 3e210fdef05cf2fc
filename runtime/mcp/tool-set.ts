/** What one generation of the registry serves; swapped whole by a reload. */
import type { ToolDefinition } from '../tools/types.ts';
import type { Identity } from '../identity/types.ts';
import type { ResourceSet } from './resource-set.ts';
import type { ToolExecutor } from './tool-executor.ts';

export interface ToolSet {
  /** Definitions in `tools/list` order, precomputed at generate time. */
  definitions: readonly ToolDefinition[];
  executor: ToolExecutor;
  /** Inbound scopes a tool needs (manifest `scopes`), checked where HTTP requests enter. */
  scopes(name: string): readonly string[] | undefined;
  /** Manifest resources and templates (features/resources.ts); absent: none. */
  resources?: ResourceSet;
}

/** Who reads: as for a tool call (features/tools.ts builds the same from a request). */
export interface ResourceCaller {
  identity: Identity | undefined;
  network: boolean;
  requestId?: string;
  signal: AbortSignal;
}
