/**
 * examples/github: 68 tools on GitHub's REST API, every entry written by `dta-mcp add`.
 * They validate, generate and type-check; their input schemas are JSON Schema 2020-12
 * that ajv compiles in strict mode with no dangling `$ref`.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, type Analysis } from '../../generator/analyze.ts';
import { generate, type GenerateResult } from '../../generator/generate.ts';
import { danglingRefs } from '../../generator/openapi/json-schema.ts';
import type { UpstreamPlan } from '../../generator/plan/types.ts';
import type { TempProject } from '../generator/project.ts';
import { exampleCopy } from './github-project.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
/** The input schema as converted from the spec, before the tools/list budget loosened what clients see. */
const fullInput = (t: UpstreamPlan) => t.argsSchema ?? t.definition.inputSchema;

describe('the GitHub example (examples/github)', () => {
  let p: TempProject;
  let analysis: Analysis;
  let generated: GenerateResult;
  let upstream: UpstreamPlan[];

  beforeAll(async () => {
    p = exampleCopy();
    analysis = analyze(p.root);
    upstream = analysis.plan.tools.filter((t): t is UpstreamPlan => t.kind === 'upstream');
    generated = await generate({ root: p.root });
  }, 120_000);
  afterAll(() => p.remove());

  it('has at least 50 tools, all on the github API', () => {
    expect(upstream.length).toBeGreaterThanOrEqual(50);
    expect(new Set(upstream.map((t) => t.api))).toEqual(new Set(['github']));
  });

  it('validates with no errors', () => {
    expect(analysis.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it.each([
    ['path parameters', (t: UpstreamPlan) => t.bindings.some((b) => b.target.kind === 'param' && b.target.in === 'path')],
    ['query parameters', (t: UpstreamPlan) => t.bindings.some((b) => b.target.kind === 'param' && b.target.in === 'query')],
    ['body fields', (t: UpstreamPlan) => t.bindings.some((b) => b.target.kind === 'body-field')],
    ['a whole (oneOf) body', (t: UpstreamPlan) => t.bindings.some((b) => b.target.kind === 'body')],
    ['arrays', (t: UpstreamPlan) => JSON.stringify(fullInput(t)).includes('"type":"array"')],
    ['enums', (t: UpstreamPlan) => JSON.stringify(fullInput(t)).includes('"enum"')],
    ['oneOf', (t: UpstreamPlan) => JSON.stringify(fullInput(t)).includes('"oneOf"')],
    ['allOf', (t: UpstreamPlan) => JSON.stringify(fullInput(t)).includes('"allOf"')],
    ['text responses', (t: UpstreamPlan) => t.parseAs === 'text'],
    ['binary or redirect-only responses', (t: UpstreamPlan) => t.parseAs === 'blob'],
  ])('covers %s', (_what, has) => {
    expect(upstream.some(has)).toBe(true);
  });

  it('generates a handler per tool, the registry and types, and they type-check', () => {
    expect(generated.files).toContain('generated/github.d.ts');
    expect(generated.files).toContain('generated/index.gen.ts');
    expect(generated.files.filter((f) => f.startsWith('generated/tools/') && f.endsWith('.gen.ts'))).toHaveLength(analysis.plan.tools.length);
  });

  it('writes types only for the operations the tools call', () => {
    const types = p.read('generated/github.d.ts');
    const paths = new Set(upstream.map((t) => t.path));
    const declared = [...types.slice(0, types.indexOf('export type webhooks')).matchAll(/^ {4}"(\/[^"]*)": \{$/gm)].map((m) => m[1]);
    expect(new Set(declared)).toEqual(paths);
  });

  it('compiles every input schema with ajv (2020-12, strict) with no dangling $ref', () => {
    const ajv = addFormats(new Ajv2020({ strict: true, allErrors: true }));
    // 2020-12 formats are annotations unless a validator knows them; GitHub's own
    // (`repo.nwo`, owner/name) is declared as such, any other unknown one still fails.
    ajv.addFormat('repo.nwo', true);
    for (const tool of analysis.plan.tools) {
      const schema = tool.definition.inputSchema;
      expect(danglingRefs(schema, (schema.$defs ?? {}) as Record<string, unknown>), tool.name).toEqual([]);
      expect(() => ajv.compile(schema), tool.name).not.toThrow();
    }
  });

  it.each([
    ['markdown-render', "parseAs: 'text'"],
    ['meta-get-zen', "parseAs: 'text'"],
    ['repos-download-tarball-archive', "parseAs: 'blob'"],
    ['actions-download-workflow-run-logs', "parseAs: 'blob'"],
  ])('%s reads its non-JSON body with %s', (name, want) => {
    expect(p.read(`generated/tools/${name}.gen.ts`)).toContain(want);
  });

  it('lists its tools in under 150 KB of JSON, no tool over 8 KB (the tools/list budget)', () => {
    const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
    const definitions = analysis.plan.tools.map((t) => t.definition);
    expect(bytes({ tools: definitions })).toBeLessThan(150 * 1024);
    for (const d of definitions) expect(bytes(d), d.name).toBeLessThanOrEqual(8 * 1024);
  });

  it('leaves JSON handlers on the default parser', () => {
    expect(p.read('generated/tools/repos-get.gen.ts')).not.toContain('parseAs');
  });
});
