/**
 * The tools/list budget (generator/plan/budget.ts): a tool over it is cut down to fit,
 * only ever loosened, so everything the full schemas accepted is still accepted; a tool
 * within it is left as it was.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../generator/analyze.ts';
import { bytesOf, DEFAULT_BUDGET, fitBudget } from '../../generator/plan/budget.ts';
import { compileArgValidators, lazyOutputValidators } from '../../runtime/mcp/arg-validators.ts';
import type { ToolDefinition } from '../../runtime/tools/types.ts';
import { makeProject } from './project.ts';

const long = (words: number) => Array.from({ length: words }, (_, i) => `word${i}`).join(' ');

/** A GitHub-like response model: many properties, nested objects, strict deep down. */
function repositorySchema(): NonNullable<ToolDefinition['outputSchema']> {
  const properties: Record<string, unknown> = {};
  for (let i = 0; i < 60; i++) properties[`field_${i}`] = { type: 'string', description: long(30), format: 'uri' };
  properties.owner = { $ref: '#/$defs/simple-user' };
  properties.topics = { type: 'array', items: { type: 'string', enum: ['a', 'b'] } };
  properties.visibility = { type: 'string', enum: ['public', 'private'] };
  return {
    type: 'object',
    properties,
    required: ['owner', 'field_0'],
    additionalProperties: false,
    $defs: {
      'simple-user': {
        type: 'object',
        description: long(40),
        properties: { login: { type: 'string' }, id: { type: 'integer', minimum: 1 } },
        required: ['login', 'id'],
        additionalProperties: false,
      },
    },
  };
}

const realResponse = {
  ...Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`field_${i}`, `https://example.com/${i}`])),
  owner: { login: 'octocat', id: 1 },
  topics: ['a'],
  visibility: 'public',
};

const tool = (extra: Partial<ToolDefinition> = {}): ToolDefinition => ({
  name: 'get-repo',
  description: 'Gets a repository.',
  inputSchema: { type: 'object', properties: { owner: { type: 'string' } }, required: ['owner'] },
  ...extra,
});

