/**
 * The contract between generated code (generated/*.gen.ts) and the runtime.
 * Generated handlers import only types from here; the runtime supplies the values.
 */
import type { Client } from 'openapi-fetch';
import type {
  CallToolResult,
  CreateMessageRequestParams,
  CreateMessageResult,
  ElicitRequestParams,
  ElicitResult,
  LoggingLevel,
} from '@modelcontextprotocol/sdk/types.js';

export type { CallToolResult, LoggingLevel };

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

/*
 * One upstream attempt as the runtime sends it, and its answer (runtime/upstream/).
 * Plain data rather than WHATWG Request/Response objects: building, cloning and teeing
 * those cost more per call than the rest of a tool call together (bench/README.md,
 * "Peer baseline"), and every step of a call (credentials, redirects, observation) only
 * needs these fields.
 */

export interface UpstreamRequest {
  method: string;
  /** Absolute URL, query included. */
  url: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** Serialized once, so a retry or a 307 can send the same bytes again. */
  body?: string | FormData | undefined;
  signal?: AbortSignal | undefined;
}

export interface ResponseHeaders {
  get(name: string): string | null;
  has(name: string): boolean;
}

export interface UpstreamResponse {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  /** The URL this response came from (after any same-origin redirect followed). */
  readonly url: string;
  readonly headers: ResponseHeaders;
  /** The body as text; read once. */
  text(): Promise<string>;
  /** The body as a Blob typed by its Content-Type; read once. */
  blob(): Promise<Blob>;
  /** The body's bytes; read once. */
  arrayBuffer(): Promise<ArrayBuffer>;
  /** Drops an unread body so its connection can be reused. */
  discard(): Promise<void>;
}

/** Sends one attempt. Each step of a call wraps the one below it. */
export type Send = (request: UpstreamRequest) => Promise<UpstreamResponse>;

/** Per-call options a generated handler spreads into its client call. */
export interface CallInit {
  /**
   * How this call's requests reach the upstream: credentials and their 401 retry,
   * same-origin redirects, observation (request id, metrics, log), then the connection
   * pool. Built by the executor per call (runtime/upstream/).
   */
  send: Send;
  signal: AbortSignal;
  /** Per-call headers (the tool's `Accept`); the API's fixed headers are on the client. */
  headers?: Record<string, string>;
}

export interface UpstreamContext<Paths extends {}> {
  /**
   * The API's shared client (base URL, fixed headers, no credentials), typed as
   * openapi-fetch's `Client<paths>` and called the same way (runtime/upstream/http-client.ts).
   */
  client: Client<Paths>;
  init: CallInit;
}

/**
 * What an upstream handler returns: `{ data }` or `{ error }` as openapi-fetch shapes
 * them, and the answer's status, URL and headers. (openapi-fetch's types call the last a
 * `Response`; the runtime's is UpstreamResponse above, of which this is all the
 * runtime reads.)
 */
export interface UpstreamOutcome {
  data?: unknown;
  error?: unknown;
  response: Pick<UpstreamResponse, 'status' | 'statusText' | 'ok' | 'url' | 'headers'>;
}

export interface LocalContext {
  signal: AbortSignal;
  /** The resolved user key for user-token tools; undefined otherwise. */
  userKey?: string;
  /**
   * A `notifications/message` to the caller (logger "dta-mcp"), sent when `level` is at or
   * above the level the client chose with `logging/setLevel` (default: info), scrubbed of
   * credentials. Never throws.
   */
  log(level: LoggingLevel, data: unknown): Promise<void>;
  /**
   * A `notifications/progress`, sent only when the caller asked for progress (a
   * `progressToken` in the request); values must increase, a lower one is dropped.
   */
  progress(progress: number, total?: number, message?: string): Promise<void>;
  /**
   * Asks the user through the client (`elicitation/create`). Rejects with a
   * ClientCapabilityError (code `client_capability_missing`) when the client did not
   * declare elicitation (or, for `mode: 'url'`, URL elicitation).
   */
  elicit(params: ElicitRequestParams): Promise<ElicitResult>;
  /** Asks the client's model (`sampling/createMessage`); ClientCapabilityError without sampling. */
  sample(params: CreateMessageRequestParams): Promise<CreateMessageResult>;
}

