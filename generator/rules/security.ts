/**
 * `auth-without-security` / `security-without-auth` (warnings): the manifest's
 * `authType` should fit what the operation's `security` asks for. A token sent to an
 * operation that declares none is at best wasted and at worst leaked to an endpoint
 * that never expected it; `none` on an operation that requires credentials fails with
 * a 401 at call time. An empty requirement (`{}`) makes auth optional: either fits.
 * A spec with no security schemes at all is silent about auth, so nothing is inferred.
 * @see https://spec.openapis.org/oas/v3.1.0#security-requirement-object
 */
import { diagnostic, type Diagnostic } from '../diagnostics.ts';
import { child, type SpecPointer } from '../openapi/documents.ts';
import type { OperationRuleContext } from './context.ts';

type Security = { kind: 'none' | 'optional' | 'required'; at?: SpecPointer };

export function authFitsSecurity({ tool, op, spec, source, base }: OperationRuleContext): Diagnostic[] {
  const security = effectiveSecurity(op.ref.at, spec.root, (at) => spec.docs.at(at));
  const opName = op.ref.operationId ?? `${op.ref.method.toUpperCase()} ${op.ref.path}`;
  const at = source.locate([...base, 'authType']);
  // Located only when reported: on a large JSON spec a location costs a scan of the text.
  const specLocation = () => spec.docs.location(security.at ?? op.ref.at, { key: true });
  if (tool.authType !== 'none' && security.kind === 'none' && (security.at !== undefined || describesSecurity(spec))) {
    const declared = security.at ? 'declares no security (security: [])' : 'has no security requirement (none on the operation or the spec)';
    return [
      diagnostic(
        'auth-without-security',
        at,
        `tool '${tool.name}' sends credentials (authType: ${tool.authType}) but ${opName} ${declared}; use authType: none, or declare the operation's security in the spec`,
        { severity: 'warning', specLocation: specLocation() },
      ),
    ];
  }
  if (tool.authType === 'none' && security.kind === 'required') {
    return [
      diagnostic(
        'security-without-auth',
        at,
        `tool '${tool.name}' sends no credentials (authType: none) but ${opName} requires security; use authType service-account or user-token`,
        { severity: 'warning', specLocation: specLocation() },
      ),
    ];
  }
  return [];
}

/**
 * A spec that declares no security schemes says nothing about auth (GitHub's REST
 * description is one): the absence of `security` there is silence, not "public".
 */
function describesSecurity(spec: OperationRuleContext['spec']): boolean {
  const schemes = spec.docs.at(child(spec.root, 'components', 'securitySchemes'));
  return schemes !== null && typeof schemes === 'object' && Object.keys(schemes).length > 0;
}

/** The operation's `security`, else the spec's; and where it was declared. */
export function effectiveSecurity(opAt: SpecPointer, rootAt: SpecPointer, read: (at: SpecPointer) => unknown): Security {
  for (const at of [child(opAt, 'security'), child(rootAt, 'security')]) {
    const value = read(at);
    if (!Array.isArray(value)) continue;
    if (value.length === 0) return { kind: 'none', at };
    const optional = value.some((req) => req !== null && typeof req === 'object' && Object.keys(req).length === 0);
    return { kind: optional ? 'optional' : 'required', at };
  }
  return { kind: 'none' };
}
