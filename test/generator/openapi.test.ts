import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ToolDefinition } from '../../runtime/tools/types.ts';
import { analyze } from '../../generator/analyze.ts';
import { formatDiagnostic } from '../../generator/diagnostics.ts';
import { generate } from '../../generator/generate.ts';
import { danglingRefs } from '../../generator/openapi/json-schema.ts';
import { isSpecProblem, loadApiSpec } from '../../generator/openapi/spec.ts';
import { openProject } from '../../generator/project.ts';
import { validate } from '../../generator/validate.ts';
import { fixture, FIXTURES, makeProject, type TempProject } from './project.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

function fixtureSpecs(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(join(FIXTURES, 'openapi'), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const rel = join(entry.parentPath, entry.name).slice(join(FIXTURES, 'openapi').length + 1);
    files[`openapi/${rel}`] = fixture(`openapi/${rel}`);
  }
  return files;
}

describe('OpenAPI 3.0 YAML and 3.1 JSON specs with derived inputs', () => {
  let p: TempProject;
  let tools: Map<string, ToolDefinition>;

  beforeAll(() => {
    p = makeProject({ seedManifests: false, seedSpecs: false, files: { ...fixtureSpecs(), 'manifests/m.yaml': fixture('manifests/shop-and-pets.yaml') } });
    const analysis = analyze(p.root);
    expect(analysis.diagnostics.map(formatDiagnostic)).toEqual([]);
    tools = new Map(analysis.plan.tools.map((t) => [t.name, t.definition]));
  });
  afterAll(() => p.remove());

  it.each([
    ['shop-30', { version: '3.0', defaultBaseUrl: 'https://eu.shop.example/v1' }],
    ['pets-31', { version: '3.1', defaultBaseUrl: 'http://127.0.0.1:4020' }],
  ])('loads %s', (name, want) => {
    const spec = loadApiSpec(openProject(p.root), name);
    if (isSpecProblem(spec)) throw new Error(spec.message);
    expect({ version: spec.version, defaultBaseUrl: spec.defaultBaseUrl }).toEqual(want);
  });

  it('never exposes credential parameters as inputs', () => {
    expect(Object.keys(tools.get('list-items')?.inputSchema.properties as object)).toEqual(['shopId', 'limit', 'q', 'X-Request-Id']);
  });

  it('resolves a relative-file $ref and the refs inside that file', () => {
    const input = tools.get('create-item')?.inputSchema;
    expect(input?.properties).toEqual({
      shopId: { type: 'string', description: 'The shop.' },
      name: { type: 'string' },
      price: { $ref: '#/$defs/Money' },
      tag: { $ref: '#/$defs/Tag' },
    });
    expect(Object.keys(input?.$defs as object)).toEqual(['Money', 'Tag']);
    expect(input?.required).toEqual(['shopId', 'name', 'price']);
  });

  it('converts 3.0 specifics to JSON Schema 2020-12', () => {
    expect(tools.get('list-items')?.inputSchema.properties).toMatchObject({ q: { type: ['string', 'null'] } });
    expect(tools.get('get-category')?.inputSchema.properties).toEqual({ id: { type: 'integer', exclusiveMinimum: 0 } });
    const item = (tools.get('list-items')?.outputSchema?.$defs as Record<string, { properties: Record<string, unknown> }>).Item;
    expect(item?.properties).toMatchObject({ name: { type: 'string', examples: ['Lamp'] }, note: { type: ['string', 'null'] }, kind: { type: 'string' } });
    expect(JSON.stringify(item)).not.toMatch(/discriminator|x-internal|nullable|"example"/);
  });

  it('keeps cyclic schemas as self-referencing $defs', () => {
    expect(tools.get('get-category')?.outputSchema).toEqual({
      type: 'object',
      required: ['name'],
      properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/$defs/Category' } } },
      $defs: { Category: expect.objectContaining({ type: 'object' }) },
    });
  });

  it('every input and output schema compiles with ajv 2020 and has no dangling $ref', () => {
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats(ajv);
    for (const [name, d] of tools) {
      for (const schema of [d.inputSchema, d.outputSchema].filter((s) => s !== undefined)) {
        expect(danglingRefs(schema, (schema.$defs ?? {}) as Record<string, unknown>), name).toEqual([]);
        expect(() => ajv.compile(schema), name).not.toThrow();
      }
    }
    const validateCreate = ajv.compile(tools.get('create-item')?.inputSchema ?? {});
    expect(validateCreate({ shopId: 's', name: 'Lamp', price: { amount: 3, currency: 'EUR' } })).toBe(true);
    expect(validateCreate({ shopId: 's', name: 'Lamp', price: { amount: 3, currency: 'euro' } })).toBe(false);
  });

  it('defaults annotations from the method', () => {
    expect(tools.get('list-pets')?.annotations).toEqual({ readOnlyHint: true });
    expect(tools.get('create-item')?.annotations).toEqual({ readOnlyHint: false, destructiveHint: false });
    expect(tools.get('delete-pet')?.annotations).toEqual({ readOnlyHint: false, destructiveHint: true, idempotentHint: true });
  });

  it('generates code for both specs that type-checks', async () => {
    const result = await generate({ root: p.root });
    expect(result.files).toEqual(expect.arrayContaining(['generated/pets-31.d.ts', 'generated/shop-30.d.ts', 'generated/tools/create-item.gen.ts']));
    // A required credential header is typed by openapi-fetch; the handler leaves it to the runtime.
    expect(p.read('generated/tools/get-category.gen.ts')).toContain("'X-API-Key': undefined as never, // credential: set by the runtime, never by the model");
  });
});

describe('credentials', () => {
  let p: TempProject;
  afterAll(() => p.remove());

  it('refuses an argument mapped onto an apiKey header, naming the line and the spec parameter', async () => {
    p = makeProject({ seedManifests: false, seedSpecs: false, files: { ...fixtureSpecs(), 'manifests/m.yaml': fixture('manifests/credential-mapping.yaml') } });
    const diagnostics = await validate({ root: p.root });
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      "manifests/m.yaml:14:12 error [map-credential] argument 'key' would set header parameter 'X-API-Key', a credential; the runtime supplies credentials, never the model (spec openapi/shop-30.yaml:33:11)",
    ]);
  });
});
