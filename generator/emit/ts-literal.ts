/**
 * Safe TypeScript text for names and strings that come from specs and manifests. A spec
 * is input like any other: a parameter named `x'\nprocess.exit()//` must stay a string,
 * never become code. Line terminators and other control characters are escaped.
 */

const UNSAFE = /[\\'\u0000-\u001f\u007f\u2028\u2029]/g;

/** A single-quoted string literal. */
export function tsString(text: string): string {
  return `'${text.replace(UNSAFE, (c) => (c === '\\' ? '\\\\' : c === "'" ? "\\'" : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`))}'`;
}

/** An object key: bare when it is an identifier, quoted otherwise. */
export function tsPropertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : tsString(name);
}

/** Text for a `//` line comment: no line terminators. */
export function lineCommentText(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]/g, ' ');
}
