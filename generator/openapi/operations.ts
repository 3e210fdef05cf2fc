/**
 * Operations of an API: lookup by operationId or `"METHOD /path"`, and the parts a tool
 * needs — parameters (path-item and operation level merged), the JSON request body,
 * the 2xx JSON response and the apiKey credentials its security asks for.
 * @see https://spec.openapis.org/oas/v3.1.0#operation-object
 */
import { child, type SpecPointer } from './documents.ts';
import type { ApiSpec } from './spec.ts';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type ParamLocation = 'path' | 'query' | 'header' | 'cookie';

export interface OperationRef {
  method: HttpMethod;
  path: string;
  operationId?: string;
  at: SpecPointer;
  pathItemAt: SpecPointer;
}

export interface OperationParameter {
  name: string;
  in: ParamLocation;
  required: boolean;
  description?: string;
  /** The parameter's schema (may itself be a `$ref`). */
  schemaAt?: SpecPointer;
  at: SpecPointer;
}

export interface OperationBody {
  required: boolean;
  mediaType: string;
  schemaAt?: SpecPointer;
  at: SpecPointer;
}

export interface OperationDetails {
  ref: OperationRef;
  summary?: string;
  description?: string;
  parameters: OperationParameter[];
  body?: OperationBody;
  /** Schema of the first 2xx JSON response. */
  responseSchemaAt?: SpecPointer;
  /** What a success body is: JSON (parsed), text, or binary (never shown to the model). */
  responseKind: ResponseKind;
  /** Every media type a 2xx response declares, in spec order, without duplicates. */
  responseMediaTypes: string[];
  /** apiKey credentials the operation's security requires (never tool inputs). */
  apiKeyParams: Array<{ in: ParamLocation; name: string }>;
  /**
   * Where the credential goes when the operation's first security requirement is an
   * apiKey scheme (e.g. header X-API-Key); absent: `Authorization: Bearer`.
   */
  credentialPlacement?: { in: ParamLocation; name: string };
}

/** Operations are listed once per loaded spec: a 1,000-tool project looks up 1,000 times. */
const listed = new WeakMap<ApiSpec, { all: OperationRef[]; byKey: Map<string, OperationRef> }>();

export type ResponseKind = 'json' | 'text' | 'binary';

export function listOperations(spec: ApiSpec): OperationRef[] {
  return operationIndex(spec).all;
}

function operationIndex(spec: ApiSpec): { all: OperationRef[]; byKey: Map<string, OperationRef> } {
  const cached = listed.get(spec);
  if (cached) return cached;
  const all = scanOperations(spec);
  const byKey = new Map<string, OperationRef>();
  for (const op of all) {
    byKey.set(`${op.method} ${op.path}`, op);
    if (op.operationId !== undefined && !byKey.has(op.operationId)) byKey.set(op.operationId, op);
  }
  const index = { all, byKey };
  listed.set(spec, index);
  return index;
}

function scanOperations(spec: ApiSpec): OperationRef[] {
  const out: OperationRef[] = [];
  const paths = spec.docs.at(child(spec.root, 'paths')) as Record<string, unknown> | undefined;
  for (const path of Object.keys(paths ?? {})) {
    let itemAt = child(spec.root, 'paths', path);
    itemAt = spec.docs.deref(itemAt).at;
    const item = spec.docs.at(itemAt) as Record<string, unknown>;
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (op === null || typeof op !== 'object') continue;
      const operationId = (op as { operationId?: unknown }).operationId;
      const ref: OperationRef = { method, path, at: child(itemAt, method), pathItemAt: itemAt };
      if (typeof operationId === 'string') ref.operationId = operationId;
      out.push(ref);
    }
  }
  return out;
}

/** `getUserActivity` or `GET /user/activity` (method case-insensitive). */
export function findOperation(spec: ApiSpec, selector: string): OperationRef | undefined {
  const { byKey } = operationIndex(spec);
  const m = /^([A-Za-z]+)\s+(\/\S*)$/.exec(selector.trim());
  if (m) return byKey.get(`${m[1]?.toLowerCase()} ${m[2]}`);
  return byKey.get(selector);
}

