/**
 * The `Accept` header of an upstream tool, from the media types its operation's 2xx
 * responses declare. JSON is what the runtime parses and the model reads best, so
 * `application/json` comes first, then other JSON types (`+json` vendor types), then the
 * rest, each later group with a lower weight. Without it fetch sends `*\/*`, and an
 * upstream that serves several types may pick a vendor one: GitHub's
 * `repos/get-content` declares `application/vnd.github.object` and `application/json`.
 * `*\/*` is dropped when specific types are declared; nothing is sent when only it or
 * nothing is declared.
 * @see RFC 9110 §12.5.1 (Accept, quality values)
 */

const JSON_TYPE = /^application\/([\w.-]+\+)?json(;.*)?$/i;

export function acceptFor(mediaTypes: readonly string[]): string | undefined {
  const specific = mediaTypes.filter((m) => m !== '*/*' && !/[\s,"]/.test(m.split(';')[0] ?? ''));
  if (specific.length === 0) return undefined;
  const weight = (m: string) => (m.toLowerCase() === 'application/json' ? 0 : JSON_TYPE.test(m) ? 1 : 2);
  const ordered = [...specific].sort((a, b) => weight(a) - weight(b));
  const top = weight(ordered[0] ?? '');
  return ordered.map((m) => (weight(m) === top ? m : `${m};q=${weight(m) === 1 ? '0.9' : '0.8'}`)).join(', ');
}
