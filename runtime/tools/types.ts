/**
 * The contract between generated code (generated/*.gen.ts) and the runtime.
 * Generated handlers import only types from here; the runtime supplies the values.
 */
import type { Client, Middleware } from 'openapi-fetch';

export type AuthType = 'none' | 'service-account' | 'user-token';

export const AUTH_TYPES: readonly AuthType[] = ['none', 'service-account', 'user-token'];

export interface ToolAnnotations {
  title?: string;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

/** What `tools/list` shows for one tool. Precomputed at generate time. */
export interface ToolDefinition {
  name: string;
  title?: string;
  description: string;
  inputSchema: { type: 'object'; [key: string]: unknown };
  outputSchema?: { type: 'object'; [key: string]: unknown };
  annotations?: ToolAnnotations;
}

/** Manifest `confirm`: ask the user through form elicitation before the tool acts. */
export interface ToolConfirmation {
  /** The question shown to the user. */
  message: string;
  /** Refuse the call when the client cannot elicit (default: go ahead). */
  required?: boolean;
}

/** Per-call options a generated handler spreads into its openapi-fetch call. */
export interface CallInit {
  /** Auth and 401-retry for this call's credentials. */
  middleware: Middleware[];
  signal: AbortSignal;
  /** Observes every attempt, retries included (request id, metrics, log): upstream/observe.ts. */
  fetch?: (request: Request) => Promise<Response>;
}

export interface UpstreamContext<Paths extends {}> {
  /** The API's shared openapi-fetch client (base URL, timeout, no credentials). */
  client: Client<Paths>;
  init: CallInit;
}

/** What an upstream handler returns: openapi-fetch's result, unchanged. */
export interface UpstreamOutcome {
  data?: unknown;
  error?: unknown;
  response: Response;
}

export interface LocalContext {
  signal: AbortSignal;
  /** The resolved user key for user-token tools; undefined otherwise. */
  userKey?: string;
}

/** A local handler module's default export (tools with `handler:` in the manifest). */
export type LocalHandler<Args = Record<string, unknown>> = (
  args: Args,
  ctx: LocalContext,
) => Promise<unknown> | unknown;

/**
 * Where a credential goes when it is not `Authorization: Bearer <token>`: an OpenAPI
 * apiKey scheme's header, query parameter or cookie (the token is sent as it is).
 */
export interface CredentialPlacement {
  in: 'header' | 'query' | 'cookie' | 'path';
  name: string;
}

export interface UpstreamTool {
  kind: 'upstream';
  definition: ToolDefinition;
  authType: AuthType;
  api: string;
  operation: { method: string; path: string; operationId?: string };
  /** From the operation's security scheme; absent: `Authorization: Bearer`. */
  credential?: CredentialPlacement;
  /** Inbound scopes the caller's token must carry (manifest `scopes`). */
  scopes?: readonly string[];
  /** Manifest `confirm`: ask the user before the call (mcp/elicitation/confirm.ts). */
  confirm?: ToolConfirmation;
  // biome-ignore lint: the registry is heterogeneous; each handler is typed where generated.
  handler: (args: any, ctx: UpstreamContext<any>) => Promise<UpstreamOutcome>;
}

export interface LocalTool {
  kind: 'local';
  definition: ToolDefinition;
  authType: AuthType;
  /** Inbound scopes the caller's token must carry (manifest `scopes`). */
  scopes?: readonly string[];
  /** Manifest `confirm`: ask the user before the call (mcp/elicitation/confirm.ts). */
  confirm?: ToolConfirmation;
  handler: (args: any, ctx: LocalContext) => Promise<unknown> | unknown;
}

export type GeneratedTool = UpstreamTool | LocalTool;

export interface ApiInfo {
  name: string;
  /** The first `servers[].url` of the spec, if any; config may override. */
  defaultBaseUrl?: string;
}

/** generated/index.gen.ts default-exports one of these. */
export interface ToolRegistry {
  apis: Record<string, ApiInfo>;
  tools: readonly GeneratedTool[];
}
