/**
 * One fixture per rule (test/fixtures/rules/<rule-id>.yaml) that breaks exactly that
 * rule: the diagnostic carries the rule id, the severity, the line and the column —
 * and, where the cause is in the spec, the spec line too. Every rule the code can emit
 * is documented in docs/rules.md and has a fixture here (or is generate-only).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../generator/diagnostics.ts';
import { validate } from '../../generator/validate.ts';
import { REPO, type TempProject } from '../generator/project.ts';
import { RULE_FIXTURES, ruleProject } from './support.ts';

interface Want {
  line: number;
  column: number;
  severity?: 'error' | 'warning';
  /** Default: the fixture manifest. */
  file?: string;
  /** `file:line:col` of the spec location. */
  spec?: string;
}

const cases: Array<[string, Want]> = [
  ['yaml-syntax', { line: 8, column: 5 }],
  ['yaml-duplicate-key', { line: 8, column: 5 }],
  ['yaml-tab-indent', { line: 5, column: 1 }],
  ['schema-unknown-key', { line: 9, column: 5 }],
  ['schema-type', { line: 10, column: 22 }],
  ['schema-enum', { line: 7, column: 15 }],
  ['schema-required', { line: 5, column: 5 }],
  ['schema-invalid', { line: 4, column: 8 }],
  ['tool-name-invalid', { line: 5, column: 11 }],
  ['tool-name-too-long-with-prefix', { line: 5, column: 11, severity: 'warning' }],
  ['description-missing', { line: 6, column: 18 }],
  ['description-too-short', { line: 6, column: 18, severity: 'warning' }],
  ['description-large', { line: 6, column: 18, severity: 'warning' }],
  ['tool-kind', { line: 5, column: 5 }],
  ['api-missing', { line: 7, column: 5 }],
  ['input-required-unknown', { line: 12, column: 17 }],
  ['duplicate-tool-name', { line: 9, column: 11 }],
  ['spec-not-found', { line: 3, column: 6 }],
  ['spec-invalid', { line: 3, column: 6, spec: 'openapi/swagger-two.yaml:1:1' }],
  ['spec-ambiguous', { line: 3, column: 6 }],
  ['spec-ref-unresolved', { line: 8, column: 16, spec: 'openapi/broken-ref.yaml:8:11' }],
  ['spec-ref-outside', { file: 'openapi/outside-ref.yaml', line: 8, column: 17 }],
  ['operation-not-found', { line: 8, column: 16, spec: 'openapi/rules-api.yaml:10:1' }],
  ['map-unknown-target', { line: 13, column: 14, spec: 'openapi/rules-api.yaml:16:9' }],
  ['map-ambiguous', { line: 11, column: 9, spec: 'openapi/rules-api.yaml:16:9' }],
  ['map-type-mismatch', { line: 11, column: 9, spec: 'openapi/rules-api.yaml:16:45' }],
  ['map-credential', { line: 13, column: 14, spec: 'openapi/rules-api.yaml:17:11' }],
  ['fixed-credential', { line: 10, column: 7 }],
  ['map-unknown-argument', { line: 13, column: 7 }],
  ['map-duplicate-target', { line: 14, column: 12 }],
  ['required-param-missing', { line: 8, column: 16, spec: 'openapi/rules-api.yaml:45:11' }],
  ['required-body-missing', { line: 8, column: 16, spec: 'openapi/rules-api.yaml:30:9' }],
  ['required-arg-optional', { line: 11, column: 9 }],
  ['input-schema-invalid', { line: 11, column: 24 }],
  ['input-ref-unresolved', { line: 11, column: 24 }],
  ['handler-not-found', { line: 7, column: 14 }],
  ['duplicate-prompt-name', { line: 7, column: 11 }],
  ['duplicate-prompt-argument', { line: 7, column: 15 }],
  ['prompt-message-kind', { line: 6, column: 9 }],
  ['prompt-argument-unknown', { line: 8, column: 29 }],
  ['prompt-image-not-found', { line: 6, column: 30 }],
  ['prompt-image-outside', { line: 6, column: 30 }],
  ['prompt-image-type', { line: 6, column: 30 }],
  ['prompt-completion-conflict', { line: 17, column: 9 }],
  ['completion-tool-unknown', { line: 16, column: 27 }],
  ['completion-param-unknown', { line: 16, column: 68 }],
  ['completion-variable-unknown', { line: 10, column: 7 }],
  ['body-without-schema', { line: 8, column: 16, severity: 'warning' }],
  ['output-schema-large', { line: 5, column: 11, severity: 'warning' }],
  ['annotation-contradicts-method', { line: 10, column: 7, spec: 'openapi/rules-api.yaml:12:5' }],
  ['auth-without-security', { line: 7, column: 15, severity: 'warning', spec: 'openapi/rules-api.yaml:61:7' }],
  ['security-without-auth', { line: 7, column: 15, severity: 'warning', spec: 'openapi/rules-api.yaml:8:1' }],
  ['resource-kind', { line: 7, column: 5 }],
  ['duplicate-resource', { line: 8, column: 10 }],
  ['resource-file-invalid', { line: 6, column: 11 }],
  ['resource-template-invalid', { line: 6, column: 18 }],
  ['resource-variable-unknown', { line: 6, column: 18, spec: 'openapi/rules-api.yaml:13:7' }],
  ['generated-stale', { file: 'generated/index.gen.ts', line: 1, column: 1 }],
];

