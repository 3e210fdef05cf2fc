/**
 * `description-too-short` (warning): the description is all the model knows about a
 * tool when it decides whether to call it; one word ("Users.", "TODO") says nothing.
 * A missing or blank description is an error of the schema (`description-missing`).
 */
import { diagnostic, type Diagnostic } from '../diagnostics.ts';
import type { ProjectRule } from './context.ts';

export const MIN_DESCRIPTION_WORDS = 2;

export const descriptionSaysEnough: ProjectRule = (analysis) => {
  const out: Diagnostic[] = [];
  for (const { source, manifest } of analysis.manifests) {
    manifest.tools.forEach((tool, i) => {
      const words = tool.description.trim().split(/\s+/).filter((w) => /\w/.test(w));
      if (words.length >= MIN_DESCRIPTION_WORDS) return;
      out.push(
        diagnostic(
          'description-too-short',
          source.locate(['tools', i, 'description']),
          `the description of tool '${tool.name}' is ${JSON.stringify(tool.description.trim())}; say what it does and returns, for the model that decides when to call it`,
          { severity: 'warning' },
        ),
      );
    });
  }
  return out;
};
