import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SchemaConverter, type Schema } from '../../generator/openapi/json-schema.ts';
import { isSpecProblem, loadApiSpec, type ApiSpec } from '../../generator/openapi/spec.ts';
import { openProject } from '../../generator/project.ts';
import { makeProject, type TempProject } from './project.ts';

/** Each case is one schema under components/schemas/Given of a 3.0 or 3.1 spec. */
const cases: Array<[string, { version: '3.0.3' | '3.1.0'; given: unknown; want: Schema }]> = [
  ['3.0 nullable string', { version: '3.0.3', given: { type: 'string', nullable: true }, want: { type: ['string', 'null'] } }],
  ['3.0 nullable enum gets null', { version: '3.0.3', given: { type: 'string', enum: ['a'], nullable: true }, want: { type: ['string', 'null'], enum: ['a', null] } }],
  ['3.0 nullable without type', { version: '3.0.3', given: { description: 'x', nullable: true }, want: { anyOf: [{ description: 'x' }, { type: 'null' }] } }],
  ['3.0 boolean exclusiveMaximum', { version: '3.0.3', given: { type: 'number', maximum: 5, exclusiveMaximum: true }, want: { type: 'number', exclusiveMaximum: 5 } }],
  ['3.0 false exclusiveMinimum dropped', { version: '3.0.3', given: { type: 'number', minimum: 1, exclusiveMinimum: false }, want: { type: 'number', minimum: 1 } }],
  ['example becomes examples', { version: '3.0.3', given: { type: 'string', example: 'x' }, want: { type: 'string', examples: ['x'] } }],
  ['OpenAPI-only keywords dropped', { version: '3.0.3', given: { type: 'object', discriminator: { propertyName: 'k' }, xml: { name: 'a' }, 'x-go-type': 'T', externalDocs: { url: 'u' } }, want: { type: 'object' } }],
  ['3.0 $ref siblings ignored', { version: '3.0.3', given: { $ref: '#/components/schemas/Other', description: 'ignored' }, want: { $ref: '#/$defs/Other' } }],
  ['3.1 $ref siblings kept', { version: '3.1.0', given: { $ref: '#/components/schemas/Other', description: 'kept' }, want: { $ref: '#/$defs/Other', description: 'kept' } }],
  ['tuple items become prefixItems', { version: '3.1.0', given: { type: 'array', items: [{ type: 'string' }] }, want: { type: 'array', prefixItems: [{ type: 'string' }] } }],
  ['nested refs rewritten', { version: '3.1.0', given: { type: 'object', properties: { o: { type: 'array', items: { $ref: '#/components/schemas/Other' } } } }, want: { type: 'object', properties: { o: { type: 'array', items: { $ref: '#/$defs/Other' } } } } }],
];

describe('SchemaConverter', () => {
  const projects: TempProject[] = [];
  afterAll(() => projects.forEach((p) => p.remove()));

  const specWith = (version: string, given: unknown): ApiSpec => {
    const p = makeProject({ seedManifests: false, seedSpecs: false });
    projects.push(p);
    p.write('openapi/t.json', JSON.stringify({ openapi: version, info: { title: 't', version: '1' }, paths: {}, components: { schemas: { Given: given, Other: { type: 'string' } } } }));
    const spec = loadApiSpec(openProject(p.root), 't');
    if (isSpecProblem(spec)) throw new Error(spec.message);
    return spec;
  };

  it.each(cases)('%s', (_name, { version, given, want }) => {
    const spec = specWith(version, given);
    const converter = new SchemaConverter(spec);
    expect(converter.convertAt({ doc: spec.abs, path: ['components', 'schemas', 'Given'] })).toEqual(want);
  });

  describe('names', () => {
    let spec: ApiSpec;
    beforeAll(() => {
      spec = specWith('3.1.0', { type: 'string' });
    });

    it('gives a reserved name a numbered twin', () => {
      const converter = new SchemaConverter(spec, ['Other']);
      expect(converter.refTo({ doc: spec.abs, path: ['components', 'schemas', 'Other'] })).toBe('#/$defs/Other2');
      expect(converter.defs()).toEqual({ Other2: { type: 'string' } });
    });

    it('converts each target once however often it is referenced', () => {
      const converter = new SchemaConverter(spec);
      const at = { doc: spec.abs, path: ['components', 'schemas', 'Other'] };
      expect(converter.refTo(at)).toBe(converter.refTo(at));
      expect(Object.keys(converter.defs())).toEqual(['Other']);
    });
  });
});
