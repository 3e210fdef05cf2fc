/**
 * One manifest entry derived from one operation: a client-safe unique name, a
 * description from the summary/description, the authType from `--auth` or the
 * operation's security, and nothing else — the input schema and the annotations the
 * generator derives by default (from the parameters and body, and from the method)
 * are already right, so the entry leaves them out.
 */
import type { AuthType } from '../../runtime/tools/types.ts';
import type { ManifestTool } from '../manifest/types.ts';
import { child } from '../openapi/documents.ts';
import { closest } from '../did-you-mean.ts';
import { findOperation, listOperations, type OperationRef } from '../openapi/operations.ts';
import type { ApiSpec } from '../openapi/spec.ts';
import { describeOperation } from './describe.ts';
import { AddError } from './errors.ts';
import { TOOL_NAME, toolNameFor, uniqueName } from './tool-name.ts';

export interface EntryOptions {
  /** authType to write; inferred from the operation's security when absent. */
  auth?: AuthType;
  /** The tool name to use instead of the derived one (must be free). */
  name?: string;
  /** Set `api:` on the entry (when the file's `api:` is another API). */
  api?: string;
}

export interface DerivedEntry {
  tool: ManifestTool;
  operation: OperationRef;
}

export function deriveEntry(spec: ApiSpec, selector: string, options: EntryOptions, taken: ReadonlySet<string>): DerivedEntry {
  const ref = findOperation(spec, selector);
  if (!ref) {
    const similar = closest(selector, listOperations(spec).map((op) => op.operationId ?? `${op.method.toUpperCase()} ${op.path}`));
    const hint = similar.length > 0 ? ` (did you mean ${similar.map((s) => `'${s}'`).join(', ')}?)` : '';
    throw new AddError('add_operation_not_found', `operation '${selector}' is not in ${spec.file}${hint}`);
  }
  const op = spec.docs.at(ref.at) as { summary?: unknown; description?: unknown };
  checkBody(spec, ref);
  const name = options.name ?? uniqueName(toolNameFor(ref), taken);
  if (!TOOL_NAME.test(name)) throw new AddError('add_name_invalid', `tool name '${name}' is not client-safe: use 1-64 of a-z A-Z 0-9 _ -`);
  if (taken.has(name)) throw new AddError('add_name_invalid', `tool name '${name}' is already used in manifests/`);
  const describeFrom: Parameters<typeof describeOperation>[0] = { method: ref.method, path: ref.path };
  if (typeof op.summary === 'string') describeFrom.summary = op.summary;
  if (typeof op.description === 'string') describeFrom.description = op.description;
  const tool: ManifestTool = {
    name,
    description: describeOperation(describeFrom),
    authType: options.auth ?? inferAuthType(spec, ref),
    ...(options.api !== undefined ? { api: options.api } : {}),
    operation: ref.operationId ?? `${ref.method.toUpperCase()} ${ref.path}`,
  };
  return { tool, operation: ref };
}

/**
 * `none` when the operation needs no credentials (no security requirement, or an empty
 * `{}` one that makes auth optional); otherwise `user-token`: acting as the end user is
 * the safe default, `--auth service-account` says the server acts on its own behalf.
 * @see https://spec.openapis.org/oas/v3.1.0#security-requirement-object
 */
export function inferAuthType(spec: ApiSpec, ref: OperationRef): AuthType {
  const own = spec.docs.at(child(ref.at, 'security'));
  const requirements = Array.isArray(own) ? own : spec.docs.at(child(spec.root, 'security'));
  if (!Array.isArray(requirements) || requirements.length === 0) return 'none';
  const optional = requirements.some((r) => r !== null && typeof r === 'object' && Object.keys(r).length === 0);
  return optional ? 'none' : 'user-token';
}

/** The generator sends JSON bodies only; a text or binary upload cannot be expressed yet. */
function checkBody(spec: ApiSpec, ref: OperationRef): void {
  if (spec.docs.at(child(ref.at, 'requestBody')) === undefined) return;
  const body = spec.docs.deref(child(ref.at, 'requestBody')).value as { content?: Record<string, unknown> };
  const media = Object.keys(body.content ?? {});
  const json = media.some((m) => m === '*/*' || /^application\/([\w.-]+\+)?json(;.*)?$/.test(m));
  if (!json && media.length > 0) {
    const id = ref.operationId ?? `${ref.method.toUpperCase()} ${ref.path}`;
    throw new AddError('add_body_unsupported', `operation '${id}' takes a ${media.join(' or ')} request body; only JSON bodies are supported`);
  }
}