/**
 * A context outside any MCP call (a handler's own unit tests, a script): log and progress
 * go nowhere, elicit and sample reject with ClientCapabilityError.
 */
export function detachedContext(options: { signal?: AbortSignal; userKey?: string } = {}): LocalContext {
  return {
    signal: options.signal ?? new AbortController().signal,
    ...(options.userKey !== undefined ? { userKey: options.userKey } : {}),
    log: async () => undefined,
    progress: async () => undefined,
    elicit: async () => {
      throw new ClientCapabilityError('elicitation');
    },
    sample: async () => {
      throw new ClientCapabilityError('sampling');
    },
  };
}

/**
 * The client did not declare the capability a handler's request needs (elicitation,
 * sampling). A handler may catch it (by class or `code`) and answer otherwise; uncaught,
 * the call is an isError result with this message.
 */
export class ClientCapabilityError extends Error {
  readonly code = 'client_capability_missing';
  constructor(readonly capability: 'elicitation' | 'elicitation.url' | 'sampling') {
    super(`The client does not support ${capability} (it did not declare the capability).`);
    this.name = 'ClientCapabilityError';
  }
}

/**
 * A local handler module's default export (tools with `handler:` in the manifest). It may
 * return any JSON value (shown as text, and as structuredContent with an output schema),
 * or a `CallToolResult` — `{ content: [...] }` with MCP content blocks (text, image,
 * audio, resource, resource_link; several, mixed) — passed on after a shape check.
 */
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

/** Manifest `tools[].response`; paths are dot-separated keys, `[]` for each element (`items[].name`). */
export interface ResponseShaping {
  /** Keep only these paths. */
  select?: readonly string[];
  /** Remove these paths. */
  drop?: readonly string[];
  /** Lists (the answer itself, or its top-level properties) cut to this many items. */
  maxItems?: number;
  /** Lists cut further until the answer's JSON fits this many bytes; then the text itself. */
  maxBytes?: number;
}

/** Manifest `tools[].pagination`, defaults filled in at generate time. */
export interface PaginationSpec {
  /** `link`: RFC 8288 `Link: <...>; rel="next"`; `cursor`: a cursor in the body; `page`: page numbers. */
  style: 'link' | 'cursor' | 'page';
  /** The argument carrying the page number. */
  pageParam?: string;
  /** The argument carrying the page size. */
  perPageParam?: string;
  /** The argument carrying the cursor. */
  cursorParam?: string;
  /** Where the body holds the next cursor (`next_cursor`, `meta.next`). */
  cursorPath?: string;
}

