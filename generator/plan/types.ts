/**
 * Tool plans: a manifest tool after the cross-check against its spec. Immutable input
 * to the emitters; everything a template needs is decided here, not in templates.
 */
import type { PaginationSpec, ResponseShaping } from '../../runtime/tools/types.ts';
import type { AuthType, CredentialPlacement, GeneratedPrompt, ToolDefinition } from '../../runtime/tools/types.ts';
import type { SourcePosition } from '../diagnostics.ts';
import type { ToolConfirmation } from '../../runtime/tools/types.ts';
import type { ResourcesPlan } from './plan-resources.ts';
import type { HttpMethod, ParamLocation } from '../openapi/operations.ts';
import type { JsonObject, Schema } from '../openapi/json-schema.ts';

export type Target =
  | { kind: 'param'; in: ParamLocation; name: string }
  | { kind: 'body' }
  | { kind: 'body-field'; field: string };

/** One value the handler passes upstream: an argument or a fixed value, onto a target. */
export interface Binding {
  target: Target;
  /** The argument it comes from; absent for fixed values. */
  argument?: string;
  fixed?: unknown;
  /** The manifest line that decided this binding (emitted as a trailing comment). */
  at: SourcePosition;
}

interface PlanBase {
  name: string;
  authType: AuthType;
  definition: ToolDefinition;
  /** The manifest file, relative to the root. */
  manifestFile: string;
  /** Where the tool's `name` is in the manifest. */
  at: SourcePosition;
  /** Inbound scopes the caller's token must carry (manifest `scopes`); absent when none. */
  scopes?: readonly string[];
  /** Manifest `confirm`, with its question filled in; absent when the tool needs none. */
  confirm?: ToolConfirmation;
  /**
   * The input schema before the tools/list budget (plan/budget.ts) loosened `definition`'s;
   * the handler's `Args` type keeps its full shape. Absent when the budget changed nothing.
   */
  argsSchema?: ToolDefinition['inputSchema'];
  /** The output schema before the budget summarised or dropped it (rules/output-size.ts warns on it). */
  fullOutputSchema?: ToolDefinition['outputSchema'];
}

export interface UpstreamPlan extends PlanBase {
  kind: 'upstream';
  api: string;
  method: HttpMethod;
  path: string;
  operationId?: string;
  bindings: Binding[];
  /**
   * Required credential parameters (an apiKey header the spec also lists as a
   * parameter): the runtime's auth middleware sets them, the handler only satisfies
   * the type with a placeholder openapi-fetch drops.
   */
  credentials: Array<Extract<Target, { kind: 'param' }>>;
  /** openapi-fetch `parseAs` for non-JSON success bodies (absent: JSON). */
  parseAs?: 'text' | 'blob';
  /** Where the runtime puts the credential, when not `Authorization: Bearer` (apiKey schemes). */
  credential?: CredentialPlacement;
  /** Manifest `response` (runtime/mcp/shaping.ts); absent when none. */
  response?: ResponseShaping;
  /** Manifest `pagination` with its defaults filled in; absent when none. */
  pagination?: PaginationSpec;
  /** The `Accept` header: the operation's 2xx media types, JSON first (plan/accept.ts). */
  accept?: string;
}

export interface LocalPlan extends PlanBase {
  kind: 'local';
  /** Absolute path of the handler module. */
  handlerPath: string;
}

export type ToolPlan = UpstreamPlan | LocalPlan;

export interface ApiPlan {
  name: string;
  /** Absolute path of the entry spec file (openapi-typescript reads it). */
  specPath: string;
  specFile: string;
  defaultBaseUrl?: string;
}

export interface ProjectPlan {
  tools: ToolPlan[];
  apis: ApiPlan[];
  /** Manifest resources and templates, sorted by name (plan-resources.ts); absent when none. */
  resources?: ResourcesPlan;
  /** Manifest prompts, sorted by name (plan-prompts.ts); absent or empty when none. */
  prompts?: PromptPlan[];
}

/** One manifest prompt, checked: the registry entry and where it was declared. */
export interface PromptPlan {
  prompt: GeneratedPrompt;
  at: SourcePosition;
  manifestFile: string;
}

export type { JsonObject, Schema };
export type { ResourcesPlan } from './plan-resources.ts';
