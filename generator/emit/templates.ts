/**
 * The handlebars templates, compiled once with `strict` (a missing view-model field is
 * an error, not an empty string), `noEscape` (this is TypeScript, not HTML) and
 * `knownHelpersOnly` (no logic beyond if/each in templates).
 */
import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import type { LocalToolView, RegistryView, UpstreamToolView } from './view-models.ts';

const OPTIONS = { strict: true, noEscape: true, knownHelpersOnly: true } as const;

function load<View>(name: string): (view: View) => string {
  let compiled: Handlebars.TemplateDelegate<View> | undefined;
  return (view) => {
    compiled ??= Handlebars.compile<View>(readFileSync(new URL(`../templates/${name}.hbs`, import.meta.url), 'utf8'), OPTIONS);
    return compiled(view);
  };
}

export const templates = {
  upstreamTool: load<UpstreamToolView>('tool-upstream'),
  localTool: load<LocalToolView>('tool-local'),
  registry: load<RegistryView>('index'),
};
