/**
 * Cross-check of one upstream tool against its spec, producing its plan: the operation
 * exists; every argument lands on a parameter or body field the operation has, of a
 * fitting type, never on a credential; every required parameter and body is supplied.
 * All problems are collected with the manifest line (and the spec location).
 */
import type { ToolDefinition } from '../../runtime/tools/types.ts';
import { diagnostic, type Diagnostic, type SourcePosition } from '../diagnostics.ts';
import { isCredentialParameter } from '../openapi/credentials.ts';
import { SpecParseError, SpecRefError, type SpecPointer } from '../openapi/documents.ts';
import { SchemaConverter } from '../openapi/json-schema.ts';
import { findOperation, operationDetails, type OperationDetails } from '../openapi/operations.ts';
import type { ApiSpec } from '../openapi/spec.ts';
import type { ManifestFile, ManifestTool } from '../manifest/types.ts';
import { checkOperationRules } from '../rules/operation-rules.ts';
import { operationNotFound } from '../rules/operation-not-found.ts';
import { acceptFor } from './accept.ts';
import { annotationsFor } from './annotations.ts';
import { applyPaging } from './paging.ts';
import { planConfirm } from './confirm.ts';
import { deriveInput, manifestInput, type InputParts } from './input.ts';
import { assembleInput, orderDefinition } from './definition.ts';
import { checkToolSchema, isValidSchema } from './schema-check.ts';
import { bodyShape, describeTarget, resolveTarget, sameTarget } from './targets.ts';
import { checkCompat, checkFixedValue } from './type-compat.ts';
import type { Binding, UpstreamPlan } from './types.ts';

/** Rule ids of a `$ref` that cannot be followed (refs outside the project are normally refused when the spec loads). */
const REF_RULES = { spec_ref_unresolved: 'spec-ref-unresolved', spec_ref_outside: 'spec-ref-outside' } as const satisfies Record<SpecRefError['code'], string>;

export function planUpstream(file: ManifestFile, tool: ManifestTool, index: number, spec: ApiSpec): { plan?: UpstreamPlan; diagnostics: Diagnostic[] } {
  const src = file.source;
  const base = ['tools', index] as const;
  const opAt = src.locate([...base, 'operation']);
  const selector = tool.operation ?? '';
  const ref = findOperation(spec, selector);
  if (!ref) return { diagnostics: [operationNotFound(spec, selector, opAt)] };
  try {
    return planOperation(file, tool, index, spec, operationDetails(spec, ref), opAt);
  } catch (error) {
    if (error instanceof SpecParseError) {
      // A file reached through a $ref is not well-formed: one error, pointing into it.
      const [first] = error.yaml.diagnostics;
      const specLocation = first ? { file: first.file, pointer: '#', line: first.line, column: first.column } : { file: error.yaml.file, pointer: '#' };
      return { diagnostics: [diagnostic('spec-invalid', opAt, `${error.message}${first ? `: ${first.message.replace(/^not valid JSON: /, '')}` : ''} (while reading operation '${selector}')`, { specLocation })] };
    }
    if (!(error instanceof SpecRefError)) throw error;
    return { diagnostics: [diagnostic(REF_RULES[error.code], opAt, `${error.message} (while reading operation '${selector}')`, { specLocation: spec.docs.location(error.at) })] };
  }
}

