/**
 * `output-schema-large` (warning): a tool's outputSchema travels to the client in every
 * tools/list and often into the model's context; a whole response model of a large API
 * (GitHub's repository object is ~100 KB) costs more than it helps. Suggest
 * `outputSchema: false`, which keeps results as text.
 */
import { diagnostic, type Diagnostic } from '../diagnostics.ts';
import type { ProjectRule } from './context.ts';

export const MAX_OUTPUT_SCHEMA_BYTES = 64 * 1024;

export const outputSchemaFits: ProjectRule = (analysis) => {
  const out: Diagnostic[] = [];
  for (const plan of analysis.plan.tools) {
    // Measured before the tools/list budget (plan/budget.ts) summarised or dropped it.
    const schema = plan.fullOutputSchema ?? plan.definition.outputSchema;
    if (plan.kind !== 'upstream' || !schema) continue;
    const bytes = Buffer.byteLength(JSON.stringify(schema));
    if (bytes <= MAX_OUTPUT_SCHEMA_BYTES) continue;
    out.push(
      diagnostic(
        'output-schema-large',
        plan.at,
        `the output schema of tool '${plan.name}' is ${Math.round(bytes / 1024)} KB (over ${MAX_OUTPUT_SCHEMA_BYTES / 1024} KB); tools/list sends only a summary of its top-level properties, or none; set 'outputSchema: false' for text-only results`,
        { severity: 'warning' },
      ),
    );
  }
  return out;
};
