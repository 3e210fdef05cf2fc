/**
 * `generated/<api>.d.ts`: openapi-typescript's `paths`/`components` types for the
 * operations the tools call (the spec pruned in memory, see prune.ts); a multi-file
 * spec is read from its file so relative-file `$ref`s resolve.
 * @see https://openapi-ts.dev/node
 */
import { pathToFileURL } from 'node:url';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { diagnostic } from '../diagnostics.ts';
import { ManifestError } from '../errors.ts';
import { pruneSpec } from '../openapi/prune.ts';
import type { ApiSpec } from '../openapi/spec.ts';
import type { ApiPlan } from '../plan/types.ts';
import { doNotEdit } from './view-models.ts';

/** @throws ManifestError (rule `spec-types-failed`) when openapi-typescript rejects the spec */
export async function renderApiTypes(api: ApiPlan, spec?: ApiSpec, operations: ReadonlyArray<{ method: string; path: string }> = []): Promise<string> {
  try {
    const pruned = spec ? pruneSpec(spec, operations) : undefined;
    // defaultNonNullable off: a component with defaults that a request body uses (GitHub's
    // ruleset bypass actors) must keep those properties optional, or arguments the model
    // may omit fail the type-check.
    const ast = await openapiTS(pruned ? (pruned as unknown as OpenAPI3) : pathToFileURL(api.specPath), { silent: true, defaultNonNullable: false });
    return `${doNotEdit(api.specFile)}\n\n${astToString(ast)}`;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    const found = diagnostic('spec-types-failed', { file: api.specFile, line: 1, column: 1 }, `openapi-typescript could not read the spec: ${reason}`);
    throw new ManifestError([found], `types for API '${api.name}' could not be generated`);
  }
}