function planOperation(file: ManifestFile, tool: ManifestTool, index: number, spec: ApiSpec, op: OperationDetails, opAt: SourcePosition): { plan?: UpstreamPlan; diagnostics: Diagnostic[] } {
  const src = file.source;
  const base = ['tools', index] as const;
  const diagnostics: Diagnostic[] = [];
  const specLoc = (at: SpecPointer) => spec.docs.location(at);
  const converter = new SchemaConverter(spec, Object.keys(tool.input?.$defs ?? {}));
  const fixedTargets = Object.keys(tool.fixed ?? {}).flatMap((text) => {
    const r = resolveTarget(spec, op, text);
    return r.ok ? [r.target] : [];
  });
  const { parts: input, diagnostics: inputProblems } = tool.input
    ? manifestInput(tool.input, [...base, 'input'], src, spec, converter)
    : deriveInput(spec, op, converter, opAt, fixedTargets);
  diagnostics.push(...inputProblems);

  const bindings: Binding[] = [];
  /** Bindings already reported as wrong: they still count as supplying their target. */
  const attempted: Binding[] = [];
  const targetSchema = (at: SpecPointer) => {
    const scratch = new SchemaConverter(spec);
    const schema = scratch.convertInlined(at);
    return { schema, defs: scratch.defs() };
  };
  for (const arg of Object.keys(input.properties)) {
    const mapped = tool.map?.[arg];
    const at = mapped !== undefined ? src.locate([...base, 'map', arg]) : tool.input ? src.locate([...base, 'input', 'properties', arg], { key: true }) : opAt;
    const derived = mapped === undefined ? input.targets.get(arg) : undefined;
    if (derived) {
      bindings.push({ target: derived, argument: arg, at });
      continue;
    }
    const resolved = resolveTarget(spec, op, mapped ?? arg);
    if (!resolved.ok) {
      const extra = resolved.specAt ? { specLocation: specLoc(resolved.specAt) } : {};
      const how = mapped !== undefined ? `is mapped onto '${mapped}', but` : 'has no mapping, and';
      diagnostics.push(diagnostic(resolved.ruleId, at, `argument '${arg}' ${how} ${resolved.message}`, extra));
      continue;
    }
    if (resolved.param && isCredentialParameter(resolved.param, op)) {
      diagnostics.push(diagnostic('map-credential', at, `argument '${arg}' would set ${describeTarget(resolved.target)}, a credential; the runtime supplies credentials, never the model`, { specLocation: specLoc(resolved.param.at) }));
      continue;
    }
    // An invalid argument schema is reported once, by the final schema check.
    if (resolved.schemaAt && isValidSchema(input.properties[arg])) {
      const compat = checkCompat({ schema: input.properties[arg] ?? {}, defs: { ...input.defs, ...converter.defs() } }, targetSchema(resolved.schemaAt));
      if (!compat.ok) {
        diagnostics.push(diagnostic('map-type-mismatch', at, `argument '${arg}' does not fit ${describeTarget(resolved.target)}: ${compat.reason}`, { severity: compat.severity, specLocation: specLoc(resolved.schemaAt) }));
        if (compat.severity === 'error') {
          attempted.push({ target: resolved.target, argument: arg, at });
          continue;
        }
      }
    }
    bindings.push({ target: resolved.target, argument: arg, at });
    inheritDescription(input, arg, resolved.param?.description);
  }
  for (const arg of Object.keys(tool.map ?? {})) {
    if (!(arg in input.properties)) {
      diagnostics.push(diagnostic('map-unknown-argument', src.locate([...base, 'map', arg], { key: true }), `'map' names '${arg}', which is not an argument of tool '${tool.name}' (arguments: ${Object.keys(input.properties).join(', ') || 'none'})`));
    }
  }
  for (const [text, value] of Object.entries(tool.fixed ?? {})) {
    const at = src.locate([...base, 'fixed', text], { key: true });
    const resolved = resolveTarget(spec, op, text);
    if (!resolved.ok) {
      diagnostics.push(diagnostic(resolved.ruleId, at, `fixed value for '${text}': ${resolved.message}`));
      continue;
    }
    if (resolved.param && isCredentialParameter(resolved.param, op)) {
      diagnostics.push(diagnostic('fixed-credential', at, `a fixed value for ${describeTarget(resolved.target)} would put a credential in the manifest; configure credentials in the runtime`));
      continue;
    }
    if (resolved.schemaAt) {
      const compat = checkFixedValue(value, targetSchema(resolved.schemaAt));
      if (!compat.ok) diagnostics.push(diagnostic('map-type-mismatch', src.locate([...base, 'fixed', text]), `fixed value for ${describeTarget(resolved.target)}: ${compat.reason}`, { severity: compat.severity }));
    }
    bindings.push({ target: resolved.target, fixed: value, at });
  }
  diagnostics.push(...checkOperationRules({ tool, op, spec, source: src, base }));
  diagnostics.push(...checkDuplicates(bindings));
  diagnostics.push(...checkRequired(spec, op, [...bindings, ...attempted], input, opAt));

  const definition = buildDefinition(tool, spec, op, input, converter);
  const inputAt = tool.input ? (path: string[]) => src.locate([...base, 'input', ...path], { key: path.length === 0 }) : opAt;
  diagnostics.push(...checkToolSchema(definition.inputSchema, `input schema of tool '${tool.name}'`, inputAt));
  if (definition.outputSchema) diagnostics.push(...checkToolSchema(definition.outputSchema, `output schema of tool '${tool.name}'`, opAt));

  const credentials = op.parameters.filter((p) => p.required && isCredentialParameter(p, op)).map((p) => ({ kind: 'param' as const, in: p.in, name: p.name }));
  const plan: UpstreamPlan = {
    kind: 'upstream',
    name: tool.name,
    authType: tool.authType,
    definition,
    manifestFile: file.file,
    at: src.locate([...base, 'name']),
    api: spec.name,
    method: op.ref.method,
    path: op.ref.path,
    bindings,
    credentials,
  };
  if (tool.scopes !== undefined) plan.scopes = [...tool.scopes];
  diagnostics.push(...applyPaging(plan, tool, input, src.locate([...base, 'pagination'])));
  const confirm = planConfirm(tool, plan.definition);
  if (confirm) plan.confirm = confirm;
  if (op.ref.operationId !== undefined) plan.operationId = op.ref.operationId;
  if (op.responseKind !== 'json') plan.parseAs = op.responseKind === 'text' ? 'text' : 'blob';
  if (op.credentialPlacement && tool.authType !== 'none') plan.credential = op.credentialPlacement;
  const accept = acceptFor(op.responseMediaTypes);
  if (accept !== undefined) plan.accept = accept;
  return { plan, diagnostics };
}

