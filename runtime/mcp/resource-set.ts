/**
 * The resources one registry generation serves: static ones (content embedded at
 * generate time) and templates read through their GET operation with the caller's
 * credentials — the executor's upstream path, the same as a tool call's. Failures are
 * JSON-RPC errors (a resource read has no isError result): an unknown URI or an
 * upstream 404 is -32002, as the spec says; anything else -32603 with the same bounded,
 * scrubbed message a tool would get.
 * @see https://modelcontextprotocol.io/specification/2025-06-18/server/resources#error-handling
 */
import { McpError, ErrorCode, type ReadResourceResult, type Resource, type ResourceTemplate } from '@modelcontextprotocol/sdk/types.js';
import { AuthRequiredError } from '../errors.ts';
import type { Logger } from '../observability/logger.ts';
import { scrubKnownSecrets } from '../observability/scrub.ts';
import type { GeneratedResource, GeneratedResourceTemplate, ResourceSubscribe, ToolRegistry, UpstreamTool } from '../tools/types.ts';
import { classifyError } from './classify-error.ts';
import { upstreamErrorResult } from './results.ts';
import type { ToolExecutor } from './tool-executor.ts';
import type { ResourceCaller } from './tool-set.ts';
import { matchUriTemplate, parseUriTemplate, type ParsedTemplate } from './uri-template.ts';

/** The largest upstream body a read returns (as tool results' media caps); beyond, an error. */
export const MAX_RESOURCE_BYTES = 5 * 1024 * 1024;

/** MCP's "resource not found" (not in the SDK's ErrorCode). */
export const RESOURCE_NOT_FOUND = -32002;

export interface ResourceSet {
  list(): Resource[];
  templates(): ResourceTemplate[];
  /** @throws McpError (-32002 for an unknown URI or an upstream 404) */
  read(uri: string, caller: ResourceCaller): Promise<ReadResourceResult>;
  /** Whether `uri` names a resource here (static, or matching a template). */
  has(uri: string): boolean;
  /** How a change of `uri` is detected; undefined: nothing watches it. */
  changeSource(uri: string): ResourceSubscribe | undefined;
  /** Whether `uri` belongs to the resource whose `subscribe.webhook` is `path`. */
  signalledBy(path: string, uri: string): boolean;
  /** Every declared webhook path. */
  webhooks(): ReadonlySet<string>;
}

interface Template {
  entry: GeneratedResourceTemplate;
  parsed: ParsedTemplate;
  tool: UpstreamTool;
}

export interface ResourceSetOptions {
  registry: ToolRegistry;
  executor: Pick<ToolExecutor, 'fetchUpstream'>;
  logger: Logger;
  upstreamTimeoutMs: number;
}

