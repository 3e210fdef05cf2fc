/**
 * Tool names every MCP client accepts: `^[a-zA-Z0-9_-]{1,64}$`, kebab-case from the
 * operationId (`repos/get-readme` -> `repos-get-readme`, `getUserActivity` ->
 * `get-user-activity`), or from method and path when there is none
 * (`GET /users/{id}/posts` -> `get-users-id-posts`). Unique by a numeric suffix.
 */
export const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const MAX = 64;

export function toolNameFor(op: { operationId?: string; method: string; path: string }): string {
  const raw = op.operationId ?? `${op.method} ${op.path}`;
  const kebab = raw
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return bound(kebab === '' ? 'tool' : kebab, MAX);
}

/** `base`, or `base-2`, `base-3`… — the first not in `taken` (kept within 64 characters). */
export function uniqueName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) {
    const suffix = `-${i}`;
    const name = `${bound(base, MAX - suffix.length)}${suffix}`;
    if (!taken.has(name)) return name;
  }
}

/** Cut at a dash boundary when one is near, never leaving a trailing dash. */
function bound(name: string, max: number): string {
  if (name.length <= max) return name;
  const cut = name.slice(0, max);
  const dash = cut.lastIndexOf('-');
  return (dash >= max - 16 ? cut.slice(0, dash) : cut).replace(/-+$/, '');
}
