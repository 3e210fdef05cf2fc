/** Progress: one rewritten line on a terminal, nothing at all elsewhere. */
import { describe, expect, it } from 'vitest';
import { silentProgress } from '../../generator/progress.ts';
import { terminalProgress, type ProgressStream } from '../../cli/progress.ts';

function stream(isTTY: boolean): ProgressStream & { text: string } {
  const s = { isTTY, columns: 60, text: '', write: (chunk: string) => ((s.text += chunk), true) };
  return s;
}

describe('terminalProgress', () => {
  it('is silent when the stream is not a TTY', () => {
    const s = stream(false);
    const progress = terminalProgress(s);
    expect(progress).toBe(silentProgress);
    progress.phase('checking tools', 3);
    progress.tick();
    progress.done();
    expect(s.text).toBe('');
  });

  it('draws each phase, throttles ticks, always draws the last one, and clears the line when done', () => {
    const s = stream(true);
    let now = 0;
    const progress = terminalProgress(s, { intervalMs: 100, now: () => now });
    progress.phase('checking tools', 3);
    progress.tick(); // 0 ms since the phase was drawn: skipped
    now = 150;
    progress.tick(); // drawn
    progress.tick(); // the last: drawn
    progress.phase('type-checking');
    progress.done();
    expect(s.text.split('\r\x1b[2K')).toEqual(['', 'dta-mcp: checking tools 0/3', 'dta-mcp: checking tools 2/3', 'dta-mcp: checking tools 3/3', 'dta-mcp: type-checking', '']);
  });

  it('fits the line to the terminal width', () => {
    const s = stream(true);
    terminalProgress(s).phase('x'.repeat(200));
    expect(s.text.length).toBe('\r\x1b[2K'.length + 59);
  });

  it('writes nothing on done when nothing was drawn', () => {
    const s = stream(true);
    terminalProgress(s).done();
    expect(s.text).toBe('');
  });
});