function checkDuplicates(bindings: readonly Binding[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  bindings.forEach((b, i) => {
    const earlier = bindings.slice(0, i).find((o) => sameTarget(o.target, b.target) || (o.target.kind === 'body') !== (b.target.kind === 'body') && isBody(o) && isBody(b));
    if (earlier) out.push(diagnostic('map-duplicate-target', b.at, `${describeTarget(b.target)} is already set by ${earlier.argument !== undefined ? `argument '${earlier.argument}'` : 'a fixed value'} (${earlier.at.line}:${earlier.at.column})`));
  });
  return out;
}

function isBody(b: Binding): boolean {
  return b.target.kind === 'body' || b.target.kind === 'body-field';
}

function checkRequired(spec: ApiSpec, op: OperationDetails, bindings: readonly Binding[], input: InputParts, opAt: SourcePosition): Diagnostic[] {
  const out: Diagnostic[] = [];
  const optional = (b: Binding) => b.argument !== undefined && !input.required.includes(b.argument);
  for (const param of op.parameters) {
    if (!param.required || isCredentialParameter(param, op)) continue;
    const target = { kind: 'param', in: param.in, name: param.name } as const;
    const bound = bindings.find((b) => sameTarget(b.target, target));
    if (!bound) {
      out.push(diagnostic('required-param-missing', opAt, `the operation requires ${describeTarget(target)}; add an argument named '${param.name}', or map or fix a value onto it`, { specLocation: spec.docs.location(param.at) }));
    } else if (optional(bound)) {
      out.push(diagnostic('required-arg-optional', bound.at, `argument '${bound.argument}' feeds the required ${describeTarget(target)} but is optional; list it in input.required`));
    }
  }
  if (op.body?.required) {
    const whole = bindings.find((b) => b.target.kind === 'body');
    const fields = bindings.filter((b) => b.target.kind === 'body-field');
    if (whole && optional(whole)) {
      out.push(diagnostic('required-arg-optional', whole.at, `argument '${whole.argument}' is the required request body but is optional; list it in input.required`));
    } else if (!whole && fields.length === 0) {
      out.push(diagnostic('required-body-missing', opAt, `the operation requires a JSON request body; map an argument onto 'body' or onto body fields`, { specLocation: spec.docs.location(op.body.at) }));
    } else if (!whole) {
      for (const field of bodyShape(spec, op)?.required ?? []) {
        const bound = fields.find((b) => b.target.kind === 'body-field' && b.target.field === field);
        if (!bound) out.push(diagnostic('required-param-missing', opAt, `the request body requires field '${field}'; add an argument for it or map one onto 'body.${field}'`, { specLocation: spec.docs.location(op.body.at) }));
        else if (optional(bound)) out.push(diagnostic('required-arg-optional', bound.at, `argument '${bound.argument}' feeds required body field '${field}' but is optional; list it in input.required`));
      }
    }
  }
  return out;
}

function buildDefinition(tool: ManifestTool, spec: ApiSpec, op: OperationDetails, input: InputParts, converter: SchemaConverter): ToolDefinition {
  const definition: ToolDefinition = { name: tool.name, description: tool.description, inputSchema: assembleInput(input, converter.defs()) };
  if (tool.title !== undefined) definition.title = tool.title;
  if (op.responseSchemaAt && tool.outputSchema !== false) {
    const out = new SchemaConverter(spec);
    const schema = out.convertInlined(op.responseSchemaAt);
    const defs = out.defs();
    if (typeof schema === 'object' && (schema.type === 'object' || (schema.type === undefined && schema.properties !== undefined))) {
      definition.outputSchema = { ...schema, type: 'object', ...(Object.keys(defs).length > 0 ? { $defs: defs } : {}) };
    }
  }
  const annotations = annotationsFor(op.ref.method, tool.annotations);
  if (annotations) definition.annotations = annotations;
  return orderDefinition(definition);
}

/** An argument without a description of its own takes the parameter's. */
function inheritDescription(input: InputParts, arg: string, description: string | undefined): void {
  const schema = input.properties[arg];
  if (description === undefined || typeof schema !== 'object' || schema.description !== undefined) return;
  input.properties[arg] = { ...schema, description };
}
