/** `validate` shows progress on a terminal and nothing elsewhere. */
import { describe, expect, it } from 'vitest';
import { terminalProgress } from '../../cli/progress.ts';
import { validate } from '../../generator/validate.ts';
import { REPO } from '../generator/project.ts';

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { written, isTTY, columns: 80, write: (text: string) => written.push(text) > 0 };
}

describe('validate progress', () => {
  it('draws progress on a TTY and clears it when done', async () => {
    const tty = stream(true);
    const diagnostics = await validate({ root: REPO, progress: terminalProgress(tty, { intervalMs: 0 }) });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(tty.written.join('')).toMatch(/dta-mcp: .*\d+\/\d+/);
  });

  it('writes nothing when the stream is not a TTY', async () => {
    const pipe = stream(false);
    await validate({ root: REPO, progress: terminalProgress(pipe) });
    expect(pipe.written).toEqual([]);
  });
});
