/** The spec openapi-typescript sees: only the operations in use and what they reach. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneSpec } from '../../generator/openapi/prune.ts';
import { isSpecProblem, loadApiSpec, type ApiSpec } from '../../generator/openapi/spec.ts';
import { openProject } from '../../generator/project.ts';
import { makeProject, type TempProject } from '../generator/project.ts';

const SPEC = {
  openapi: '3.0.3',
  info: { title: 't', version: '1' },
  servers: [{ url: 'https://api.example.com' }],
  paths: {
    '/a': {
      parameters: [{ $ref: '#/components/parameters/Page' }],
      get: { operationId: 'getA', responses: { '200': { $ref: '#/components/responses/A' } } },
      delete: { operationId: 'deleteA', responses: { '204': { description: 'gone' } } },
    },
    '/b': { get: { operationId: 'getB', responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/B' } } } } } } },
  },
  components: {
    parameters: { Page: { name: 'page', in: 'query', schema: { type: 'integer' } } },
    responses: { A: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/A' } } } } },
    schemas: {
      A: { type: 'object', properties: { pet: { $ref: '#/components/schemas/Pet' } } },
      Pet: { oneOf: [{ $ref: '#/components/schemas/Cat' }], discriminator: { propertyName: 'kind', mapping: { dog: '#/components/schemas/Dog' } } },
      Cat: { type: 'object', properties: { kind: { type: 'string' }, friend: { $ref: '#/components/schemas/Pet' } } },
      Dog: { type: 'object' },
      B: { type: 'string' },
    },
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
  },
};

describe('pruneSpec', () => {
  let p: TempProject;
  let spec: ApiSpec;
  beforeAll(() => {
    p = makeProject({ seedManifests: false, seedSpecs: false, files: { 'openapi/t.json': JSON.stringify(SPEC), 'openapi/ext.yaml': 'openapi: 3.1.0\ninfo: { title: t, version: "1" }\npaths:\n  /x: { get: { responses: { "200": { $ref: "./other.yaml#/R" } } } }\n', 'openapi/other.yaml': 'R: { description: ok }\n' } });
    const loaded = loadApiSpec(openProject(p.root), 't');
    if (isSpecProblem(loaded)) throw new Error(loaded.message);
    spec = loaded;
  });
  afterAll(() => p.remove());

  it('keeps only the operations in use, with their path-level parameters', () => {
    const pruned = pruneSpec(spec, [{ method: 'get', path: '/a' }]);
    expect(pruned?.paths).toEqual({ '/a': { parameters: SPEC.paths['/a'].parameters, get: SPEC.paths['/a'].get } });
    expect(pruned).toMatchObject({ openapi: '3.0.3', info: SPEC.info, servers: SPEC.servers });
  });

  it('keeps every component reached through $ref, transitively, cycles and discriminator mappings included', () => {
    const pruned = pruneSpec(spec, [{ method: 'get', path: '/a' }]);
    expect(pruned?.components).toEqual({
      parameters: { Page: SPEC.components.parameters.Page },
      responses: { A: SPEC.components.responses.A },
      schemas: { A: SPEC.components.schemas.A, Pet: SPEC.components.schemas.Pet, Cat: SPEC.components.schemas.Cat, Dog: SPEC.components.schemas.Dog },
      securitySchemes: SPEC.components.securitySchemes,
    });
  });

  it('returns a copy: the loaded spec is never touched', () => {
    const pruned = pruneSpec(spec, [{ method: 'get', path: '/b' }]) as { components: { schemas: Record<string, unknown> } };
    pruned.components.schemas.B = 'changed';
    expect(spec.docs.at({ doc: spec.abs, path: ['components', 'schemas', 'B'] })).toEqual({ type: 'string' });
  });

  it('gives up (undefined) on a $ref to another file, so the caller reads the spec whole', () => {
    const ext = loadApiSpec(openProject(p.root), 'ext');
    if (isSpecProblem(ext)) throw new Error(ext.message);
    expect(pruneSpec(ext, [{ method: 'get', path: '/x' }])).toBeUndefined();
  });
});
