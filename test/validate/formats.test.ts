/**
 * The three output formats of `dta-mcp validate`: text (with code frames; color only
 * on a terminal), json (every field, parseable) and github (workflow commands, escaped).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../generator/diagnostics.ts';
import { codeFrame } from '../../cli/format/code-frame.ts';
import { escapeData, escapeProperty } from '../../cli/format/github.ts';
import { formatters, shouldColor } from '../../cli/format/index.ts';
import { plain } from '../../cli/format/palette.ts';
import type { TempProject } from '../generator/project.ts';
import { cli, ruleProject, STACK_TRACE } from './support.ts';

const MANIFEST = ['version: 1', 'api: a', 'tools:', '  - name: x', '    operation: listItem', ''].join('\n');
const SPEC = ['openapi: 3.0.3', 'paths:', '  /items: {}', ''].join('\n');
const sources: Record<string, string> = { 'manifests/m.yaml': MANIFEST, 'openapi/a.yaml': SPEC };
const context = { readSource: (file: string) => sources[file], color: false };

const notFound: Diagnostic = {
  ruleId: 'operation-not-found',
  severity: 'error',
  message: "operation 'listItem' is not in openapi/a.yaml (did you mean 'listItems'?)",
  file: 'manifests/m.yaml',
  line: 5,
  column: 16,
  specLocation: { file: 'openapi/a.yaml', pointer: '#/paths', line: 2, column: 1 },
};
const warning: Diagnostic = { ruleId: 'description-too-short', severity: 'warning', message: 'one word', file: 'manifests/m.yaml', line: 4, column: 11 };

describe('code frames', () => {
  it('show the line with one line of context either side and a caret under the column', () => {
    expect(codeFrame(MANIFEST, 4, 11, { palette: plain })).toBe(['  3 | tools:', '> 4 |   - name: x', '    |           ^', '  5 |     operation: listItem', ''].join('\n'));
  });

  it('keep tabs in the caret line so the caret lines up', () => {
    expect(codeFrame('a\n\tb: 1\n', 2, 2, { palette: plain }).split('\n')[2]).toBe('    | \t^');
  });

  it('are empty for a line the file does not have, or an empty file', () => {
    expect(codeFrame('a: 1\n', 3, 1, { palette: plain })).toBe('');
    expect(codeFrame('', 1, 1, { palette: plain })).toBe('');
  });
});

describe('--format text', () => {
  it('prints the location line, the manifest frame, the spec frame and a summary', () => {
    const out = formatters.text([notFound, warning], context);
    expect(out).toBe(
      [
        "manifests/m.yaml:4:11 warning [description-too-short] one word",
        '    3 | tools:',
        '  > 4 |   - name: x',
        '      |           ^',
        '    5 |     operation: listItem',
        '',
        "manifests/m.yaml:5:16 error [operation-not-found] operation 'listItem' is not in openapi/a.yaml (did you mean 'listItems'?) (spec openapi/a.yaml:2:1)",
        '    4 |   - name: x',
        '  > 5 |     operation: listItem',
        '      |                ^',
        '  spec openapi/a.yaml:2:1',
        '    1 | openapi: 3.0.3',
        '  > 2 | paths:',
        '      | ^',
        '    3 |   /items: {}',
        '',
        '1 error, 1 warning',
        '',
      ].join('\n'),
    );
  });

  it('says the manifests are valid when there is nothing to report', () => {
    expect(formatters.text([], context)).toBe('manifests are valid\n');
  });

  it('colors only when asked to', () => {
    expect(formatters.text([notFound], context)).not.toContain('\u001b[');
    expect(formatters.text([notFound], { ...context, color: true })).toContain('\u001b[31m');
  });

  it.each([
    ['a terminal, NO_COLOR unset', true, {}, true],
    ['a terminal, NO_COLOR=1', true, { NO_COLOR: '1' }, false],
    ['a pipe', false, {}, false],
  ])('colors on %s: %s', (_name, isTTY, env, want) => {
    expect(shouldColor({ isTTY }, env)).toBe(want);
  });
});

describe('--format json', () => {
  it('is one parseable document with every field of every diagnostic and the counts', () => {
    const parsed = JSON.parse(formatters.json([notFound, warning], context)) as unknown;
    expect(parsed).toEqual({ summary: { errors: 1, warnings: 1 }, diagnostics: [warning, notFound] });
  });
});

describe('--format github', () => {
  it('writes one workflow command per diagnostic, with the rule as the title', () => {
    const lines = formatters.github([notFound, warning], context).trimEnd().split('\n');
    expect(lines).toEqual([
      '::warning file=manifests/m.yaml,line=4,col=11,title=description-too-short::one word',
      "::error file=manifests/m.yaml,line=5,col=16,title=operation-not-found::operation 'listItem' is not in openapi/a.yaml (did you mean 'listItems'?) (spec openapi/a.yaml:2:1)",
      'dta-mcp validate: 1 error(s), 1 warning(s)',
    ]);
  });

  it.each([
    ['data: %, CR and LF', escapeData('100% done\r\nnext: a,b'), '100%25 done%0D%0Anext: a,b'],
    ['properties: also : and ,', escapeProperty('a:b,c%\n'), 'a%3Ab%2Cc%25%0A'],
  ])('escapes %s', (_name, got, want) => {
    expect(got).toBe(want);
  });
});

describe('the formats from the command line', () => {
  let p: TempProject;
  beforeAll(() => {
    p = ruleProject('operation-not-found');
  });
  afterAll(() => p.remove());

  it('text: the located line, a code frame, exit 1, nothing on stderr', () => {
    const run = cli('validate', '--root', p.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain("manifests/operation-not-found.yaml:8:16 error [operation-not-found] operation 'listItem'");
    expect(run.stdout).toContain('  > 8 |     operation: listItem\n      |                ^\n');
    expect(run.stdout).toContain('  > 10 | paths:\n');
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('json: parseable, with the spec location', () => {
    const run = cli('validate', '--root', p.root, '--format', 'json');
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as { summary: object; diagnostics: Diagnostic[] };
    expect(report.summary).toEqual({ errors: 1, warnings: 0 });
    expect(report.diagnostics[0]).toMatchObject({
      ruleId: 'operation-not-found',
      severity: 'error',
      file: 'manifests/operation-not-found.yaml',
      line: 8,
      column: 16,
      specLocation: { file: 'openapi/rules-api.yaml', pointer: '#/paths', line: 10, column: 1 },
    });
  });

  it('github: an ::error annotation', () => {
    const run = cli('validate', '--root', p.root, '--format', 'github');
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^::error file=manifests\/operation-not-found.yaml,line=8,col=16,title=operation-not-found::operation 'listItem'/);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(STACK_TRACE);
  });

  it('an unknown format is a usage error (exit 2)', () => {
    const run = cli('validate', '--root', p.root, '--format', 'xml');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/Allowed choices are text, json, github/);
  });
});
