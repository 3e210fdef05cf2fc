/**
 * The calling client's side of one request, as a tool call sees it: what the client
 * declared at initialize, and requests/notifications sent back on the same stream as the
 * call (related to it, so Streamable HTTP delivers them on the call's SSE response).
 * @see https://modelcontextprotocol.io/specification/2025-11-25/client/elicitation
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  ElicitResultSchema,
  type ElicitRequest,
  type ElicitResult,
  type ServerNotification,
  type ServerRequest,
} from '@modelcontextprotocol/sdk/types.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';

export interface ClientSession {
  /** Whether the client declared elicitation in this mode (an empty `elicitation: {}` means form). */
  canElicit(mode: 'form' | 'url'): boolean;
  elicit(params: ElicitRequest['params']): Promise<ElicitResult>;
  notify(notification: ServerNotification): Promise<void>;
}

export function clientSession(server: Server, extra: RequestHandlerExtra<ServerRequest, ServerNotification>): ClientSession {
  return {
    canElicit(mode) {
      const elicitation = server.getClientCapabilities()?.elicitation as { form?: object; url?: object } | undefined;
      if (!elicitation) return false;
      if (mode === 'url') return elicitation.url !== undefined;
      return elicitation.form !== undefined || elicitation.url === undefined;
    },
    elicit: (params) => extra.sendRequest({ method: 'elicitation/create', params }, ElicitResultSchema, { signal: extra.signal }),
    notify: (notification) => extra.sendNotification(notification),
  };
}
