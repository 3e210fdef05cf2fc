/**
 * Names from a spec are data, never code: a parameter or property name with quotes,
 * backslashes or line terminators is emitted as an escaped string, the generated code
 * still type-checks, and nothing it names runs.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { generate } from '../../generator/index.ts';
import { makeProject, type TempProject } from './project.ts';

const HOSTILE_PARAM = "x'\nglobalThis.PWNED = 1 //";
const HOSTILE_FIELD = "y\u2028'); globalThis.PWNED = 2; ('";

const SPEC = `openapi: 3.1.0
info: { title: Hostile, version: 1.0.0 }
paths:
  /things:
    post:
      operationId: makeThing
      parameters:
        - name: ${JSON.stringify(HOSTILE_PARAM)}
          in: query
          schema: { type: string }
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties:
                ${JSON.stringify(HOSTILE_FIELD)}: { type: string, enum: ["a'\\nb"] }
      responses:
        '200': { description: ok }
`;

const MANIFEST = `version: 1
api: hostile
tools:
  - name: make-thing
    description: Makes a thing from hostile names.
    authType: none
    operation: makeThing
`;

let project: TempProject;
afterAll(() => project?.remove());

describe('names from the spec in generated code', () => {
  it('are escaped string literals; the output type-checks and runs nothing', async () => {
    project = makeProject({ seedManifests: false, seedSpecs: false, files: { 'openapi/hostile.yaml': SPEC, 'manifests/hostile.yaml': MANIFEST } });
    await generate({ root: project.root }); // includes the type-check; throws on failure
    const code = project.read('generated/tools/make-thing.gen.ts');
    for (const line of code.split('\n')) {
      expect(line.trimStart().startsWith('globalThis.PWNED')).toBe(false);
    }
    expect(code).not.toMatch(/[\u2028\u2029]/);
    expect(code).toContain("'x\\'\\u000aglobalThis.PWNED = 1 //'");
    const { tool } = (await import(`${project.root}/generated/tools/make-thing.gen.ts`)) as { tool: { definition: { name: string } } };
    expect(tool.definition.name).toBe('make-thing');
    expect((globalThis as { PWNED?: number }).PWNED).toBeUndefined();
  });
});
