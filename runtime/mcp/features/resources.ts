/**
 * resources/list, resources/templates/list, resources/read, and per-session
 * subscriptions: a resource whose manifest says how a change is detected is re-read
 * every `pollSeconds` while subscribed (notified when its content hash changes), or
 * signalled by its webhook (resource-events.ts). Announced only when the registry has
 * resources; reads go through the executor's upstream path with the caller's identity.
 * @see https://modelcontextprotocol.io/specification/2025-06-18/server/resources
 */
import { createHash } from 'node:crypto';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  ErrorCode,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  type ReadResourceResult,
} from '@modelcontextprotocol/sdk/types.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { requestIdFrom } from '../request-id.ts';
import { RESOURCE_NOT_FOUND } from '../resource-set.ts';
import type { ResourceCaller } from '../tool-set.ts';
import type { ServerDeps, ServerFeature } from './types.ts';

/** Subscriptions one session may hold: each may poll the upstream, so a client cannot ask for thousands. */
export const MAX_SUBSCRIPTIONS_PER_SESSION = 100;

export const resourcesFeature: ServerFeature = {
  capabilities: (deps) => (deps.tools().resources ? { resources: { subscribe: true, listChanged: true } } : {}),
  register(server, deps) {
    if (!deps.tools().resources) return;
    const caller = (extra: { authInfo?: AuthInfo; requestInfo?: { headers: Record<string, string | string[] | undefined> }; signal: AbortSignal }): ResourceCaller => ({
      identity: deps.identity.resolve({ transport: deps.transport, authInfo: extra.authInfo }),
      network: deps.transport === 'http',
      requestId: requestIdFrom(extra.requestInfo?.headers['x-request-id']),
      signal: extra.signal,
    });
    const set = () => {
      const resources = deps.tools().resources;
      if (!resources) throw new McpError(RESOURCE_NOT_FOUND, 'Resource not found');
      return resources;
    };

    server.setRequestHandler(ListResourcesRequestSchema, () => ({ resources: set().list() }));
    server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({ resourceTemplates: set().templates() }));
    server.setRequestHandler(ReadResourceRequestSchema, (request, extra) => set().read(request.params.uri, caller(extra)));

    const watches = new Map<string, () => void>();
    server.setRequestHandler(SubscribeRequestSchema, async (request, extra) => {
      const { uri } = request.params;
      if (!set().has(uri)) throw new McpError(RESOURCE_NOT_FOUND, 'Resource not found', { uri });
      if (!watches.has(uri)) {
        if (watches.size >= MAX_SUBSCRIPTIONS_PER_SESSION) {
          throw new McpError(ErrorCode.InvalidRequest, `This session already holds ${MAX_SUBSCRIPTIONS_PER_SESSION} resource subscriptions; unsubscribe from some first.`);
        }
        const stop = new AbortController();
        watches.set(uri, () => stop.abort());
        // Answered once the baseline is read: a change after the answer is a change.
        await watch(server, deps, uri, caller(extra), stop.signal);
      }
      return {};
    });
    server.setRequestHandler(UnsubscribeRequestSchema, (request) => {
      watches.get(request.params.uri)?.();
      watches.delete(request.params.uri);
      return {};
    });

    const stopListening = deps.resourceEvents?.listen((path) => {
      let sent = 0;
      for (const uri of watches.keys()) {
        if (!deps.tools().resources?.signalledBy(path, uri)) continue;
        sent++;
        notify(server, uri);
      }
      return sent;
    });
    const previous = server.onclose;
    server.onclose = () => {
      for (const stop of watches.values()) stop();
      watches.clear();
      stopListening?.();
      previous?.();
    };
  },
};

/**
 * Watches one subscribed URI until `stopped`; resolves once the baseline is read. Polling
 * reads as the subscriber (its identity from the subscribe request), one read at a time;
 * a failed read changes nothing.
 */
async function watch(server: Server, deps: ServerDeps, uri: string, subscriber: ResourceCaller, stopped: AbortSignal): Promise<void> {
  const every = deps.tools().resources?.changeSource(uri)?.pollSeconds;
  if (every === undefined) return;
  let last: string | undefined;
  let busy = false;
  const poll = async () => {
    if (busy || stopped.aborted) return;
    busy = true;
    try {
      const result = await deps.tools().resources?.read(uri, { ...subscriber, signal: stopped });
      if (!result || stopped.aborted) return;
      const hash = digest(result);
      if (last !== undefined && hash !== last) notify(server, uri);
      last = hash;
    } catch {
      // Unreadable for now (upstream down, token gone): keep the last content's hash.
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void poll(), every * 1000);
  timer.unref();
  stopped.addEventListener('abort', () => clearInterval(timer), { once: true });
  await poll();
}

function notify(server: Server, uri: string): void {
  server.sendResourceUpdated({ uri }).catch(() => {
    // The session is gone or closing: nothing to tell.
  });
}

function digest(result: ReadResourceResult): string {
  return createHash('sha256').update(JSON.stringify(result.contents)).digest('hex');
}
