/**
 * Prompt message templates: `{{name}}` is replaced by the argument `name`, and that is
 * all — no logic, no helpers, no HTML escaping (the text goes to a model, not a page).
 * The generator checks every name against the prompt's arguments with `placeholders`,
 * so at run time an unknown name cannot occur; a missing optional argument becomes ''.
 */

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The names a template refers to, in order (duplicates kept). */
export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
}

export function fillTemplate(template: string, args: Readonly<Record<string, string>>): string {
  // A function replacement, so `$&` and friends in a value stay literal.
  return template.replace(PLACEHOLDER, (_, name: string) => (Object.hasOwn(args, name) ? (args[name] ?? '') : ''));
}
