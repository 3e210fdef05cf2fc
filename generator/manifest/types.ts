/**
 * Manifest format v1, as TypeScript. `generator/manifest.schema.json` is the truth;
 * these types describe a manifest that passed it.
 */
import type { AuthType, PaginationSpec, ResponseShaping, ToolAnnotations } from '../../runtime/tools/types.ts';
import type { ToolBudget } from '../plan/budget.ts';
import type { YamlSource } from '../yaml-source.ts';

export type JsonSchema = { [key: string]: unknown } | boolean;

export interface ManifestInput {
  /** Only the 2020-12 dialect. */
  $schema?: string;
  type?: 'object';
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema;
  $defs?: Record<string, JsonSchema>;
}

export interface ManifestTool {
  name: string;
  title?: string;
  description: string;
  /** Optional in the file when it sets a default `authType`; always set after loading. */
  authType: AuthType;
  api?: string;
  operation?: string;
  handler?: string;
  input?: ManifestInput;
  map?: Record<string, string>;
  fixed?: Record<string, unknown>;
  annotations?: ManifestAnnotations;
  /** `false`: publish no output schema (text-only results). */
  outputSchema?: false;
  /** Inbound OAuth scopes the caller's token must carry (RFC 6749 §3.3 scope tokens, unique). */
  scopes?: string[];
  /** What of an upstream answer the model gets (select or drop, maxItems, maxBytes). */
  response?: ResponseShaping;
  /** How the upstream pages; results carry the next page's arguments. */
  pagination?: { style: PaginationSpec['style']; pageParam?: string; perPageParam?: string; cursorParam?: string; cursorPath?: string };
  /** Ask the user before the tool acts (form elicitation); see plan/confirm.ts. */
  confirm?: boolean | { message?: string; required?: boolean };
}

/** MCP hints, plus the stated reason for overriding the method's defaults (never sent to clients). */
export type ManifestAnnotations = Omit<ToolAnnotations, 'title'> & { reason?: string };

/** How a change to a resource is detected (manifest `subscribe`). */
export type ManifestSubscribe = { pollSeconds: number } | { webhook: string };

/** A manifest resource: static (`uri` + `file` | `text`) or a template (`uriTemplate` + `operation`). */
export interface ManifestResource {
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  uri?: string;
  file?: string;
  text?: string;
  uriTemplate?: string;
  authType?: AuthType;
  api?: string;
  operation?: string;
  map?: Record<string, string>;
  subscribe?: ManifestSubscribe;
  /** A template's URI variables with completions (`enum` or `complete`), by name. */
  variables?: Record<string, { enum?: string[]; complete?: ManifestComplete }>;
}

/** A prompt argument's completions from a tool's result (manifest `complete`). */
export interface ManifestComplete {
  tool: string;
  path: string;
  param?: string;
}

export interface ManifestPromptArgument {
  name: string;
  description?: string;
  required?: boolean;
  enum?: string[];
  complete?: ManifestComplete;
}

/** One message: a role and exactly one of text, resource or image (checked after the schema). */
export interface ManifestPromptMessage {
  role: 'user' | 'assistant';
  text?: string;
  resource?: string | { uri: string; text: string; mimeType?: string };
  image?: string;
  mimeType?: string;
}

export interface ManifestPrompt {
  name: string;
  title?: string;
  description?: string;
  arguments?: ManifestPromptArgument[];
  messages: ManifestPromptMessage[];
}

export interface Manifest {
  version: 1;
  /** The tools/list budget for this file's tools, over the defaults (plan/budget.ts). */
  budget?: Partial<ToolBudget>;
  api?: string;
  /** Default for tools that omit `authType`; after loading every tool has its own. */
  authType?: AuthType;
  /** Always present after loading (`[]` when the file declares none). */
  tools: ManifestTool[];
  resources?: ManifestResource[];
  prompts?: ManifestPrompt[];
}

/** A manifest file that parsed and passed the schema, with its locations. */
export interface ManifestFile {
  /** Relative to the project root, posix separators (`manifests/dta-wide.yaml`). */
  file: string;
  /** Absolute path. */
  path: string;
  source: YamlSource;
  manifest: Manifest;
}
