/**
 * A thousand tools on the GitHub spec: validated in seconds, with progress counted on a
 * terminal and nothing written elsewhere. (The full generate, type-check included, runs
 * in `npm run bench`; see bench/README.md.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../generator/analyze.ts';
import { generate } from '../../generator/generate.ts';
import { terminalProgress, type ProgressStream } from '../../cli/progress.ts';
import type { TempProject } from '../generator/project.ts';
import { scaleProject } from './scale-project.ts';

function stream(isTTY: boolean): ProgressStream & { text: string } {
  const s = { isTTY, columns: 100, text: '', write: (chunk: string) => ((s.text += chunk), true) };
  return s;
}

describe('1,000 GitHub tools', () => {
  let p: TempProject;
  beforeAll(() => {
    p = scaleProject(1000);
  }, 60_000);
  afterAll(() => p.remove());

  it('validate finds no errors, counting the tools on a terminal', () => {
    const tty = stream(true);
    const progress = terminalProgress(tty, { intervalMs: 0 });
    const started = performance.now();
    const analysis = analyze(p.root, { progress });
    progress.done();
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(analysis.plan.tools).toHaveLength(1000);
    expect(analysis.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(tty.text).toContain('dta-mcp: checking tools 1/1000');
    expect(tty.text).toContain('dta-mcp: checking tools 1000/1000');
    expect(tty.text.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('generate (without the type-check) writes nothing to a stream that is not a TTY', async () => {
    const small = scaleProject(10);
    const pipe = stream(false);
    const result = await generate({ root: small.root, skipTypecheck: true, progress: terminalProgress(pipe) });
    small.remove();
    expect(result.files.filter((f) => f.startsWith('generated/tools/') && f.endsWith('.gen.ts'))).toHaveLength(10);
    expect(pipe.text).toBe('');
  }, 60_000);

  it('generate (without the type-check) renders all 1,000, showing its phases on a terminal and ending with a clean line', async () => {
    const tty = stream(true);
    const result = await generate({ root: p.root, skipTypecheck: true, progress: terminalProgress(tty, { intervalMs: 0 }) });
    expect(result.files.filter((f) => f.startsWith('generated/tools/') && f.endsWith('.gen.ts'))).toHaveLength(1000);
    expect(tty.text).toContain("dta-mcp: writing types for API 'github'");
    expect(tty.text).toContain('dta-mcp: rendering handlers 1000/1000');
    expect(tty.text.endsWith('\r\x1b[2K')).toBe(true);
  }, 60_000);
});