/** Close operationIds for a "did you mean" hint. */
export function similarOperations(spec: ApiSpec, selector: string): string[] {
  const needle = selector.toLowerCase();
  return listOperations(spec)
    .map((op) => op.operationId ?? `${op.method.toUpperCase()} ${op.path}`)
    .filter((id) => {
      const hay = id.toLowerCase();
      return hay.includes(needle) || needle.includes(hay) || sharedPrefix(hay, needle) >= 4;
    })
    .slice(0, 3);
}

export function operationDetails(spec: ApiSpec, ref: OperationRef): OperationDetails {
  const op = spec.docs.at(ref.at) as Record<string, unknown>;
  const details: OperationDetails = {
    ref,
    parameters: mergeParameters(spec, ref),
    apiKeyParams: apiKeyParams(spec, op),
    responseKind: responseKind(spec, ref),
    responseMediaTypes: successMediaTypes(spec, ref),
  };
  const placement = credentialPlacement(spec, op);
  if (placement) details.credentialPlacement = placement;
  if (typeof op.summary === 'string') details.summary = op.summary;
  if (typeof op.description === 'string') details.description = op.description;
  const body = requestBody(spec, ref);
  if (body) details.body = body;
  const response = responseSchema(spec, ref);
  if (response) details.responseSchemaAt = response;
  return details;
}

function mergeParameters(spec: ApiSpec, ref: OperationRef): OperationParameter[] {
  const byKey = new Map<string, OperationParameter>();
  for (const listAt of [child(ref.pathItemAt, 'parameters'), child(ref.at, 'parameters')]) {
    const list = spec.docs.at(listAt);
    if (!Array.isArray(list)) continue;
    list.forEach((_, i) => {
      const { value, at } = spec.docs.deref(child(listAt, i));
      const p = value as Record<string, unknown>;
      if (typeof p.name !== 'string' || !isLocation(p.in)) return;
      const param: OperationParameter = { name: p.name, in: p.in, required: p.in === 'path' || p.required === true, at };
      if (typeof p.description === 'string') param.description = p.description;
      if (p.schema !== undefined) param.schemaAt = child(at, 'schema');
      else if (p.content && typeof p.content === 'object') {
        const media = Object.keys(p.content)[0];
        if (media !== undefined) param.schemaAt = child(at, 'content', media, 'schema');
      }
      byKey.set(`${p.in}:${p.name}`, param);
    });
  }
  return [...byKey.values()];
}

function requestBody(spec: ApiSpec, ref: OperationRef): OperationBody | undefined {
  const raw = spec.docs.at(child(ref.at, 'requestBody'));
  if (raw === undefined) return undefined;
  const { value, at } = spec.docs.deref(child(ref.at, 'requestBody'));
  const body = value as { required?: unknown; content?: Record<string, { schema?: unknown }> };
  const mediaType = pickJson(Object.keys(body.content ?? {}));
  if (mediaType === undefined) return undefined;
  const out: OperationBody = { required: body.required === true, mediaType, at };
  if (body.content?.[mediaType]?.schema !== undefined) out.schemaAt = child(at, 'content', mediaType, 'schema');
  return out;
}

function responseSchema(spec: ApiSpec, ref: OperationRef): SpecPointer | undefined {
  const responses = spec.docs.at(child(ref.at, 'responses')) as Record<string, unknown> | undefined;
  const codes = Object.keys(responses ?? {})
    .filter((code) => /^2(\d\d|XX)$/i.test(code))
    .sort();
  for (const code of codes) {
    const { value, at } = spec.docs.deref(child(ref.at, 'responses', code));
    const content = (value as { content?: Record<string, { schema?: unknown }> }).content ?? {};
    const media = pickJson(Object.keys(content));
    if (media !== undefined && content[media]?.schema !== undefined) return child(at, 'content', media, 'schema');
  }
  return undefined;
}

/**
 * JSON when any 2xx response has a JSON body (or none has a body: 204s parse as empty);
 * text for `text/*` and XML; binary otherwise — and for an operation that only
 * redirects (3xx, e.g. an archive download), whose followed body the spec cannot say.
 */
