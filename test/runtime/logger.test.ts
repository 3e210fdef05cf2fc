import { describe, expect, it } from 'vitest';
import { createLogger } from '../../runtime/observability/logger.ts';
import { logSink } from '../e2e/support.ts';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXZhbHVl';

function capture(): { lines: string[]; log: ReturnType<typeof createLogger> } {
  const sink = logSink();
  return { lines: sink.lines, log: createLogger({ level: 'debug', destination: sink.stream }) };
}

describe('log lines', () => {
  it('stay JSON and bounded when a field holds a 1 MB string', () => {
    const { lines, log } = capture();
    log.error({ err: 'x'.repeat(1024 * 1024), nested: { deep: ['y'.repeat(1024 * 1024)] } }, 'tool failed');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.length).toBeLessThan(10_000);
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'tool failed', err: expect.stringMatching(/^x+… \[\d+ more characters\]$/) });
  });

  it('stay bounded when the message itself is 1 MB', () => {
    const { lines, log } = capture();
    log.warn(`bad ${'z'.repeat(1024 * 1024)}`);
    expect(lines[0]!.length).toBeLessThan(10_000);
    expect(JSON.parse(lines[0]!).msg).toMatch(/^bad z+/);
  });

  it('carry no JWT or bearer credential in any string field, message or error', () => {
    const { lines, log } = capture();
    log.warn({ problems: `got ${JWT}`, detail: { text: 'Authorization: Bearer abcdefghijklmnopqrstuvwxyz' } }, `saw Bearer ${JWT}`);
    log.error({ err: new Error(`upstream said ${JWT}`) }, 'failed');
    const all = lines.join('\n');
    expect(all).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
    expect(all).not.toContain('abcdefghijklmnopqrstuvwxyz');
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['saw Bearer [REDACTED]', 'failed']);
  });

  it('still redact secret paths by name', () => {
    const { lines, log } = capture();
    log.info({ accessToken: 'plain-secret', user: 'alice' }, 'x');
    expect(JSON.parse(lines[0]!)).toMatchObject({ accessToken: '[REDACTED]', user: 'alice' });
  });
});