/** Rules no validate fixture can show: a backstop, and the two `generate` adds (tested in test/generator). */
const WITHOUT_FIXTURE = ['schema-dangling-ref', 'spec-types-failed', 'typecheck'];

describe('each rule fixture breaks exactly its rule, at a known place', () => {
  const projects: TempProject[] = [];
  afterAll(() => projects.forEach((p) => p.remove()));

  it.each(cases)('%s', async (ruleId, want) => {
    const p = ruleProject(ruleId);
    projects.push(p);
    const diagnostics = await validate({ root: p.root, drift: ruleId === 'generated-stale' });
    const listing = diagnostics.map(formatDiagnostic).join('\n');
    expect(diagnostics.length, listing).toBeGreaterThan(0);
    expect(diagnostics.every((d) => d.ruleId === ruleId), listing).toBe(true);
    if (ruleId !== 'generated-stale') expect(diagnostics, listing).toHaveLength(1);
    const [d] = diagnostics;
    expect(d).toMatchObject({ severity: want.severity ?? 'error', file: want.file ?? `manifests/${ruleId}.yaml`, line: want.line, column: want.column });
    if (want.spec) {
      const s = d?.specLocation;
      expect(s && `${s.file}:${s.line}:${s.column}`).toBe(want.spec);
    }
  });
});

describe('the rule catalogue', () => {
  const documented = [...readFileSync(join(REPO, 'docs', 'rules.md'), 'utf8').matchAll(/^\| `([a-z]+(?:-[a-z]+)+)` \| (?:error|warning)/gm)].map((m) => m[1] ?? '');

  it('documents every rule id the generator can emit', () => {
    const emitted = new Set<string>();
    for (const entry of readdirSync(join(REPO, 'generator'), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
      const text = readFileSync(join(entry.parentPath, entry.name), 'utf8');
      for (const m of text.matchAll(/(?:diagnostic\(\s*|ruleId: \(?|\| |\?\? |[A-Z_]+: )'([a-z]+(?:-[a-z]+)+)'/g)) emitted.add(m[1] ?? '');
    }
    expect([...emitted].filter((id) => !documented.includes(id)).sort()).toEqual([]);
    expect(emitted.size).toBeGreaterThan(30);
  });

  it('has a fixture and a case for every documented rule', () => {
    const fixtures = readdirSync(RULE_FIXTURES).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, ''));
    const tested = cases.map(([id]) => id);
    const needed = documented.filter((id) => !WITHOUT_FIXTURE.includes(id));
    expect(needed.filter((id) => !fixtures.includes(id) || !tested.includes(id))).toEqual([]);
    expect(fixtures.filter((id) => !documented.includes(id))).toEqual([]);
  });
});
