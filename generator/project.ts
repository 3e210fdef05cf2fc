/**
 * The project layout every command works on: `manifests/`, `openapi/` and `generated/`
 * under one root (default: the current directory).
 */
import { existsSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { ProjectError } from './errors.ts';

export interface Project {
  root: string;
  manifestsDir: string;
  openapiDir: string;
  generatedDir: string;
  /** `abs` relative to the root, posix separators (what diagnostics print). */
  rel(abs: string): string;
}

export function openProject(root: string): Project {
  const abs = resolve(root);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) {
    throw new ProjectError(`project root ${abs} is not a directory`);
  }
  const manifestsDir = resolve(abs, 'manifests');
  if (!existsSync(manifestsDir)) {
    throw new ProjectError(`no manifests/ directory under ${abs} (use --root to point at the project)`);
  }
  return {
    root: abs,
    manifestsDir,
    openapiDir: resolve(abs, 'openapi'),
    generatedDir: resolve(abs, 'generated'),
    rel: (p) => relative(abs, p).split(sep).join('/'),
  };
}
