/** Bounded, single-line-safe excerpts of upstream bodies for tool results. */
import { scrubSecrets } from '../observability/scrub.ts';

export const DEFAULT_EXCERPT_CHARS = 2_000;

/**
 * Room past the cut that is scrubbed too, so a credential straddling the cut is replaced
 * whole instead of leaving a fragment that no longer matches anything.
 */
const SCRUB_MARGIN = 8_192;

/**
 * The first `max` characters of a body, with the call's credentials and anything
 * credential-shaped removed before the cut.
 */
export function excerptOf(body: unknown, max = DEFAULT_EXCERPT_CHARS, secrets: Iterable<string> = []): string {
  if (body === undefined || body === null || body === '') return '';
  const full = typeof body === 'string' ? body : safeStringify(body);
  const window = full.length > max + SCRUB_MARGIN ? full.slice(0, max + SCRUB_MARGIN) : full;
  const text = scrubSecrets(window, secrets);
  const more = full.length - window.length + text.length - max;
  return more <= 0 ? text : `${text.slice(0, max)}… [${more} more characters]`;
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
