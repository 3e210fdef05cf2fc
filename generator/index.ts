/** The generator's public API: what the CLI, `serve --watch` and tests call. */
export { analyze, type Analysis } from './analyze.ts';
export { generate, type GenerateOptions, type GenerateResult } from './generate.ts';
export { validate, type ValidateOptions } from './validate.ts';
export { formatDiagnostic, formatDiagnostics, hasErrors, type Diagnostic, type Severity, type SpecLocation } from './diagnostics.ts';
export { DiagnosticsError, GeneratedTypeError, ManifestError, ProjectError } from './errors.ts';
export { manifestSchemaPath } from './manifest/schema.ts';