describe('the tools/list budget', () => {
  it('leaves a tool within the budget exactly as it was', () => {
    const small = tool({ outputSchema: { type: 'object', properties: { id: { type: 'integer' } } } });
    expect(fitBudget(small)).toBe(small);
  });

  it('summarises a large output schema under the budget, and the summary still validates a real response', () => {
    const full = repositorySchema();
    expect(bytesOf(full)).toBeGreaterThan(DEFAULT_BUDGET.outputSchemaBytes);
    const fullCheck = lazyOutputValidators([tool({ outputSchema: full })])('get-repo')!;
    expect(fullCheck(realResponse)).toEqual({ ok: true });

    const fitted = fitBudget(tool({ outputSchema: full }));
    expect(fitted.outputSchema).toBeDefined();
    expect(bytesOf(fitted.outputSchema)).toBeLessThanOrEqual(DEFAULT_BUDGET.outputSchemaBytes);
    expect(Object.keys(fitted.outputSchema!.properties as object)).toEqual(Object.keys(full.properties as object));
    expect(fitted.outputSchema).not.toHaveProperty('required');
    expect(fitted.outputSchema).not.toHaveProperty('additionalProperties');
    const summaryCheck = lazyOutputValidators([fitted])('get-repo')!;
    expect(summaryCheck(realResponse)).toEqual({ ok: true });
  });

  it('keeps the types of summarised properties, following $ref', () => {
    const fitted = fitBudget(tool({ outputSchema: repositorySchema() }));
    const properties = fitted.outputSchema!.properties as Record<string, Record<string, unknown>>;
    expect(properties.owner).toMatchObject({ type: 'object' });
    expect(properties.topics).toEqual({ type: 'array', items: { type: 'string' } });
  });

  it('drops an output schema that cannot be summarised under the budget, so the tool returns text only', () => {
    const properties = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`a_rather_long_property_name_${i}`, { type: 'string' }]));
    const fitted = fitBudget(tool({ outputSchema: { type: 'object', properties } }));
    expect(fitted).not.toHaveProperty('outputSchema');
    expect(fitted.name).toBe('get-repo');
  });

  it('cuts a tool description over the bound with an ellipsis', () => {
    const fitted = fitBudget(tool({ description: 'x'.repeat(5000) }));
    expect(fitted.description).toHaveLength(DEFAULT_BUDGET.descriptionChars);
    expect(fitted.description.endsWith('…')).toBe(true);
  });

  it('cuts long argument descriptions first, keeping the input schema otherwise whole', () => {
    const properties = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`arg${i}`, { type: 'integer', minimum: 1, description: 'd'.repeat(2000) }]));
    const fitted = fitBudget(tool({ inputSchema: { type: 'object', properties, additionalProperties: false } }));
    const arg0 = (fitted.inputSchema.properties as Record<string, Record<string, unknown>>).arg0!;
    expect(arg0.minimum).toBe(1);
    expect(arg0.description as string).toHaveLength(DEFAULT_BUDGET.propertyDescriptionChars);
    expect(fitted.inputSchema.additionalProperties).toBe(false);
    expect(bytesOf(fitted.inputSchema)).toBeLessThanOrEqual(DEFAULT_BUDGET.inputSchemaBytes);
  });

  it('loosens a deep input schema over the budget so every argument that was valid still is', () => {
    const rule = (i: number) => ({ type: 'object', properties: { kind: { const: `rule${i}` }, parameters: { type: 'object', properties: { pattern: { type: 'string', description: long(20) } }, required: ['pattern'] } }, required: ['kind'] });
    const $defs = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`rule-${i}`, rule(i)]));
    const inputSchema = {
      type: 'object' as const,
      properties: {
        org: { type: 'string', description: 'The organization.' },
        enforcement: { type: 'string', enum: ['active', 'disabled'] },
        rules: { type: 'array', items: { oneOf: Object.keys($defs).map((n) => ({ $ref: `#/$defs/${n}` })) } },
      },
      required: ['org'],
      additionalProperties: false,
      $defs,
    };
    const args = { org: 'acme', enforcement: 'active', rules: [{ kind: 'rule3', parameters: { pattern: 'x' } }] };
    expect(compileArgValidators([tool({ inputSchema })]).get('get-repo')!(args)).toEqual({ ok: true });

    const fitted = fitBudget(tool({ inputSchema }));
    expect(bytesOf(fitted.inputSchema)).toBeLessThanOrEqual(DEFAULT_BUDGET.inputSchemaBytes);
    expect(fitted.inputSchema.required).toEqual(['org']);
    expect((fitted.inputSchema.properties as Record<string, unknown>).enforcement).toEqual({ type: 'string', enum: ['active', 'disabled'] });
    expect(compileArgValidators([fitted]).get('get-repo')!(args)).toEqual({ ok: true });
    expect(compileArgValidators([fitted]).get('get-repo')!({})).toMatchObject({ ok: false });
  });
});

describe('a manifest file with a budget', () => {
  const activity = (name: string) => `  - name: ${name}\n    description: The signed-in user's activity log.\n    authType: user-token\n    operation: getUserActivity\n`;

  it("applies its budget to its own tools, and the defaults to other files' tools", () => {
    const p = makeProject({
      seedManifests: false,
      files: {
        'manifests/tight.yaml': `version: 1\napi: dta-wide\nbudget: { outputSchemaBytes: 256, descriptionChars: 64 }\ntools:\n${activity('tight-activity')}`,
        'manifests/plain.yaml': `version: 1\napi: dta-wide\ntools:\n${activity('plain-activity')}`,
      },
    });
    try {
      const analysis = analyze(p.root);
      expect(analysis.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const byName = new Map(analysis.plan.tools.map((t) => [t.name, t.definition]));
      const tight = byName.get('tight-activity')!;
      const plain = byName.get('plain-activity')!;
      expect(bytesOf(plain.outputSchema)).toBeGreaterThan(256);
      expect(tight.outputSchema === undefined || bytesOf(tight.outputSchema) <= 256).toBe(true);
      expect(tight.outputSchema).not.toEqual(plain.outputSchema);
    } finally {
      p.remove();
    }
  });
});
