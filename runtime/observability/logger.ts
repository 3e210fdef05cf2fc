/**
 * Structured logs to stderr (stdout belongs to JSON-RPC in stdio mode).
 * Every path that can hold a secret is redacted, whatever the level; every string
 * (message, fields, errors) is scrubbed of credential-shaped text and bounded, so an
 * echoed argument or upstream body cannot make a huge line or leak a token.
 */
import pino, { type Logger } from 'pino';
import { boundedLogOptions } from './log-bounds.ts';
import { batchedDestination } from './log-destination.ts';

export type { Logger };

/** Paths censored in every log line. Add here, never log around it. */
export const REDACT_PATHS = [
  'accessToken',
  'refreshToken',
  'access_token',
  'refresh_token',
  'clientSecret',
  'client_secret',
  'token',
  'password',
  'secret',
  'authorization',
  'Authorization',
  'cookie',
  'sessionId',
  'headers.authorization',
  'headers.Authorization',
  'headers.cookie',
  'headers["mcp-session-id"]',
  '*.accessToken',
  '*.refreshToken',
  '*.clientSecret',
  '*.token',
  '*.authorization',
  '*.sessionId',
];

export { LOG_LEVELS, type LogLevel } from './log-levels.ts';
import type { LogLevel } from './log-levels.ts';

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; default stderr (fd 2), batched (log-destination.ts). Tests pass a stream to read them. */
  destination?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      name: 'dta-mcp',
      level: options.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      base: { pid: process.pid },
      ...boundedLogOptions,
    },
    options.destination ?? batchedDestination(2),
  );
}

/** A logger that writes nothing (library default when the caller passes none). */
export const silentLogger: Logger = pino({ level: 'silent' });
