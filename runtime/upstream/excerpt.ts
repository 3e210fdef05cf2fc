/** Bounded, single-line-safe excerpts of upstream bodies for tool results. */

export const DEFAULT_EXCERPT_CHARS = 2_000;

export function excerptOf(body: unknown, max = DEFAULT_EXCERPT_CHARS): string {
  if (body === undefined || body === null || body === '') return '';
  const text = typeof body === 'string' ? body : safeStringify(body);
  return text.length <= max ? text : `${text.slice(0, max)}… [${text.length - max} more characters]`;
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
