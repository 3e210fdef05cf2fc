/**
 * Where completion values sit in a tool's JSON result: `items[].name` takes `items`,
 * maps over the list, and takes each `name`; `[]` alone is the result itself as a list.
 * Anything that is not there yields nothing; only strings and numbers become values.
 */

export function valuesAt(data: unknown, path: string): string[] {
  let current: unknown[] = [data];
  for (const segment of path.split('.')) {
    const spread = segment.endsWith('[]');
    const key = spread ? segment.slice(0, -2) : segment;
    const next: unknown[] = [];
    for (const value of current) {
      const picked = key === '' ? value : isRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined;
      if (picked === undefined) continue;
      if (spread) {
        if (Array.isArray(picked)) next.push(...picked);
      } else next.push(picked);
    }
    current = next;
  }
  return current.flatMap((v) => (typeof v === 'string' ? [v] : typeof v === 'number' ? [String(v)] : []));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
