/** What the model sees for non-JSON success bodies. */
import { describe, expect, it } from 'vitest';
import { successResult } from '../../runtime/mcp/results.ts';

describe('successResult for non-JSON bodies', () => {
  it('passes text (parseAs text) through as text content', () => {
    expect(successResult('<p>hi</p>', { structured: false })).toEqual({ content: [{ type: 'text', text: '<p>hi</p>' }] });
  });

  // A blob tool has no outputSchema (its response is not JSON), so nothing is structured.
  it('describes a binary body (parseAs blob) by size and type, never its bytes', () => {
    const blob = new Blob([new Uint8Array([0x1f, 0x8b, 0x08, 0x00])], { type: 'application/x-gzip' });
    expect(successResult(blob, { structured: false })).toEqual({ content: [{ type: 'text', text: '(binary content: 4 bytes of application/x-gzip; not shown)' }] });
  });
});
