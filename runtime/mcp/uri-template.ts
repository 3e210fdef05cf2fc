/**
 * The RFC 6570 subset resource templates use: simple `{var}` and reserved `{+var}`
 * expansion in the path, form-style query `{?a,b}` and continuation `{&c}` at the end.
 * Matching is the inverse the server needs for `resources/read`: query variables are
 * optional and may come in any order; a query key the template does not name is no match.
 * The SDK's UriTemplate requires every query variable, in order, so it cannot serve.
 * @see https://www.rfc-editor.org/rfc/rfc6570#section-3.2
 */

export interface ParsedTemplate {
  /** Every variable, in template order. */
  variables: string[];
  /** Variables of `{?...}` / `{&...}` (optional). */
  query: string[];
  /** Matches the part before `?`, one group per path variable, in `pathVariables` order. */
  path: RegExp;
  pathVariables: string[];
}

export class UriTemplateError extends Error {
  override name = 'UriTemplateError';
}

const EXPRESSION = /\{([^{}]*)\}/g;
const VARNAME = /^[A-Za-z0-9_]+$/;

/** @throws UriTemplateError for syntax this subset does not accept */
export function parseUriTemplate(template: string): ParsedTemplate {
  const variables: string[] = [];
  const query: string[] = [];
  const pathVariables: string[] = [];
  let pattern = '';
  let last = 0;
  let inQuery = false;
  for (const m of template.matchAll(EXPRESSION)) {
    const literal = template.slice(last, m.index);
    if (/[{}]/.test(literal)) throw new UriTemplateError(`unbalanced brace in '${template}'`);
    if (literal.includes('?')) throw new UriTemplateError(`'${template}' has a literal '?'; write query variables as '{?a,b}'`);
    if (inQuery && literal !== '') throw new UriTemplateError(`'${template}' has text after its query expression`);
    pattern += escape(literal);
    last = m.index + m[0].length;
    const body = m[1] ?? '';
    const operator = /^[+?&]/.test(body) ? (body[0] ?? '') : '';
    const names = body.slice(operator.length).split(',');
    for (const name of names) {
      if (!VARNAME.test(name)) throw new UriTemplateError(`'{${body}}' in '${template}': variables are letters, digits and '_' (operators: none, '+', '?', '&'; no modifiers)`);
      if (variables.includes(name)) throw new UriTemplateError(`variable '${name}' appears twice in '${template}'`);
      variables.push(name);
    }
    if (operator === '?' || operator === '&') {
      if (operator === '?' && inQuery) throw new UriTemplateError(`'${template}' has two '{?...}' expressions; continue with '{&...}'`);
      if (operator === '&' && !inQuery) throw new UriTemplateError(`'{&...}' in '${template}' needs a '{?...}' before it`);
      inQuery = true;
      query.push(...names);
      continue;
    }
    if (inQuery) throw new UriTemplateError(`'${template}' has a path expression after its query expression`);
    if (names.length > 1) throw new UriTemplateError(`'{${body}}' in '${template}': one variable per path expression`);
    pathVariables.push(...names);
    pattern += operator === '+' ? '([^?#]+)' : '([^/?#]+)';
  }
  const rest = template.slice(last);
  if (/[{}]/.test(rest)) throw new UriTemplateError(`unbalanced brace in '${template}'`);
  if (rest.includes('?')) throw new UriTemplateError(`'${template}' has a literal '?'; write query variables as '{?a,b}'`);
  if (inQuery && rest !== '') throw new UriTemplateError(`'${template}' has text after its query expression`);
  pattern += escape(rest);
  return { variables, query, path: new RegExp(`^${pattern}$`), pathVariables };
}

/** The variables of `uri` under `template`, or undefined when it does not match. */
export function matchUriTemplate(parsed: ParsedTemplate, uri: string): Record<string, string> | undefined {
  const q = uri.indexOf('?');
  const head = q >= 0 ? uri.slice(0, q) : uri;
  const m = parsed.path.exec(head);
  if (!m) return undefined;
  const out: Record<string, string> = {};
  try {
    parsed.pathVariables.forEach((name, i) => {
      out[name] = decodeURIComponent(m[i + 1] ?? '');
    });
  } catch {
    return undefined; // malformed percent-encoding
  }
  if (q >= 0) {
    if (parsed.query.length === 0) return undefined;
    for (const [key, value] of new URLSearchParams(uri.slice(q + 1))) {
      if (!parsed.query.includes(key) || key in out) return undefined;
      out[key] = value;
    }
  }
  return out;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
