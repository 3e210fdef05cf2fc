/** One failure reporter, one exit-code table: what each kind of failure prints and returns. */
import { describe, expect, it } from 'vitest';
import { EXIT, reportFailure } from '../../cli/fail.ts';
import { diagnostic } from '../../generator/diagnostics.ts';
import { ManifestError, ProjectError } from '../../generator/errors.ts';
import { ConfigError } from '../../runtime/errors.ts';

function capture() {
  const out = { text: '', write: (chunk: string) => (out.text += chunk) };
  return out;
}

describe('reportFailure', () => {
  it.each([
    ['invalid manifests', new ManifestError([diagnostic('schema', { file: 'm.yaml', line: 2, column: 3 }, 'bad')], 'manifests are invalid'), EXIT.problems, /^m\.yaml:2:3 error \[schema\] bad\n1 error, 0 warnings: manifests are invalid\n$/],
    ['a bad config', new ConfigError('Invalid configuration:\n  - http.port: must be integer'), EXIT.problems, /^error: Invalid configuration:\n {2}- http\.port/],
    ['an unreadable project', new ProjectError('no manifests/ directory'), EXIT.usage, /^error: no manifests\/ directory\n$/],
    ['a port in use', Object.assign(new Error('listen EADDRINUSE 127.0.0.1:3000'), { code: 'EADDRINUSE' }), EXIT.problems, /^error: listen EADDRINUSE/],
  ])('%s: one clear message, no stack trace', (_name, error, code, printed) => {
    const out = capture();
    expect(reportFailure(error, out)).toBe(code);
    expect(out.text).toMatch(printed);
    expect(out.text).not.toMatch(/\n\s+at /);
  });

  it('a bug prints its stack and exits 2', () => {
    const out = capture();
    expect(reportFailure(new TypeError('x is undefined'), out)).toBe(2);
    expect(out.text).toMatch(/^internal error: TypeError: x is undefined\n\s+at /);
  });
});
