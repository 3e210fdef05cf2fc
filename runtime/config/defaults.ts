/**
 * The defaults a JSON Schema declares, as a value: every property with a `default`,
 * and inside an object that has one, its own properties' defaults. Fresh objects on
 * every call, so callers may mutate what they get.
 */
export function defaultsOf(schema: unknown, root = true): unknown {
  if (!isObject(schema)) return undefined;
  const own = 'default' in schema ? structuredClone(schema.default) : root ? {} : undefined;
  if (!isObject(schema.properties) || !isObject(own)) return own;
  for (const [key, property] of Object.entries(schema.properties)) {
    const value = defaultsOf(property, false);
    if (value !== undefined && own[key] === undefined) own[key] = value;
  }
  return own;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
