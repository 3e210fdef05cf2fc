/**
 * Logging: announces the capability and keeps the level each session chose with
 * `logging/setLevel`. Messages themselves go out per call (mcp/session.ts), on the
 * request's own stream, filtered by that level.
 * @see https://modelcontextprotocol.io/specification/2025-06-18/server/utilities/logging
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { LoggingLevelSchema, SetLevelRequestSchema, type LoggingLevel } from '@modelcontextprotocol/sdk/types.js';
import type { ServerFeature } from './types.ts';

/** RFC 5424 severities, least severe first. */
const SEVERITY = new Map<LoggingLevel, number>(LoggingLevelSchema.options.map((level, i) => [level, i]));

/** One server per session (create-server.ts), so the level is kept per server. */
const levels = new WeakMap<Server, LoggingLevel>();

/** The level the session chose; undefined until it sends `logging/setLevel`. */
export function sessionLogLevel(server: Server): LoggingLevel | undefined {
  return levels.get(server);
}

/** Whether a message at `level` passes a `threshold`. */
export function atOrAbove(level: LoggingLevel, threshold: LoggingLevel): boolean {
  return (SEVERITY.get(level) ?? 0) >= (SEVERITY.get(threshold) ?? 0);
}

export const loggingFeature: ServerFeature = {
  capabilities: () => ({ logging: {} }),
  register(server) {
    // Replaces the SDK's own handler, which keys levels by transport session id (absent in
    // memory and stdio): here the server is the session.
    server.setRequestHandler(SetLevelRequestSchema, (request) => {
      levels.set(server, request.params.level);
      return {};
    });
  },
};
