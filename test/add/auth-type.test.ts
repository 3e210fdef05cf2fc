/** The authType `add` writes when `--auth` is not given: from the operation's security. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inferAuthType } from '../../generator/authoring/derive.ts';
import { findOperation } from '../../generator/openapi/operations.ts';
import { isSpecProblem, loadApiSpec, type ApiSpec } from '../../generator/openapi/spec.ts';
import { openProject } from '../../generator/project.ts';
import { makeProject, type TempProject } from '../generator/project.ts';

const SPEC = `openapi: 3.1.0
info: { title: t, version: '1' }
security: [{ bearer: [] }]
components:
  securitySchemes:
    bearer: { type: http, scheme: bearer }
paths:
  /inherits: { get: { operationId: inherits, responses: { '200': { description: ok } } } }
  /public: { get: { operationId: public, security: [], responses: { '200': { description: ok } } } }
  /optional: { get: { operationId: optional, security: [{}, { bearer: [] }], responses: { '200': { description: ok } } } }
  /own: { get: { operationId: own, security: [{ bearer: [] }], responses: { '200': { description: ok } } } }
`;

describe('inferAuthType', () => {
  let p: TempProject;
  let spec: ApiSpec;
  beforeAll(() => {
    p = makeProject({ seedManifests: false, seedSpecs: false, files: { 'openapi/t.yaml': SPEC, 'openapi/bare.yaml': SPEC.replace(/^security:.*\n/m, '').replace(/security: \[\{ bearer: \[\] \}\], /g, '') } });
    const loaded = loadApiSpec(openProject(p.root), 't');
    if (isSpecProblem(loaded)) throw new Error(loaded.message);
    spec = loaded;
  });
  afterAll(() => p.remove());

  it.each([
    ['user-token for security inherited from the spec', 'inherits', 'user-token'],
    ['none for an explicit empty security list', 'public', 'none'],
    ['none when an empty requirement makes auth optional', 'optional', 'none'],
    ["user-token for the operation's own requirement", 'own', 'user-token'],
  ])('%s', (_what, id, want) => {
    const ref = findOperation(spec, id);
    expect(ref).toBeDefined();
    expect(inferAuthType(spec, ref!)).toBe(want);
  });

  it('none when neither the operation nor the spec has security', () => {
    const bare = loadApiSpec(openProject(p.root), 'bare');
    if (isSpecProblem(bare)) throw new Error(bare.message);
    expect(inferAuthType(bare, findOperation(bare, 'inherits')!)).toBe('none');
  });
});
