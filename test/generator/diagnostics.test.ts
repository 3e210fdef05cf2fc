import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../generator/diagnostics.ts';
import { GeneratedTypeError, ManifestError } from '../../generator/errors.ts';
import { generate } from '../../generator/generate.ts';
import { validate } from '../../generator/validate.ts';
import { fixture, makeProject, type TempProject } from './project.ts';

interface Case {
  given: string;
  want: { ruleId: string; line: number; column: number; message: RegExp };
}

/** Each fixture in test/fixtures/manifests/ breaks exactly one thing. */
const cases: Array<[string, Case]> = [
  ['malformed YAML', { given: 'malformed-yaml.yaml', want: { ruleId: 'yaml-syntax', line: 8, column: 5, message: /end with a \}/ } }],
  ['a duplicate key', { given: 'duplicate-key.yaml', want: { ruleId: 'yaml-duplicate-key', line: 7, column: 5, message: /unique/ } }],
  ['a tab as indentation', { given: 'tab-indent.yaml', want: { ruleId: 'yaml-tab-indent', line: 5, column: 1, message: /Tabs/ } }],
  ['an unknown key', { given: 'unknown-key.yaml', want: { ruleId: 'schema-unknown-key', line: 8, column: 5, message: /unknown key 'summary' in tool 'get-user-profile'/ } }],
  ['an unknown authType', { given: 'unknown-auth-type.yaml', want: { ruleId: 'schema-enum', line: 6, column: 15, message: /authType must be one of none, service-account, user-token \(got "user_token"\)/ } }],
  ['a value of the wrong type', { given: 'wrong-type.yaml', want: { ruleId: 'schema-type', line: 9, column: 21, message: /readOnlyHint must be true or false/ } }],
  ['an unknown operationId', { given: 'unknown-operation.yaml', want: { ruleId: 'operation-not-found', line: 7, column: 16, message: /operation 'getUserActivities' is not in openapi\/dta-wide.yaml \(did you mean .*'getUserActivity'/ } }],
  ['a missing spec file', { given: 'missing-spec.yaml', want: { ruleId: 'spec-not-found', line: 2, column: 6, message: /no spec for API 'no-such-api'/ } }],
  ['a spec that is not OpenAPI 3', { given: 'not-openapi.yaml', want: { ruleId: 'spec-invalid', line: 2, column: 6, message: /openapi\/swagger-two.yaml is not an OpenAPI 3.0 or 3.1 document/ } }],
  ['an argument with no parameter of its name', { given: 'map-missing-parameter.yaml', want: { ruleId: 'map-unknown-target', line: 11, column: 9, message: /argument 'days' .* no parameter named 'days'/ } }],
  ['an argument mapped onto a missing parameter', { given: 'map-onto-missing-parameter.yaml', want: { ruleId: 'map-unknown-target', line: 12, column: 17, message: /'query.hoursBack'.* no query parameter 'hoursBack'/ } }],
  ['an argument of the wrong type', { given: 'map-wrong-type.yaml', want: { ruleId: 'map-type-mismatch', line: 10, column: 9, message: /argument 'limit' does not fit query parameter 'limit': the argument is string but the target takes integer/ } }],
  ['a $ref to a missing file in the spec', { given: 'broken-ref.yaml', want: { ruleId: 'spec-ref-unresolved', line: 7, column: 16, message: /points at a missing file openapi\/shared\/missing.yaml/ } }],
  ['an input schema that is not JSON Schema', { given: 'invalid-input-schema.yaml', want: { ruleId: 'input-schema-invalid', line: 10, column: 24, message: /not valid JSON Schema 2020-12 at \/properties\/hours\/type/ } }],
  ['an enum value the upstream rejects', { given: 'map-wrong-enum.yaml', want: { ruleId: 'map-type-mismatch', line: 13, column: 14, message: /"sepia"/ } }],
];

describe('each bad manifest gives one clear, located diagnostic', () => {
  const projects: TempProject[] = [];
  afterAll(() => projects.forEach((p) => p.remove()));

  it.each(cases)('%s', async (_name, { given, want }) => {
    const p = makeProject({
      seedManifests: false,
      files: {
        [`manifests/${given}`]: fixture(`manifests/${given}`),
        'openapi/swagger-two.yaml': fixture('openapi/swagger-two.yaml'),
        'openapi/broken-ref.yaml': fixture('openapi/broken-ref.yaml'),
      },
    });
    projects.push(p);
    const diagnostics = await validate({ root: p.root });
    expect(diagnostics, diagnostics.map(formatDiagnostic).join('\n')).toHaveLength(1);
    const [d] = diagnostics;
    expect(d).toMatchObject({ ruleId: want.ruleId, severity: 'error', file: `manifests/${given}`, line: want.line, column: want.column });
    expect(d?.message).toMatch(want.message);
  });
});

describe('generate refuses a mis-mapped manifest', () => {
  let p: TempProject;
  afterAll(() => p.remove());

  it('throws a ManifestError naming the manifest file and line, and writes nothing', async () => {
    p = makeProject({ seedManifests: false, files: { 'manifests/m.yaml': fixture('manifests/map-wrong-type.yaml') } });
    const error = await generate({ root: p.root }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as ManifestError).code).toBe('manifest_invalid');
    expect((error as ManifestError).diagnostics.map(formatDiagnostic)).toEqual([
      expect.stringMatching(/^manifests\/m\.yaml:10:9 error \[map-type-mismatch\] argument 'limit'/),
    ]);
    expect(() => p.read('generated/index.gen.ts')).toThrow();
  });
});

describe('the type-check backstop', () => {
  let p: TempProject;
  afterAll(() => p.remove());

  it('maps a TypeScript error in a generated handler back to the manifest line', async () => {
    // The cross-check compares top-level types only; a nested property of the wrong
    // type (theme: integer, the body wants "light" | "dark" | "system") is left to tsc.
    p = makeProject({ seedManifests: false, files: { 'manifests/m.yaml': fixture('manifests/backstop-nested-type.yaml') } });
    expect(await validate({ root: p.root })).toEqual([]);
    const error = await generate({ root: p.root }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GeneratedTypeError);
    const [d, ...rest] = (error as GeneratedTypeError).diagnostics;
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ ruleId: 'typecheck', file: 'manifests/m.yaml', line: 16, column: 17 });
    expect(d?.message).toMatch(/generated\/tools\/update-user-settings\.gen\.ts:\d+:\d+\): TS2322: .*theme/);
    expect(() => p.read('generated/index.gen.ts')).toThrow();
  });
});

describe('the type-check backstop on a local handler', () => {
  let p: TempProject;
  afterAll(() => p.remove());

  it('names the manifest handler line when the module does not accept the declared arguments', async () => {
    p = makeProject({
      seedManifests: false,
      files: { 'manifests/m.yaml': fixture('manifests/local-handler-mismatch.yaml'), 'manifests/handlers/count.ts': fixture('handlers/count.ts') },
    });
    const error = await generate({ root: p.root }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GeneratedTypeError);
    const [d, ...rest] = (error as GeneratedTypeError).diagnostics;
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ ruleId: 'typecheck', file: 'manifests/m.yaml', line: 6, column: 14 });
    expect(d?.message).toMatch(/TS2322: .*count/);
  });
});
