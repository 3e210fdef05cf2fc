/**
 * `generated/<api>.d.ts`: openapi-typescript's `paths`/`components` types for one API,
 * read from the spec file so relative-file `$ref`s resolve.
 * @see https://openapi-ts.dev/node
 */
import { pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import type { ApiPlan } from '../plan/types.ts';
import { doNotEdit } from './view-models.ts';

export async function renderApiTypes(api: ApiPlan): Promise<string> {
  const ast = await openapiTS(pathToFileURL(api.specPath), { silent: true });
  return `${doNotEdit(api.specFile)}\n\n${astToString(ast)}`;
}
