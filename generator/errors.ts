/**
 * Typed generator errors. Each carries every diagnostic found, so a caller (the CLI,
 * `serve --watch`, a test) can print them all; classify by `code`, never by message.
 */
import { DtaError } from '../runtime/errors.ts';
import { formatDiagnostics, type Diagnostic } from './diagnostics.ts';

export abstract class DiagnosticsError extends DtaError {
  constructor(
    readonly diagnostics: readonly Diagnostic[],
    summary: string,
  ) {
    super(`${summary}\n${formatDiagnostics(diagnostics)}`);
  }
}

/** Manifests or the specs they reference are invalid (YAML, schema, cross-check). */
export class ManifestError extends DiagnosticsError {
  readonly code = 'manifest_invalid';
}

/** The emitted TypeScript does not type-check; diagnostics point at manifest lines. */
export class GeneratedTypeError extends DiagnosticsError {
  readonly code = 'generated_type_error';
}

/** The project layout is unusable (no manifests/ directory, unreadable root). */
export class ProjectError extends DtaError {
  readonly code = 'project_invalid';
}
