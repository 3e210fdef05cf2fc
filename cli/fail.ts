/** One clear line on stderr for an expected failure; a stack trace only for real bugs. */
import { DtaError } from '../runtime/errors.ts';

export function reportFailure(error: unknown): number {
  if (error instanceof DtaError) {
    process.stderr.write(`dta-mcp: ${error.message}\n`);
    return 1;
  }
  if (error instanceof Error && 'code' in error && (error as { code?: unknown }).code === 'EADDRINUSE') {
    process.stderr.write(`dta-mcp: ${error.message}\n`);
    return 1;
  }
  process.stderr.write(`dta-mcp: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 2;
}
