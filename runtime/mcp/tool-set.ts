/** What one generation of the registry serves; swapped whole by a reload. */
import type { ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import type { Identity } from '../identity/types.ts';
import type { ArgumentCompletion, GeneratedPrompt, ToolDefinition } from '../tools/types.ts';
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
  /** Manifest prompts (prompts/list, prompts/get, completion/complete); absent: none. */
  prompts?: readonly GeneratedPrompt[];
  /**
   * Reads a resource by URI for a prompt's embedded `resource` message (hook for the
   * resources feature); absent: only inline resources (with `text`) can be embedded.
   */
  readResource?: (uri: string, caller: ResourceCaller) => Promise<ReadResourceResult>;
  /**
   * The completions of the resource template a URI belongs to, by variable name (hook
   * for the resources feature: a template variable's `enum`/`complete`); absent: none.
   */
  resourceCompletions?: (uri: string) => Readonly<Record<string, ArgumentCompletion>> | undefined;
}

/** Who reads: as for a tool call (features/tools.ts builds the same from a request). */
export interface ResourceCaller {
  identity: Identity | undefined;
  network: boolean;
  requestId?: string;
  signal: AbortSignal;
}