export interface UpstreamTool {
  kind: 'upstream';
  definition: ToolDefinition;
  authType: AuthType;
  api: string;
  operation: { method: string; path: string; operationId?: string };
  /** From the operation's security scheme; absent: `Authorization: Bearer`. */
  credential?: CredentialPlacement;
  /** `Accept` for the call: the operation's 2xx media types, JSON first; absent: none declared. */
  accept?: string;
  /** Inbound scopes the caller's token must carry (manifest `scopes`). */
  scopes?: readonly string[];
  /** Manifest `confirm`: ask the user before the call (mcp/elicitation/confirm.ts). */
  confirm?: ToolConfirmation;
  /** Manifest `response`: what of the answer the model gets (mcp/shaping.ts). */
  response?: ResponseShaping;
  /** Manifest `pagination`: how the upstream pages, for the result's next-page hint (mcp/pagination.ts). */
  pagination?: PaginationSpec;
  /**
   * `ctx` is the UpstreamContext the executor builds. It is typed where each handler is
   * generated (against its own path's types); here it is `any`, so that assigning a
   * registry of differently typed handlers does not make TypeScript compare openapi-fetch's
   * `Client` types pairwise (about 1.3 s of CPU in a cold generate of the GitHub example).
   */
  // biome-ignore lint: the registry is heterogeneous; each handler is typed where generated.
  handler: (args: any, ctx: any) => Promise<UpstreamOutcome>;
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

/** How a resource's change is detected, so clients may subscribe (manifest `subscribe`). */
export interface ResourceSubscribe {
  /** Re-read every this many seconds while someone is subscribed; notify when it changed. */
  pollSeconds?: number;
  /** `POST /hooks/<name>` on the HTTP transport notifies this resource's subscribers. */
  webhook?: string;
}

/** A static resource (manifest `uri` with `file` or `text`), its content read at generate time. */
export interface GeneratedResource {
  uri: string;
  name: string;
  title?: string;
  description?: string;
  mimeType: string;
  /** Exactly one of `text` and `blob` (base64). */
  text?: string;
  blob?: string;
  subscribe?: ResourceSubscribe;
}

/** A resource template (RFC 6570) read through a GET operation of an API. */
export interface GeneratedResourceTemplate {
  uriTemplate: string;
  name: string;
  title?: string;
  description?: string;
  /** Absent: the upstream response's Content-Type. */
  mimeType?: string;
  authType: AuthType;
  api: string;
  operation: { method: 'GET'; path: string; operationId?: string };
  /** Each URI variable and the parameter it fills. */
  params: Record<string, { in: 'path' | 'query'; name: string }>;
  credential?: CredentialPlacement;
  subscribe?: ResourceSubscribe;
  /** Completions for URI variables (manifest `variables`), by variable name; absent: none. */
  completions?: Readonly<Record<string, ArgumentCompletion>>;
}

/** generated/index.gen.ts default-exports one of these. */
export interface ToolRegistry {
  apis: Record<string, ApiInfo>;
  tools: readonly GeneratedTool[];
  /** Manifest `resources:` with `uri`; absent when none. */
  resources?: readonly GeneratedResource[];
  /** Manifest `resources:` with `uriTemplate`; absent when none. */
  resourceTemplates?: readonly GeneratedResourceTemplate[];
  /** Manifest `prompts:`; absent when there are none. */
  prompts?: readonly GeneratedPrompt[];
}

/** Where a prompt argument's completions come from (manifest `enum` or `complete`). */
export interface ArgumentCompletion {
  /** Fixed values, offered when they start with what the user typed. */
  values?: readonly string[];
  /** Or: call this tool (with the caller's credentials) and take the values found at `path`. */
  tool?: string;
  /** Where the values are in the tool's result: `items[].name` (`[]` maps over a list). */
  path?: string;
  /** The tool argument that receives what the user typed so far. */
  param?: string;
}

/**
 * One prompt message as declared; `{{argument}}` placeholders in `text` (and in a
 * resource `uri`) are replaced by the arguments of `prompts/get`.
 */
export type PromptMessageTemplate =
  | { role: 'user' | 'assistant'; text: string }
  | { role: 'user' | 'assistant'; image: { data: string; mimeType: string } }
  /** `text` given: an inline resource; else the server reads `uri` (see PromptSet.readResource). */
  | { role: 'user' | 'assistant'; resource: { uri: string; mimeType?: string; text?: string } };

export interface PromptArgumentDefinition {
  name: string;
  description?: string;
  required?: boolean;
}

/** One manifest prompt: what `prompts/list` shows, and the messages `prompts/get` fills in. */
export interface GeneratedPrompt {
  definition: { name: string; title?: string; description?: string; arguments?: readonly PromptArgumentDefinition[] };
  messages: readonly PromptMessageTemplate[];
  /** By argument name. */
  completions?: Readonly<Record<string, ArgumentCompletion>>;
}