export function createResourceSet(options: ResourceSetOptions): ResourceSet | undefined {
  const statics = new Map((options.registry.resources ?? []).map((r) => [r.uri, r]));
  const templates: Template[] = (options.registry.resourceTemplates ?? []).map((entry) => ({
    entry,
    parsed: parseUriTemplate(entry.uriTemplate),
    tool: readerTool(entry),
  }));
  if (statics.size === 0 && templates.length === 0) return undefined;
  const match = (uri: string) => {
    for (const t of templates) {
      const vars = matchUriTemplate(t.parsed, uri);
      if (vars) return { template: t, vars };
    }
    return undefined;
  };
  const webhooks = new Set([...statics.values(), ...templates.map((t) => t.entry)].flatMap((r) => (r.subscribe?.webhook ? [r.subscribe.webhook] : [])));

  return {
    list: () => [...statics.values()].map(listed),
    templates: () => templates.map(({ entry }) => describe({ uriTemplate: entry.uriTemplate, name: entry.name }, entry)),
    has: (uri) => statics.has(uri) || match(uri) !== undefined,
    changeSource: (uri) => statics.get(uri)?.subscribe ?? match(uri)?.template.entry.subscribe,
    signalledBy: (path, uri) => (statics.get(uri)?.subscribe ?? match(uri)?.template.entry.subscribe)?.webhook === path,
    webhooks: () => webhooks,
    async read(uri, caller) {
      const fixed = statics.get(uri);
      if (fixed) {
        const content = fixed.text !== undefined ? { uri, mimeType: fixed.mimeType, text: fixed.text } : { uri, mimeType: fixed.mimeType, blob: fixed.blob ?? '' };
        return { contents: [content] };
      }
      const found = match(uri);
      if (!found) throw new McpError(RESOURCE_NOT_FOUND, 'Resource not found', { uri });
      return readTemplate(found.template, found.vars, uri, caller);
    },
  };

  async function readTemplate(t: Template, vars: Record<string, string>, uri: string, caller: ResourceCaller): Promise<ReadResourceResult> {
    const secrets = new Set<string>();
    const log = options.logger.child({ resource: t.entry.name, user: caller.identity?.userKey });
    try {
      if (caller.network && !caller.identity && t.entry.authType !== 'none') {
        throw new AuthRequiredError(`The resource "${t.entry.name}" uses credentials, and this HTTP caller is not authenticated (the server needs http.auth for network callers).`);
      }
      const fetchOptions = { identity: caller.identity, signal: caller.signal, secrets, ...(caller.requestId ? { requestId: caller.requestId } : {}) };
      const { data, error, response } = await options.executor.fetchUpstream(t.tool, vars, fetchOptions);
      if (!response.ok) {
        const shown = upstreamErrorResult(response.status, response.statusText, error, secrets);
        throw new McpError(response.status === 404 ? RESOURCE_NOT_FOUND : ErrorCode.InternalError, textOf(shown.content), { uri, status: response.status });
      }
      const bytes = Buffer.from(data instanceof ArrayBuffer ? data : new ArrayBuffer(0));
      if (bytes.length > MAX_RESOURCE_BYTES) {
        throw new McpError(ErrorCode.InternalError, `The upstream answered ${bytes.length} bytes; a resource read returns at most ${MAX_RESOURCE_BYTES}.`, { uri });
      }
      const mimeType = t.entry.mimeType ?? response.headers.get('content-type')?.split(';')[0]?.trim() ?? 'application/octet-stream';
      if (isTextType(mimeType)) return { contents: [{ uri, mimeType, text: scrubKnownSecrets(bytes.toString('utf8'), secrets) }] };
      return { contents: [{ uri, mimeType, blob: bytes.toString('base64') }] };
    } catch (error) {
      if (error instanceof McpError) throw error;
      const { result } = classifyError(error, log, options.upstreamTimeoutMs, secrets);
      throw new McpError(ErrorCode.InternalError, textOf(result.content), { uri });
    }
  }
}

/**
 * A template's read as an upstream "tool", so it goes through the executor's one
 * upstream path (credentials.for, auth middleware, observed fetch). The body is taken
 * as bytes: text or base64 is decided by the media type.
 */
function readerTool(entry: GeneratedResourceTemplate): UpstreamTool {
  const tool: UpstreamTool = {
    kind: 'upstream',
    definition: { name: `resource ${entry.name}`, description: entry.description ?? entry.name, inputSchema: { type: 'object' } },
    authType: entry.authType,
    api: entry.api,
    operation: entry.operation,
    handler: (vars: Record<string, string>, { client, init }) => {
      const params: { path: Record<string, string>; query: Record<string, string> } = { path: {}, query: {} };
      for (const [variable, value] of Object.entries(vars)) {
        const target = entry.params[variable];
        if (target) params[target.in][target.name] = value;
      }
      return client.GET(entry.operation.path, { ...init, params, parseAs: 'arrayBuffer' });
    },
  };
  if (entry.credential) tool.credential = entry.credential;
  return tool;
}

function listed(r: GeneratedResource): Resource {
  return describe({ uri: r.uri, name: r.name }, r);
}

function describe<T extends { name: string }>(out: T, r: { title?: string; description?: string; mimeType?: string }): T & { title?: string; description?: string; mimeType?: string } {
  return {
    ...out,
    ...(r.title !== undefined ? { title: r.title } : {}),
    ...(r.description !== undefined ? { description: r.description } : {}),
    ...(r.mimeType !== undefined ? { mimeType: r.mimeType } : {}),
  };
}

function textOf(content: ReadonlyArray<{ type: string; text?: string }>): string {
  return content.map((c) => c.text ?? '').join('\n');
}

function isTextType(mimeType: string): boolean {
  const type = mimeType.toLowerCase();
  return type.startsWith('text/') || /^application\/(json|yaml|xml|javascript)$/.test(type) || /\+(json|xml)$/.test(type);
}