function responseKind(spec: ApiSpec, ref: OperationRef): ResponseKind {
  const responses = (spec.docs.at(child(ref.at, 'responses')) ?? {}) as Record<string, unknown>;
  const codes = Object.keys(responses);
  const success = codes.filter((code) => /^2(\d\d|XX)$/i.test(code));
  const media = success.flatMap((code) => Object.keys((spec.docs.deref(child(ref.at, 'responses', code)).value as { content?: object }).content ?? {}));
  if (media.length === 0) return success.length === 0 && codes.some((code) => /^3(\d\d|XX)$/i.test(code)) ? 'binary' : 'json';
  if (pickJson(media) !== undefined) return 'json';
  return media.some((m) => /^text\/|^application\/([\w.-]+\+)?xml\b/.test(m)) ? 'text' : 'binary';
}

function successMediaTypes(spec: ApiSpec, ref: OperationRef): string[] {
  const responses = (spec.docs.at(child(ref.at, 'responses')) ?? {}) as Record<string, unknown>;
  const codes = Object.keys(responses).filter((code) => /^2(\d\d|XX)$/i.test(code)).sort();
  const media = codes.flatMap((code) => Object.keys((spec.docs.deref(child(ref.at, 'responses', code)).value as { content?: object }).content ?? {}));
  return [...new Set(media)];
}

/**
 * The first non-empty security requirement decides where the credential goes: an apiKey
 * scheme names its header, query parameter or cookie; oauth2, openIdConnect and http
 * bearer all mean `Authorization: Bearer` (the runtime's default, so undefined here).
 * @see https://spec.openapis.org/oas/v3.1.0#security-requirement-object
 */
function credentialPlacement(spec: ApiSpec, op: Record<string, unknown>): { in: ParamLocation; name: string } | undefined {
  const rootValue = spec.docs.at(spec.root) as { security?: unknown };
  const requirements = (Array.isArray(op.security) ? op.security : rootValue.security) as unknown[] | undefined;
  const first = (requirements ?? []).find((req) => req !== null && typeof req === 'object' && Object.keys(req).length > 0);
  const schemeName = first ? Object.keys(first as object)[0] : undefined;
  if (schemeName === undefined) return undefined;
  const schemesAt = child(spec.root, 'components', 'securitySchemes');
  const schemes = (spec.docs.at(schemesAt) ?? {}) as Record<string, unknown>;
  if (!(schemeName in schemes)) return undefined;
  const scheme = spec.docs.deref(child(schemesAt, schemeName)).value as { type?: unknown; in?: unknown; name?: unknown };
  if (scheme.type !== 'apiKey' || !isLocation(scheme.in) || typeof scheme.name !== 'string') return undefined;
  return { in: scheme.in, name: scheme.name };
}

/** @see https://spec.openapis.org/oas/v3.1.0#security-scheme-object (type apiKey) */
function apiKeyParams(spec: ApiSpec, op: Record<string, unknown>): Array<{ in: ParamLocation; name: string }> {
  const rootValue = spec.docs.at(spec.root) as { security?: unknown };
  const requirements = (Array.isArray(op.security) ? op.security : rootValue.security) as unknown[] | undefined;
  const schemes = (spec.docs.at(child(spec.root, 'components', 'securitySchemes')) ?? {}) as Record<string, unknown>;
  const out: Array<{ in: ParamLocation; name: string }> = [];
  // Every apiKey scheme counts, required here or not: a credential is never an input.
  const names = new Set<string>(Object.keys(schemes));
  for (const req of requirements ?? []) for (const name of Object.keys((req ?? {}) as object)) names.add(name);
  for (const name of [...names].sort()) {
    if (!(name in schemes)) continue;
    const { value } = spec.docs.deref(child(spec.root, 'components', 'securitySchemes', name));
    const scheme = value as { type?: unknown; in?: unknown; name?: unknown };
    if (scheme.type === 'apiKey' && isLocation(scheme.in) && typeof scheme.name === 'string') {
      out.push({ in: scheme.in, name: scheme.name });
    }
  }
  return out;
}

function pickJson(mediaTypes: readonly string[]): string | undefined {
  return (
    mediaTypes.find((m) => m === 'application/json') ??
    mediaTypes.find((m) => /^application\/([\w.-]+\+)?json(;.*)?$/.test(m)) ??
    mediaTypes.find((m) => m === '*/*')
  );
}

function isLocation(x: unknown): x is ParamLocation {
  return x === 'path' || x === 'query' || x === 'header' || x === 'cookie';
}

function sharedPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
