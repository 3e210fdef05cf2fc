/**
 * What keeps a log line small and free of credentials whatever is logged: every string
 * (message, fields, bindings, serialized errors) is scrubbed of credential-shaped text
 * and cut to MAX_LOG_STRING_CHARS; arrays and nesting are capped. pino's path-based
 * `redact` still applies on top. Log lines stay JSON.
 * @see https://getpino.io/#/docs/api?id=formatters-object
 */
import pino, { type LoggerOptions } from 'pino';
import { scrubSecrets } from './scrub.ts';

/** Each string in a log line is cut to this many characters (after scrubbing). */
export const MAX_LOG_STRING_CHARS = 2_000;
const MAX_LOG_ITEMS = 50;
const MAX_LOG_DEPTH = 6;
/** Scrubbed past the cut too, so a credential straddling it is replaced whole. */
const SCRUB_MARGIN = 8_192;

/** Scrubs and bounds a logged value: strings, arrays and plain objects, to a fixed depth. */
export function boundLogValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') {
    const window = MAX_LOG_STRING_CHARS + SCRUB_MARGIN;
    const text = scrubSecrets(value.length > window ? value.slice(0, window) : value);
    const more = value.length - MAX_LOG_STRING_CHARS;
    return text.length <= MAX_LOG_STRING_CHARS ? text : `${text.slice(0, MAX_LOG_STRING_CHARS)}… [${more} more characters]`;
  }
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_LOG_DEPTH) return '[too deep]';
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_LOG_ITEMS).map((v) => boundLogValue(v, depth + 1));
    return value.length > MAX_LOG_ITEMS ? [...items, `… [${value.length - MAX_LOG_ITEMS} more items]`] : items;
  }
  // Errors (bounded by boundError once pino serializes them), Dates and the like.
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = boundLogValue(v, depth + 1);
  return out;
}

export const boundedLogOptions = {
  formatters: {
    log: (object: Record<string, unknown>) => boundLogValue(object) as Record<string, unknown>,
    bindings: (bindings: Record<string, unknown>) => boundLogValue(bindings) as Record<string, unknown>,
  },
  serializers: { err: boundError },
  hooks: {
    logMethod(args, method) {
      // The message (and any interpolation arguments) are strings the formatters never see.
      return method.apply(this, args.map((a) => (typeof a === 'string' ? boundLogValue(a) : a)) as Parameters<typeof method>);
    },
  },
} satisfies Pick<LoggerOptions, 'formatters' | 'serializers' | 'hooks'>;

/**
 * Errors pass the log formatter untouched (they are not plain objects); pino serializes
 * them, with its own prototype, so the copy is bounded here. Anything else under `err`
 * was bounded by the formatter already.
 */
function boundError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  return boundLogValue({ ...pino.stdSerializers.err(error) });
}
